/**
 * Practice mode end to end in Debian's Chromium against real browser mode: practise with a
 * generated recording (speech, a short pause, a long pause, speech) fed at real-time pace
 * through the live pipeline and the real engine; the tone meter and the analysed time move;
 * stop; the report opens with tone-coloured regions on the waveform; the session is in the
 * history. Screenshots in test-results/screenshots.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { useBrowserPage } from '../helpers/browser-page.ts';
import { screenshot } from '../helpers/chromium.ts';
import { browserSuiteSkipReason } from '../helpers/programs.ts';
import { serve } from '../helpers/serve.ts';
import type { ServedApp } from '../helpers/serve.ts';

const run = promisify(execFile);

const skipReason = browserSuiteSkipReason('practice e2e tests');

/** speech · 0.6 s · speech · 3 s · speech, at 16 kHz mono: about 12 s. */
async function makeTalk(dir: string): Promise<string> {
  const parts: string[] = [];
  const sentences = [
    'Good morning everyone, thank you for coming today.',
    'I want to tell you about our results this year.',
    'We grew faster than ever, and I am proud of this team.',
  ];
  for (const [i, sentence] of sentences.entries()) {
    const raw = path.join(dir, `s${i}.wav`);
    await run('espeak-ng', ['-v', 'en+m3', '-s', '160', '-w', raw, sentence]);
    const resampled = path.join(dir, `s${i}-16k.wav`);
    await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', resampled]);
    parts.push(resampled);
  }
  const silence = async (name: string, seconds: number) => {
    const file = path.join(dir, name);
    await run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'trim', '0', String(seconds)]);
    return file;
  };
  const talk = path.join(dir, 'talk.wav');
  await run('sox', [parts[0], await silence('gap-short.wav', 0.6), parts[1], await silence('gap-long.wav', 3), parts[2], talk]);
  return talk;
}

describe('practice mode in the browser', { skip: skipReason }, () => {
  let root: string;
  let talk: string;
  let app: ServedApp;
  const session = useBrowserPage(async () => {
    await app?.stop();
    await rm(root, { recursive: true, force: true });
  });

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ser-e2e-practice-'));
    talk = await makeTalk(root);
    app = await serve({ workspace: path.join(root, 'workspace'), settingsDir: path.join(root, 'settings'), home: root });
  });

  it('practises with a file: the meter and timeline move, stop opens the report with tone regions', async () => {
    await session.page.goto(app.url);
    await session.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Practice' }).click();
    await session.page.getByRole('radio', { name: 'Practice with a file' }).check();
    await session.page.getByRole('textbox', { name: 'Audio file path' }).fill(talk);
    await screenshot(session.page, 'practice-setup');
    await session.page.getByRole('button', { name: /^Start practis/ }).click();

    // The analysed time advances and the meter shows a tone once speech has been heard.
    const elapsed = session.page.getByLabel('Speech time analysed');
    await elapsed.waitFor();
    const meterWord = session.page.locator('.meter .big');
    await meterWord.filter({ hasNotText: /Listening|Starting/ }).waitFor();
    const firstTime = await elapsed.textContent();
    const firstWord = await meterWord.textContent();
    await session.page.waitForTimeout(1500);
    const laterTime = await elapsed.textContent();
    assert.notEqual(laterTime, firstTime, 'the analysed time moves');
    assert.ok(firstWord && firstWord.trim().length > 0);
    await session.page.waitForTimeout(3000);
    await screenshot(session.page, 'practice-running');
    await session.page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(session.page, 'practice-running-1920');
    await session.page.setViewportSize({ width: 1280, height: 720 });

    await session.page.getByRole('button', { name: /Stop and save/ }).click();
    await session.page.getByRole('heading', { name: 'Time per tone' }).waitFor();
    await session.page.getByRole('heading', { name: 'Moments worth replaying' }).waitFor();
    // Tone-coloured regions are drawn on the recording's waveform (inside wavesurfer's shadow DOM).
    await session.page.locator('[part~="region"]').first().waitFor({ state: 'attached' });
    assert.ok((await session.page.locator('[part~="region"]').count()) >= 1);
    await screenshot(session.page, 'practice-report');
  });

  it('lists the saved session in the history', async () => {
    await session.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sessions' }).click();
    await screenshot(session.page, 'sessions-history');
    const rows = session.page.getByRole('table').last().getByRole('row');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2, 'a header and the one saved session');
  });

  it('offers the recorder’s input devices in Settings', async () => {
    await session.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const microphone = session.page.getByRole('combobox', { name: 'Practice mode records from' });
    await microphone.waitFor();
    assert.equal(await microphone.inputValue(), '', 'the system default input until one is chosen');
    assert.ok((await microphone.locator('option').allTextContents()).includes('System default input'));
    await screenshot(session.page, 'settings');
  });
});
