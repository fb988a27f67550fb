// practice.* and sessions.* through the back end's dispatcher, with a real file played at
// real-time pace into a pretend engine: the saved session is listed, read with its timeline,
// its recording served by the media routes under its sha256, exported and deleted.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { PracticeState } from '../../../electron/contract.ts';
import { findRecorder } from '../../../electron/services/recorder/recorder-program.ts';
import { encodeWav } from '../../../training/audio/wav.ts';
import { startBackendHarness } from '../../helpers/backend-harness.ts';
import { fakeStreamEngine } from './fake-stream-engine.ts';

function toneWav(seconds: number): Uint8Array {
  return encodeWav(Float32Array.from({ length: seconds * 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000)), 16000);
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('practice and sessions handlers: record a file, list, get with media, export, delete', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-sessions-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const engine = fakeStreamEngine();
  await engine.start();
  t.after(() => engine.stop());
  const { backend, received, call, callError } = await startBackendHarness(root, engine, {
    workspaceDir: path.join(root, 'workspace'),
  });
  t.after(() => backend.close());
  const states = () => received.filter((e) => e.event === 'practice.state').map((e) => e.payload as PracticeState);

  const file = path.join(root, 'talk.wav');
  await writeFile(file, toneWav(0.6));
  const started = await call('practice.start', { source: { kind: 'file', path: file }, goal: 'warm-enthusiastic' });
  assert.equal(started.state, 'running');
  assert.deepEqual(await call('practice.state', {}), started);
  await waitFor('the file to end', () => states().at(-1)?.state === 'idle');
  const ended = states().at(-1);
  assert.equal(ended?.message, 'The file ended');
  const sessionId = ended?.sessionId ?? assert.fail('no session id');
  assert.equal(received.filter((e) => e.event === 'practice.update').length, 3);

  const list = await call('sessions.list', {});
  assert.equal(list.length, 1);
  assert.equal(list[0].id, sessionId);
  assert.equal(list[0].goal, 'warm-enthusiastic');
  assert.deepEqual(list[0].source, { kind: 'file', name: 'talk.wav' });
  assert.equal(list[0].durationSec, 0.6);

  const got = await call('sessions.get', { sessionId });
  assert.equal(got.timeline.length, 3);
  assert.deepEqual(got.labels, ['neutral', 'happy']);
  const sha = /\/media\/audio\/([0-9a-f]{64})$/.exec(got.media.audio)?.[1] ?? assert.fail(got.media.audio);
  assert.equal(got.media.peaks, `/media/peaks/${sha}`);
  const audio = await backend.media(new Request(`http://127.0.0.1${got.media.audio}`));
  assert.equal(audio.status, 200);
  const served = new Uint8Array(await audio.arrayBuffer());
  assert.equal(served.length, 44 + 0.6 * 16000 * 2);
  assert.deepEqual(served.subarray(44), toneWav(0.6).subarray(44), 'the recording holds the file’s samples');
  const peaks = await backend.media(new Request(`http://127.0.0.1${got.media.peaks}`));
  assert.equal(peaks.status, 200);

  const exported = await call('sessions.export', { sessionId, format: 'html' });
  assert.equal(exported.path, path.join(root, 'workspace', 'exports', `session-${sessionId}.html`));
  assert.match(await readFile(exported.path, 'utf8'), /<html[\s\S]*talk\.wav/);

  // A running session cannot be deleted.
  await writeFile(path.join(root, 'long.wav'), toneWav(5));
  const running = await call('practice.start', { source: { kind: 'file', path: path.join(root, 'long.wav') }, goal: 'calm-confident' });
  const refused = await callError('sessions.delete', { sessionId: running.sessionId });
  assert.equal(refused.code, 'invalid-input');
  const stopped = await call('practice.stop', {});
  assert.equal(stopped.sessionId, running.sessionId);

  assert.deepEqual(await call('sessions.delete', { sessionId }), { deleted: true });
  assert.ok(!existsSync(path.join(root, 'workspace', 'sessions', sessionId)));
  assert.deepEqual((await call('sessions.list', {})).map((s) => s.id), [running.sessionId]);
  assert.equal((await backend.media(new Request(`http://127.0.0.1${got.media.audio}`))).status, 404);
  assert.equal((await callError('sessions.get', { sessionId })).code, 'not-found');
  assert.deepEqual(await call('sessions.delete', { sessionId }), { deleted: false });
  assert.equal((await callError('sessions.get', { sessionId: '../../etc' })).code, 'not-found');

  // The devices reply names the recorder found on this machine, or what to install.
  const devices = await call('practice.devices', {});
  const recorder = findRecorder();
  assert.equal(devices.recorder.program, recorder.program?.path ?? null);
  if (recorder.program === null) assert.match(devices.recorder.problem ?? '', /Install SoX/);
  if (devices.devices.length === 0) assert.ok(devices.recorder.problem !== null, 'an empty device list says why');

  const unreadable = await callError('practice.start', { source: { kind: 'file', path: path.join(root, 'missing.wav') }, goal: 'calm-confident' });
  assert.equal(unreadable.code, 'input-file');
  assert.match(unreadable.message, /missing\.wav: file not found/);
});
