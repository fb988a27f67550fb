/**
 * The annotator's flow end to end in Debian's Chromium against real browser mode
 * (`ser serve`, a real workspace, the real engine): import a generated corpus through the
 * folder browser, label five clips with the keyboard only, undo one, kill the back end
 * with SIGKILL, restart it and find the labels; open a 1-hour recording and see its
 * waveform; requests without the token are refused. Screenshots of each view are saved in
 * test-results/screenshots.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { WorkspaceStore } from '../../electron/services/workspace/store.ts';
import { useBrowserPage } from '../helpers/browser-page.ts';
import { screenshot } from '../helpers/chromium.ts';
import { makeEspeakCorpus } from '../helpers/espeak-corpus.ts';
import { importFolderFromLibrary } from '../helpers/library-import.ts';
import { LABELS_AFTER_FLOW, labelFiveByKeyboard, libraryLabels } from '../helpers/labeling-flow.ts';
import { browserSuiteSkipReason } from '../helpers/programs.ts';
import { serve } from '../helpers/serve.ts';
import type { ServedApp } from '../helpers/serve.ts';

const run = promisify(execFile);
const ANNOTATOR = 'e2e-annotator';

const skipReason = browserSuiteSkipReason('browser e2e tests');

describe('labelling in the browser', { skip: skipReason }, () => {
  let root: string;
  let workspace: string;
  let app: ServedApp;
  const session = useBrowserPage(async () => {
    await app?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function start(): Promise<ServedApp> {
    return serve({ workspace, settingsDir: path.join(root, 'settings'), home: root });
  }

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ser-e2e-'));
    workspace = path.join(root, 'workspace');
    const corpus = path.join(root, 'corpus');
    await makeEspeakCorpus(corpus, { speakers: 2, sentences: 2, labels: ['neutral', 'happy', 'sad'] });
    await writeFile(path.join(corpus, 'sad', 'broken.wav'), 'not audio at all');
    // One hour of a tone whose loudness swells every 20 s, so the waveform has a shape.
    const long = path.join(root, 'long', 'neutral');
    await mkdir(long, { recursive: true });
    await run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', path.join(long, 'one-hour.wav'), 'synth', '3600', 'sine', '220', 'tremolo', '0.05', '90', 'vol', '0.5']);
    app = await start();
  });

  it('imports a generated corpus through the folder browser and lists the broken file', async () => {
    await session.page.goto(app.url);
    assert.equal(new URL(session.page.url()).searchParams.get('token'), null, 'the token leaves the address bar');
    await session.page.getByRole('heading', { name: 'Library' }).waitFor();
    await importFolderFromLibrary(session.page, path.join(root, 'corpus'));
    const problems = session.page.getByRole('region', { name: 'Import problems' });
    try {
      await problems.getByText('broken.wav').waitFor({ timeout: 20_000 });
    } catch (error) {
      await screenshot(session.page, 'FAILED-import-problems');
      throw new Error(`${String(error)}\nserver output:\n${app.output()}`, { cause: error });
    }
    await screenshot(session.page, 'import-finished');
    await session.page.getByRole('button', { name: 'Done' }).click();
    const grid = session.page.getByRole('grid', { name: 'Clips' });
    await grid.getByRole('row').nth(1).waitFor();
    assert.equal(await grid.getAttribute('aria-rowcount'), String(12 + 1), '12 clips + the header row');
    await screenshot(session.page, 'library');
    await session.page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(session.page, 'library-1920');
    await session.page.setViewportSize({ width: 1280, height: 720 });
  });

  it('labels five clips by keyboard only and undoes the last', async () => {
    await labelFiveByKeyboard(session.page, ANNOTATOR);
    await screenshot(session.page, 'label-view');
    await session.page.keyboard.press('?');
    await session.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(session.page, 'label-help');
    await session.page.keyboard.press('Escape');
    await session.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(session.page, 'label-view-dark');
    await session.page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(session.page, 'label-view-1920-dark');
    await session.page.emulateMedia({ colorScheme: 'light' });
    await session.page.setViewportSize({ width: 1280, height: 720 });
  });

  it('keeps every acknowledged label when the back end is killed, and shows them after restart', async () => {
    await app.stop('SIGKILL');
    // Straight from the database, before anything could repair it.
    const store = WorkspaceStore.open(workspace);
    const labels = store.currentLabels(ANNOTATOR).map((e) => e.label);
    const history = store.listClips({ annotator: ANNOTATOR, labeled: true, offset: 0, limit: 100 });
    store.close();
    assert.deepEqual(labels.filter((l) => l !== null).sort(), ['angry', 'happy', 'neutral', 'sad']);
    assert.equal(history.total, 4);

    app = await start();
    await session.page.goto(app.url);
    const labelCells = await libraryLabels(session.page, 5);
    assert.deepEqual(labelCells.slice(0, 4), LABELS_AFTER_FLOW.slice(0, 4), 'the rows in the order they were labelled');
    assert.ok(!/calm/.test(labelCells[4]), 'the undone label is gone');
    await screenshot(session.page, 'library-after-restart');
  });

  it('shows the waveform of a 1-hour recording without decoding it in the page', async () => {
    await importFolderFromLibrary(session.page, path.join(root, 'long'));
    await session.page.getByRole('button', { name: 'Done' }).click();
    await session.page.getByPlaceholder('Search clips…').fill('one-hour');
    const grid = session.page.getByRole('grid', { name: 'Clips' });
    await session.page.locator('[role="grid"][aria-rowcount="2"]').waitFor();
    await grid.getByRole('row', { name: /one-hour/ }).focus();
    const started = Date.now();
    await session.page.keyboard.press('Enter');
    await session.page.getByRole('button', { name: 'Play' }).and(session.page.locator(':enabled')).waitFor();
    console.log(`# 1-hour recording: waveform ready ${Date.now() - started} ms after Enter (first open, peaks computed)`);
    await screenshot(session.page, 'label-view-one-hour');
    const position = await session.page.getByLabel('Position').textContent();
    assert.match(position ?? '', /\/\s*1:00:00/, 'the full hour is on the timeline');
  });

  it('refuses requests without the token', async () => {
    const response = await fetch(`${app.origin}/`);
    assert.equal(response.status, 401);
    assert.match(await response.text(), /token/i);
    const media = await fetch(`${app.origin}/media/peaks/${'a'.repeat(64)}`);
    assert.equal(media.status, 401);
    const upgrade = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${app.port}/rpc`);
      socket.on('unexpected-response', (_request, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('error', () => resolve(-1));
    });
    assert.equal(upgrade, 401);
    const stranger = await session.browser.newPage();
    const visit = await stranger.goto(app.origin);
    assert.equal(visit?.status(), 401);
    await screenshot(stranger, 'no-token');
    await stranger.close();
  });
});
