/**
 * First run and diagnostics through the back end's dispatcher (the fake engine stands in for
 * tfjs): app.diagnostics, microphone.test through practice mode's real recorder path (a fake
 * `rec` on PATH, since this machine has no sound card), the recording served by the media
 * routes, and a corpus download from a fake Zenodo on 127.0.0.1 (SER_ZENODO_API_URL) that
 * ends in a normal import — cancelled and resumed, and with a damaged file.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseWav } from '../../../training/audio/wav.ts';
import type { EventEnvelope, EventName, EventPayload } from '../../../electron/contract.ts';
import { startBackendHarness } from '../../helpers/backend-harness.ts';
import type { BackendHarness } from '../../helpers/backend-harness.ts';
import { fakeEngine } from '../../helpers/fake-engine.ts';
import { installFakeRecorder } from '../../helpers/fake-recorder.ts';
import { partPathFor } from '../../../electron/services/datasets/resumable-download.ts';
import { RAVDESS, fakeRavdessZip, startFakeZenodo } from '../../unit/datasets-download/fake-zenodo.ts';

async function setUp(t: test.TestContext, options: { workspace?: boolean } = {}) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-first-run-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const engine = fakeEngine();
  await engine.start();
  t.after(() => engine.stop());
  const workspaceDir = options.workspace ? path.join(root, 'ws') : undefined;
  const harness = await startBackendHarness(root, engine, { workspaceDir });
  t.after(() => harness.backend.close());
  return { root, ...harness };
}

/** Sets an environment variable for the rest of the test. */
function setEnv(t: test.TestContext, name: string, value: string): void {
  const before = process.env[name];
  process.env[name] = value;
  t.after(() => {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  });
}

function eventsOf<E extends EventName>(received: readonly EventEnvelope[], name: E): Array<EventPayload<E>> {
  return received.filter((e) => e.event === name).map((e) => e.payload as EventPayload<E>);
}

