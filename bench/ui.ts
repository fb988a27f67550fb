/**
 * The app as an annotator feels it, in Debian's Chromium against real browser mode:
 *  - time to first waveform of a 1-hour recording (peaks computed on the back end during
 *    its import, never decoded in the page): first and second open;
 *  - the Library with 10,000 clips: time to the first rows, frame times while scrolling
 *    steadily through the table, time until rows appear after jumping to the end, and how
 *    many row elements the page holds (the table is virtualised).
 * Skipped, with the reason, where chromium or sox is missing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { CANONICAL_LABELS } from '../training/datasets/labels.ts';
import { median, quantile } from '../training/math.ts';
import { WorkspaceStore } from '../electron/services/workspace/store.ts';
import type { NewClip } from '../electron/services/workspace/inputs.ts';
import { chromiumPath, launchChromium } from '../tests/helpers/chromium.ts';
import { hasProgram } from '../tests/helpers/programs.ts';
import { serve } from '../tests/helpers/serve.ts';
import type { BenchRow } from './row.ts';

const run = promisify(execFile);
const LIBRARY_CLIPS = 10_000;
const SCROLL_FRAMES = 240;

export async function benchUi(): Promise<BenchRow[]> {
  if (chromiumPath() === null || !hasProgram('sox')) {
    console.error('ui benchmarks skipped: chromium and sox are needed (apt-get install chromium sox)');
    return [];
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-bench-ui-'));
  try {
    return [...(await benchOneHourWaveform(root)), ...(await benchLibraryScroll(root))];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Open the Library, search for `text`, open the first match, wait until it can play. */
async function openClip(page: Page, text: string): Promise<number> {
  await page.getByPlaceholder('Search clips…').fill(text);
  // One match and the header row: the search (debounced) has applied.
  await page.locator('[role="grid"][aria-rowcount="2"]').waitFor();
  const row = page.getByRole('grid', { name: 'Clips' }).getByRole('row', { name: new RegExp(text) });
  await row.focus();
  const started = performance.now();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Play' }).and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
  return performance.now() - started;
}

async function benchOneHourWaveform(root: string): Promise<BenchRow[]> {
  const folder = path.join(root, 'long', 'neutral');
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'one-hour.wav');
  await run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'synth', '3600', 'sine', '220', 'tremolo', '0.05', '90', 'vol', '0.5']);
  const workspace = path.join(root, 'ws-long');
  const store = WorkspaceStore.open(workspace);
  const { runImport } = await import('../electron/backend/import-runner.ts');
  const record = store.startImport({ sourceDir: path.dirname(folder), format: 'folder' });
  await runImport(store, { importId: record.id, dir: path.dirname(folder), format: 'folder' }, { progress: () => {} });
  store.close();

  const app = await serve({ workspace, settingsDir: path.join(root, 'settings-long'), home: root });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(app.url);
    const firstMs = await openClip(page, 'one-hour');
    await page.getByRole('button', { name: '← Library' }).click();
    const cachedMs = await openClip(page, 'one-hour');
    return [
      { name: '1-hour WAV: first waveform, first open (peaks made at import)', value: firstMs, unit: 'ms', target: '< 1000 ms' },
      { name: '1-hour WAV: first waveform, second open', value: cachedMs, unit: 'ms', target: '< 1000 ms' },
    ];
  } finally {
    await browser.close();
    await app.stop();
  }
}

function fakeClips(n: number): NewClip[] {
  return Array.from({ length: n }, (_, i) => {
    const speaker = `ravdess-${String((i % 24) + 1).padStart(2, '0')}`;
    return {
      path: `/corpus/clip-${String(i).padStart(6, '0')}.wav`,
      dataset: 'ravdess',
      speaker,
      label: CANONICAL_LABELS[i % 8],
      sha256: randomBytes(32).toString('hex'),
      durationSec: 3 + (i % 7) / 10,
      sampleRate: 48000,
      channels: 1,
    };
  });
}

async function benchLibraryScroll(root: string): Promise<BenchRow[]> {
  const workspace = path.join(root, 'ws-library');
  const store = WorkspaceStore.open(workspace);
  const record = store.startImport({ sourceDir: '/corpus', format: 'ravdess' });
  store.addClips(fakeClips(LIBRARY_CLIPS), record.id);
  store.close();

  const app = await serve({ workspace, settingsDir: path.join(root, 'settings-library'), home: root });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const started = performance.now();
    await page.goto(app.url);
    await page.getByRole('grid', { name: 'Clips' }).getByRole('row').nth(1).waitFor();
    const firstRowsMs = performance.now() - started;

    // Scroll a fixed distance every frame and record the frame intervals the page saw. The
    // function runs in the page; it names only what it uses, as Node's types have no DOM.
    const scroller = page.locator('[role="grid"] .scroller');
    // (No named helper functions inside: tsx would wrap them in a __name() the page lacks.)
    const intervals = await scroller.evaluate(async (element: { scrollTop: number }, count: number) => {
      const page = globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): void };
      const seen: number[] = [];
      let last = performance.now();
      for (let i = 0; i < count; i++) {
        element.scrollTop += 120;
        await new Promise((resolve) => page.requestAnimationFrame(resolve));
        const now = performance.now();
        seen.push(now - last);
        last = now;
      }
      return seen;
    }, SCROLL_FRAMES);
    const rowElements = await page.locator('[role="grid"] [role="row"]').count();

    const jumpStarted = performance.now();
    await scroller.evaluate((element: { scrollTop: number; scrollHeight: number }) => {
      element.scrollTop = element.scrollHeight;
    });
    await page.getByRole('row', { name: /009999/ }).waitFor();
    const jumpMs = performance.now() - jumpStarted;

    return [
      { name: 'Library, 10,000 clips: first rows after page load', value: firstRowsMs, unit: 'ms' },
      { name: 'Library, 10,000 clips: scroll frame time, median', value: median(intervals), unit: 'ms', target: '≈ 16.7 ms (60 fps)' },
      { name: 'Library, 10,000 clips: scroll frame time, 95th percentile', value: quantile(intervals, 0.95), unit: 'ms', target: '< 33 ms' },
      { name: 'Library, 10,000 clips: rows shown after jumping to the end', value: jumpMs, unit: 'ms' },
      { name: 'Library, 10,000 clips: row elements in the page while scrolling', value: rowElements, unit: 'rows', detail: 'virtualised' },
    ];
  } finally {
    await browser.close();
    await app.stop();
  }
}
