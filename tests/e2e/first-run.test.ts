/**
 * First run end to end in Debian's Chromium against real browser mode (`ser serve`): a
 * fresh settings folder opens on the first-run screen; create a workspace, set the
 * annotator; test the microphone — first the problem a machine without a sound card shows,
 * then a real 3-second recording through the recorder path (a fake `rec` on the server's
 * PATH plays a tone) and its playback; pick a goal; read and accept the RAVDESS licence,
 * download it from a fake Zenodo on 127.0.0.1 (SER_ZENODO_API_URL) — progress, cancel half
 * way, resume, verification, extraction — and land in the Library with the imported clips.
 * A reload shows no first-run screen: the settings were saved. Screenshots at 1280×720 in
 * test-results/screenshots/first-run-*.png.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import yazl from 'yazl';
import { encodeWav } from '../../training/audio/wav.ts';
import { CORPUS_CATALOG } from '../../electron/services/datasets/corpus-catalog.ts';
import { useBrowserPage } from '../helpers/browser-page.ts';
import { screenshot } from '../helpers/chromium.ts';
import { installFakeRecorder } from '../helpers/fake-recorder.ts';
import type { FakeRecorder } from '../helpers/fake-recorder.ts';
import { browserSuiteSkipReason } from '../helpers/programs.ts';
import { pseudoRandomValues } from '../helpers/pseudo-random.ts';
import { serve } from '../helpers/serve.ts';
import type { ServedApp } from '../helpers/serve.ts';
import { startTestHttpServer } from '../helpers/test-http-server.ts';
import type { TestHttpServer } from '../helpers/test-http-server.ts';

const skipReason = browserSuiteSkipReason('first-run e2e tests');
const RAVDESS = CORPUS_CATALOG['ravdess-speech'];
const ACTORS = ['01', '02'];
const EMOTIONS = ['01', '02', '03', '04', '05', '06'];

/** Twelve 1.5 s RAVDESS-named clips (quiet noise), zipped as Zenodo's speech archive is laid out. */
async function ravdessZip(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  let seed = 1;
  for (const actor of ACTORS) {
    for (const emotion of EMOTIONS) {
      const samples = pseudoRandomValues(24_000, seed++).map((v) => v * 0.1);
      zip.addBuffer(Buffer.from(encodeWav(samples, 16_000)), `Actor_${actor}/03-01-${emotion}-01-01-01-${actor}.wav`);
    }
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * zenodo.org's record API and file store on 127.0.0.1, slow enough (~150 kB/s) for the
 * progress to be seen. The first file request stops sending half-way (the user cancels
 * it); later ones honour `Range: bytes=N-`, as Zenodo does.
 */
async function startSlowZenodo(zip: Buffer): Promise<TestHttpServer & { apiBaseUrl: string; fileRanges: Array<string | undefined> }> {
  const recordPath = `/api/records/${RAVDESS.zenodoRecordId}`;
  const filePath = `${recordPath}/files/${RAVDESS.fileKey}/content`;
  const md5 = createHash('md5').update(zip).digest('hex');
  const fileRanges: Array<string | undefined> = [];
  let baseUrl = '';
  const sendSlowly = async (res: ServerResponse, body: Buffer, stopAt: number): Promise<void> => {
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    for (let at = 0; at < Math.min(body.length, stopAt) && !res.destroyed; at += 4096) {
      await new Promise<void>((resolve) => res.write(body.subarray(at, Math.min(at + 4096, stopAt)), () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (stopAt < body.length) await closed; // stalled until the client goes away
    else res.end();
  };
  const server = await startTestHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === recordPath) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: Number(RAVDESS.zenodoRecordId),
          files: [{ key: RAVDESS.fileKey, size: zip.length, checksum: `md5:${md5}`, links: { self: `${baseUrl}${filePath}` } }],
        }),
      );
      return;
    }
    if (pathname !== filePath) {
      res.writeHead(404).end();
      return;
    }
    const first = fileRanges.length === 0;
    fileRanges.push(req.headers.range);
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const headers = { 'content-type': 'application/zip', 'content-length': String(zip.length - start), etag: '"v1"' };
    if (start > 0) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${zip.length - 1}/${zip.length}` });
    else res.writeHead(200, headers);
    const body = zip.subarray(start);
    await sendSlowly(res, body, first ? Math.floor(body.length / 2) : body.length);
  });
  baseUrl = server.baseUrl;
  return { ...server, apiBaseUrl: `${server.baseUrl}/api`, fileRanges };
}

describe('first run in the browser', { skip: skipReason }, () => {
  let root: string;
  let app: ServedApp;
  let zenodo: Awaited<ReturnType<typeof startSlowZenodo>>;
  let recorder: FakeRecorder;
  const settingsDir = () => path.join(root, 'settings');
  const session = useBrowserPage(async () => {
    await app?.stop();
    await zenodo?.close();
    await rm(root, { recursive: true, force: true });
  });

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ser-e2e-first-run-'));
    zenodo = await startSlowZenodo(await ravdessZip());
    // Like this machine: the recorder is there, the sound card is not.
    recorder = await installFakeRecorder(root, 'no-device');
    app = await serve({
      settingsDir: settingsDir(),
      home: root,
      firstRunDone: false,
      env: { SER_ZENODO_API_URL: zenodo.apiBaseUrl, PATH: `${recorder.binDir}${path.delimiter}${process.env.PATH ?? ''}` },
    });
  });

  const next = () => session.page.getByRole('button', { name: 'Next', exact: true }).click();
  const stepHeading = (title: string) => session.page.getByRole('heading', { name: new RegExp(`Step \\d of 5 · ${title}`) }).waitFor();

  it('a fresh install opens on the first-run screen; step 1 creates a workspace', async () => {
    const { page } = session;
    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Welcome to SER Studio' }).waitFor();
    await stepHeading('Workspace');
    await screenshot(page, 'first-run-1-workspace');
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    const pathInput = page.getByRole('textbox', { name: 'Folder path' });
    await pathInput.fill(path.join(root, 'my-workspace'));
    await screenshot(page, 'first-run-1-workspace-browser');
    await page.getByRole('button', { name: 'Use as workspace' }).click();
    await page.getByText(/Workspace my-workspace is open/).waitFor();
    await screenshot(page, 'first-run-1-workspace-open');
    await next();
  });

  it('step 2 saves the annotator name', async () => {
    const { page } = session;
    await stepHeading('Your name');
    await page.getByRole('textbox', { name: 'Your name' }).fill('ana');
    await screenshot(page, 'first-run-2-annotator');
    await next();
    await stepHeading('Microphone');
  });

  it('step 3 shows what to do without a sound card, then records 3 seconds and plays them back', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Record 3 seconds' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'No microphone was found' });
    await problem.waitFor();
    assert.match(await problem.innerText(), /connected and enabled in the system sound settings/);
    await screenshot(page, 'first-run-3-microphone-problem');

    // A microphone appears (the fake recorder now plays a tone): a real 3-second recording.
    await recorder.setMode('tone');
    await page.getByRole('button', { name: 'Record 3 seconds' }).click();
    await page.getByText(/Speak now · [12]\.\d s of 3 s/).waitFor();
    const meter = page.getByRole('meter', { name: 'Microphone level' });
    assert.ok(Number(await meter.getAttribute('aria-valuenow')) > -20, 'the meter hears the tone (−13 dBFS RMS)');
    await screenshot(page, 'first-run-3-microphone-recording');
    await page.getByText('Your microphone works and the level is good').waitFor({ timeout: 20_000 });
    const audio = page.getByLabel('Your test recording');
    await audio.waitFor();
    // The page's <audio> element (the test's own types have no DOM library).
    type Player = { duration: number; play(): Promise<void>; addEventListener(type: string, listener: (event: unknown) => void, options: object): void };
    const duration = await audio.evaluate(async (element) => {
      const player = element as unknown as Player;
      if (Number.isNaN(player.duration)) await new Promise((resolve) => player.addEventListener('loadedmetadata', resolve, { once: true }));
      await player.play();
      return player.duration;
    });
    assert.ok(Math.abs(duration - 3) < 0.05, `the recording plays back, ${duration} s long`);
    await screenshot(page, 'first-run-3-microphone-playback');
    await next();
  });

  it('step 4 saves the practice goal', async () => {
    const { page } = session;
    await stepHeading('Practice goal');
    await page.getByRole('radio', { name: /Warm and enthusiastic/ }).check();
    await page.locator('.card.chosen', { hasText: 'Warm and enthusiastic' }).waitFor();
    await screenshot(page, 'first-run-4-goal');
    await next();
  });

  it('step 5 shows the licence before the download, downloads with progress, cancels, resumes and imports', async () => {
    const { page } = session;
    await stepHeading('Get data');
    await page.getByRole('heading', { name: 'Download RAVDESS (speech, 208 MB)' }).waitFor();
    const licence = page.getByRole('region', { name: 'Licence' });
    assert.match(await licence.innerText(), /CC BY-NC-SA 4\.0[\s\S]*non-commercial/);
    const download = page.getByRole('button', { name: /^Download \(208 MB\)$/ });
    assert.equal(await download.isDisabled(), true, 'nothing downloads before the licence is accepted');
    await screenshot(page, 'first-run-5-licence');

    await page.getByRole('checkbox', { name: /I agree to use RAVDESS/ }).check();
    await download.click();
    const progress = page.getByText(/^Downloading · [\d.]+ MB of [\d.]+ MB · \d+ kB\/s/);
    await progress.waitFor();
    assert.ok(Number(await page.getByRole('progressbar', { name: 'Download progress' }).getAttribute('aria-valuenow')) > 0);
    await screenshot(page, 'first-run-5-downloading');

    await page.getByRole('button', { name: 'Cancel download' }).click();
    await page.getByText(/Download cancelled\./).waitFor();
    const resume = page.getByRole('button', { name: /^Resume download \([\d.]+ MB of [\d.]+ MB kept\)$/ });
    await resume.waitFor();
    await screenshot(page, 'first-run-5-cancelled');

    await resume.click();
    await page.getByText(/Imported 12 clips \(RAVDESS\)/).waitFor({ timeout: 60_000 });
    assert.equal(zenodo.fileRanges.length, 2);
    assert.match(zenodo.fileRanges[1] ?? '', /^bytes=\d+-$/, 'the second request resumed with a Range');
    await screenshot(page, 'first-run-5-imported');
    await page.getByRole('button', { name: 'Finish' }).click();
  });

  it('lands in the Library with the imported clips, and the settings are saved', async () => {
    const { page } = session;
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    const grid = page.getByRole('grid', { name: 'Clips' });
    await grid.getByRole('row').nth(1).waitFor();
    assert.equal(await grid.getAttribute('aria-rowcount'), String(12 + 1), '12 clips + the header row');
    await screenshot(page, 'first-run-6-library');

    const stored = JSON.parse(await readFile(path.join(settingsDir(), 'settings.json'), 'utf8')) as {
      firstRun: { completed: boolean };
      annotator: string;
      practice: { goalProfile: string };
      recentWorkspaces: string[];
    };
    assert.deepEqual(stored.firstRun, { completed: true });
    assert.equal(stored.annotator, 'ana');
    assert.equal(stored.practice.goalProfile, 'warm-enthusiastic');
    assert.deepEqual(stored.recentWorkspaces, [path.join(root, 'my-workspace')]);

    await page.reload();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Welcome to SER Studio' }).count(), 0, 'no first-run screen after a reload');
  });

  it('Settings shows the diagnostics: backend and why, checks with their fixes, versions', async () => {
    const { page } = session;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const panel = page.getByRole('region', { name: 'Diagnostics' });
    await panel.getByRole('table', { name: 'Checks' }).waitFor({ timeout: 60_000 });
    const text = await panel.innerText();
    assert.match(text, /ML backend in use/);
    assert.match(text, /Node\.js/);
    for (const name of ['ML backend', 'GPU', 'recorder', 'ffmpeg', 'input devices']) {
      assert.ok((await panel.getByRole('rowheader', { name, exact: true }).count()) === 1, `the ${name} check is listed`);
    }
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'first-run-7-diagnostics');
  });
});