async function waitForEvent<E extends EventName>(
  harness: BackendHarness,
  name: E,
  matches: (payload: EventPayload<E>) => boolean,
  timeoutMs = 20_000,
): Promise<EventPayload<E>> {
  const started = Date.now();
  for (;;) {
    const hit = eventsOf(harness.received, name).find(matches);
    if (hit !== undefined) return hit;
    if (Date.now() - started > timeoutMs) assert.fail(`no matching ${name} event within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('app.diagnostics reports the engine’s backend and why, every check with its fix, and versions', async (t) => {
  const { call } = await setUp(t);
  const report = await call('app.diagnostics', {});
  assert.equal(report.engine.state, 'ready');
  assert.deepEqual(report.backend, { name: 'cpu', summary: 'fake engine', reasons: [] }, 'the engine’s choice, not one made here');
  const names = report.checks.map((c) => c.name);
  for (const name of ['ML backend', 'GPU', 'recorder', 'ffmpeg', 'input devices']) assert.ok(names.includes(name), `checks ${name}`);
  assert.ok(!names.includes('chromium'), 'no developer-only checks in the app');
  for (const c of report.checks) {
    assert.ok(c.detail.length > 0, `${c.name} says what it found`);
    if (!c.ok) assert.ok(c.fix && c.fix.length > 0, `${c.name} is missing and says what to do`);
  }
  assert.equal(report.versions.find((v) => v.name === 'Node.js')?.version, process.versions.node);
});

test('microphone.test records through the recorder, streams levels ~10/s, and serves the clip', async (t) => {
  const { root, call, received, backend } = await setUp(t);
  const recorder = await installFakeRecorder(root, 'tone');
  setEnv(t, 'PATH', `${recorder.binDir}${path.delimiter}${process.env.PATH ?? ''}`);

  const startedAt = Date.now();
  const result = await call('microphone.test', { device: null, seconds: 1 });
  const wallMs = Date.now() - startedAt;
  assert.equal(result.problem, null, JSON.stringify(result.problem));
  assert.equal(result.durationSec, 1);
  // The fake recorder plays a sine at 0.316 of full scale: peak −10 dBFS, RMS −13 dBFS.
  assert.ok(Math.abs(result.peakDb - -10) < 0.2, `peak ${result.peakDb}`);
  assert.ok(Math.abs(result.rmsDb - -13) < 0.2, `rms ${result.rmsDb}`);
  assert.equal(result.clipped, false);
  assert.ok(wallMs >= 900, `recorded in real time (${wallMs} ms)`);

  const levels = eventsOf(received, 'microphone.level');
  assert.deepEqual(
    levels.map((l) => Math.round(l.elapsedSec * 10)),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    'one reading per 100 ms of audio',
  );
  for (const level of levels) {
    assert.equal(level.seconds, 1);
    assert.ok(Math.abs(level.peakDb - -10) < 0.5, `each reading hears the tone (${level.peakDb})`);
  }

  assert.ok(result.audioUrl !== null);
  assert.match(result.audioUrl, /^\/media\/audio\/[0-9a-f]{64}$/);
  const response = await backend.media(new Request(`http://127.0.0.1${result.audioUrl}`));
  assert.equal(response.status, 200);
  const wav = parseWav(new Uint8Array(await response.arrayBuffer()), result.audioUrl);
  assert.equal(wav.sampleRate, 16000);
  assert.equal(wav.channels[0].length, 16000, 'exactly the second asked for');
});

test('a recorder that cannot record is an actionable problem, never an error', async (t) => {
  const { root, call } = await setUp(t);
  const recorder = await installFakeRecorder(root, 'no-device');
  setEnv(t, 'PATH', `${recorder.binDir}${path.delimiter}${process.env.PATH ?? ''}`);
  const noDevice = await call('microphone.test', { device: null, seconds: 1 });
  assert.equal(noDevice.problem?.kind, 'no-device');
  assert.match(noDevice.problem?.message ?? '', /No microphone was found/);
  assert.equal(noDevice.audioUrl, null);

  await recorder.setMode('silence');
  const silent = await call('microphone.test', { device: null, seconds: 0.5 });
  assert.equal(silent.problem?.kind, 'silent');
  assert.ok(silent.audioUrl !== null, 'a silent recording can still be played back');

  const empty = path.join(root, 'empty-bin');
  await mkdir(empty);
  process.env.PATH = empty; // restored with the rest by setEnv's hook above
  const missing = await call('microphone.test', { device: null, seconds: 1 });
  assert.equal(missing.problem?.kind, 'recorder-missing');
  assert.match(missing.problem?.message ?? '', /Install SoX/);
});

test('microphone.test on this machine’s own recorder answers (here: no sound card) without crashing', async (t) => {
  const { call } = await setUp(t);
  const result = await call('microphone.test', { device: null, seconds: 0.5 });
  if (result.problem !== null) {
    console.log(`# this machine's microphone: ${result.problem.kind}: ${result.problem.message}`);
    assert.ok(result.problem.message.length > 20, 'the problem says what to do');
  } else {
    console.log(`# this machine recorded ${result.durationSec} s at ${result.rmsDb.toFixed(1)} dBFS`);
  }
});

test('invalid microphone.test input is refused naming the field', async (t) => {
  const { callError } = await setUp(t);
  assert.equal((await callError('microphone.test', { device: null, seconds: 30 })).field, 'seconds');
  assert.equal((await callError('microphone.test', { seconds: 3 })).field, 'device');
});

test('datasets need a workspace: the catalog shows the licence, a download says what to do', async (t) => {
  const { call, callError } = await setUp(t);
  const catalog = await call('datasets.catalog', {});
  assert.equal(catalog.destinationDir, null);
  const ravdess = catalog.corpora.find((c) => c.id === 'ravdess-speech');
  assert.equal(ravdess?.license.name, 'CC BY-NC-SA 4.0');
  assert.match(ravdess?.license.notice ?? '', /non-commercial/i, 'the full notice, to show before agreeing');
  assert.equal(ravdess?.download.state, 'idle');
  assert.equal((await callError('datasets.download', { id: 'ravdess-speech' })).code, 'no-workspace');
  assert.equal((await callError('datasets.download', { id: 'timit' })).field, 'id');
});

test('download RAVDESS from Zenodo into the workspace: progress, verification, extraction, then a normal import', async (t) => {
  const { zip } = await fakeRavdessZip();
  const zenodo = await startFakeZenodo({ zip, serve: () => ({ chunkBytes: 4096 }) });
  t.after(() => zenodo.close());
  setEnv(t, 'SER_ZENODO_API_URL', zenodo.apiBaseUrl);
  const harness = await setUp(t, { workspace: true });
  const { call, received, root } = harness;

  const started = await call('datasets.download', { id: 'ravdess-speech' });
  assert.equal(started.state, 'running');
  const done = await waitForEvent(harness, 'datasets.progress', (p) => p.state !== 'running');
  assert.equal(done.state, 'done', done.message ?? '');
  assert.equal(done.corpusDir, path.join(root, 'ws', 'datasets', 'ravdess-speech'));
  assert.ok(done.importId !== null);
  assert.equal(done.receivedBytes, zip.length);

  const phases = [...new Set(eventsOf(received, 'datasets.progress').map((p) => p.phase))];
  assert.deepEqual(phases, ['metadata', 'downloading', 'verifying', 'extracting', 'importing', null]);
  const finished = await waitForEvent(harness, 'import.finished', (p) => p.importId === done.importId);
  assert.equal(finished.added, 6);
  assert.equal(finished.format, 'ravdess');
  assert.ok(eventsOf(received, 'import.progress').some((p) => p.importId === done.importId), 'import.progress follows');
  const clips = await call('clips.list', { offset: 0, limit: 100 });
  assert.equal(clips.total, 6);
  assert.ok(clips.rows.every((c) => c.dataset === 'ravdess' && c.path.startsWith(done.corpusDir ?? '?')));
  assert.ok(zenodo.requests.length >= 2, 'the record and the file were fetched from the fake Zenodo');

  const catalog = await call('datasets.catalog', {});
  assert.equal(catalog.destinationDir, path.join(root, 'ws', 'datasets'));
  assert.equal(catalog.corpora[0].download.state, 'done');
  assert.deepEqual((await readdir(path.join(root, 'ws', 'datasets'))).sort(), ['ravdess-speech'], 'the zip is gone once extracted');
});

test('cancel keeps the partial file; the next download resumes it with a Range request', async (t) => {
  const { zip } = await fakeRavdessZip();
  const half = Math.floor(zip.length / 2);
  // The first request stalls half-way (until the client goes); later ones serve the rest.
  const zenodo = await startFakeZenodo({
    zip,
    serve: (index) => (index === 0 ? { chunkBytes: 1024, interrupt: { afterBytes: half, how: 'pause' } } : {}),
  });
  t.after(() => zenodo.close());
  setEnv(t, 'SER_ZENODO_API_URL', zenodo.apiBaseUrl);
  const harness = await setUp(t, { workspace: true });
  const { call, root } = harness;

  await call('datasets.download', { id: 'ravdess-speech' });
  await waitForEvent(harness, 'datasets.progress', (p) => p.phase === 'downloading');
  // Cancel once the half is on disk (the server having sent it is not enough: the client may not have written it yet).
  const part = partPathFor(path.join(root, 'ws', 'datasets', RAVDESS.fileKey));
  while (((await stat(part).catch(() => undefined))?.size ?? 0) < half) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await call('datasets.cancel', { id: 'ravdess-speech' }), { cancelled: true });
  const cancelled = await waitForEvent(harness, 'datasets.progress', (p) => p.state === 'cancelled');
  const kept = cancelled.partialBytes;
  assert.equal(kept, half, `kept ${kept} of the ${half} bytes sent`);
  assert.equal(cancelled.errorCode, 'aborted');
  assert.match(cancelled.message ?? '', /cancelled/);
  assert.equal((await call('datasets.catalog', {})).corpora[0].download.partialBytes, kept, 'the catalog offers to resume');
  assert.deepEqual(await call('datasets.cancel', { id: 'ravdess-speech' }), { cancelled: false }, 'nothing left to cancel');

  harness.received.length = 0;
  await call('datasets.download', { id: 'ravdess-speech' });
  const done = await waitForEvent(harness, 'datasets.progress', (p) => p.state === 'done' || p.state === 'failed');
  assert.equal(done.state, 'done', done.message ?? '');
  const fileRequests = zenodo.fileRequests();
  assert.equal(fileRequests.length, 2);
  assert.equal(fileRequests[1].headers.range, `bytes=${kept}-`);
  assert.equal(fileRequests[1].bodyBytes, zip.length - kept, 'no byte fetched twice');
  await waitForEvent(harness, 'import.finished', (p) => p.importId === done.importId);
});

test('a damaged download fails with the checksum reason and is not imported', async (t) => {
  const { zip } = await fakeRavdessZip();
  const zenodo = await startFakeZenodo({ zip, checksum: 'md5:0123456789abcdef0123456789abcdef' });
  t.after(() => zenodo.close());
  setEnv(t, 'SER_ZENODO_API_URL', zenodo.apiBaseUrl);
  const harness = await setUp(t, { workspace: true });
  await harness.call('datasets.download', { id: 'ravdess-speech' });
  const failed = await waitForEvent(harness, 'datasets.progress', (p) => p.state !== 'running');
  assert.equal(failed.state, 'failed');
  assert.equal(failed.errorCode, 'checksum');
  assert.match(failed.message ?? '', /damaged/);
  assert.equal(failed.importId, null);
  assert.equal(eventsOf(harness.received, 'import.progress').length, 0);
});
