/**
 * Practice mode end to end with the real ML engine and the shipped default model:
 * (1) the live pipeline (a file at real-time pace → engine stream) scores exactly the
 * windows `ser predict`'s path scores for the same file; (2) the practice and sessions
 * handlers, through the back end's dispatcher: start with a file, pause and resume, ≥ 5
 * updates per second of audio, stop, list with a report, get with timeline and media,
 * export, delete. One engine serves both, since each start loads tfjs.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LiveUpdate } from '../../../electron/contract.ts';
import { EngineClient } from '../../../electron/engine/engine-client.ts';
import { forkEngine } from '../../../electron/engine/fork-engine.ts';
import { FileSource } from '../../../electron/services/recorder/file-source.ts';
import { loadMono16k } from '../../../training/audio/load.ts';
import { DEFAULT_MODEL_DIR } from '../../../training/paths.ts';
import { startBackendHarness } from '../../helpers/backend-harness.ts';
import type { BackendHarness } from '../../helpers/backend-harness.ts';
import { makeSpeechFile, speechUnavailable } from './speech-file.ts';

const skip = speechUnavailable();
if (skip) console.log(`# skipping the live practice tests: ${skip}`);

async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('practice mode with the real engine', { skip }, () => {
  let dir: string;
  let speech: string;
  let engine: EngineClient;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-practice-live-'));
    speech = await makeSpeechFile(dir, 'talk', 'Good morning everyone. The meeting starts at nine tomorrow, and I left the keys on the kitchen table.');
    engine = new EngineClient(() => forkEngine());
    await engine.start();
  });

  after(async () => {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('scores live the windows ser predict scores for the same file (within 1e-5)', async () => {
    const updates: LiveUpdate[] = [];
    const off = engine.on('stream', (event) => {
      if (event.event === 'live' && event.streamId === 'live-vs-offline') updates.push(event.update);
    });
    const { labels } = await engine.request('startStream', {
      streamId: 'live-vs-offline',
      modelDir: DEFAULT_MODEL_DIR,
      goal: 'calm-confident',
      paceTargetWpm: [140, 160],
    });
    for await (const chunk of new FileSource(speech).start()) assert.ok(engine.sendAudio('live-vs-offline', chunk));
    const live = await engine.request('stopStream', { streamId: 'live-vs-offline' });
    off();
    const offline = await engine.request('predictClip', { modelDir: DEFAULT_MODEL_DIR, path: speech });

    const { samples } = await loadMono16k(speech);
    assert.equal(live.seconds, samples.length / 16000);
    assert.deepEqual(labels, offline.labels);
    // The stream scores every complete window; offline adds one last window aligned to the clip's end.
    assert.ok(live.windows.length >= 4, `${live.windows.length} windows`);
    assert.ok(offline.windows.length - live.windows.length <= 1, `live ${live.windows.length}, offline ${offline.windows.length}`);
    live.windows.forEach((w, i) => {
      const o = offline.windows[i];
      assert.ok(Math.abs(w.startSec - o.startSec) < 1e-9, `window ${i} starts at ${w.startSec} live, ${o.startSec} offline`);
      assert.ok(Math.abs(w.speechFraction - o.speechFraction) < 1e-9);
      w.probs.forEach((p, j) => assert.ok(Math.abs(p - o.probs[j]) <= 1e-5, `window ${i} ${labels[j]}: live ${p}, offline ${o.probs[j]}`));
    });
    // One update per 0.2 s of audio, all received before stopStream's reply.
    assert.equal(updates.length, Math.floor(live.seconds / 0.2 + 1e-9));
    updates.forEach((u, i) => assert.ok(Math.abs(u.t - 0.2 * (i + 1)) < 1e-9, `update ${i} at ${u.t}`));
    assert.ok(updates.some((u) => u.speech && u.tone !== null), 'speech was recognised as speech');
  });

  describe('through the back end', () => {
    let root: string;
    let harness: BackendHarness;
    const call: BackendHarness['call'] = (method, params) => harness.call(method, params);
    const updates = () =>
      harness.received.filter((e) => e.event === 'practice.update').map((e) => e.payload as LiveUpdate);

    before(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'ser-practice-backend-'));
      harness = await startBackendHarness(root, engine, { workspaceDir: path.join(root, 'workspace') });
    });

    after(async () => {
      await harness.backend.close();
      await rm(root, { recursive: true, force: true });
    });

    it('records a file session with a pause, ≥ 5 updates per second, and saves, lists, serves, exports and deletes it', async () => {
      const started = await call('practice.start', { source: { kind: 'file', path: speech }, goal: 'calm-confident' });
      assert.equal(started.state, 'running');
      assert.equal(started.labels.length, 8);
      await waitFor('1 s of updates', () => updates().length >= 5);
      assert.equal((await call('practice.pause', {})).state, 'paused');
      const atPause = updates().length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.ok(updates().length - atPause <= 1, 'at most the update already in flight arrives while paused');
      assert.equal((await call('practice.resume', {})).state, 'running');
      await waitFor('3 s of updates', () => (updates().at(-1)?.t ?? 0) >= 3);
      const { sessionId } = await call('practice.stop', {});
      assert.ok(sessionId !== null);
      const state = await call('practice.state', {});
      assert.deepEqual(state, { state: 'idle', sessionId, goal: null, source: null, labels: [] });

      const list = await call('sessions.list', {});
      assert.equal(list.length, 1);
      const [summary] = list;
      assert.equal(summary.id, sessionId);
      assert.ok(summary.durationSec >= 3 && summary.durationSec < 5, `${summary.durationSec} s recorded`);
      const timeline = updates();
      assert.ok(timeline.length >= 5 * summary.durationSec - 1, `${timeline.length} updates for ${summary.durationSec} s of audio`);
      // Times are audio seconds: the 0.6 s pause leaves no gap.
      timeline.forEach((u, i) => assert.ok(Math.abs(u.t - 0.2 * (i + 1)) < 1e-9, `update ${i} at ${u.t}`));
      assert.ok(summary.report.speechSec > 1, `${summary.report.speechSec} s of speech`);
      assert.ok(summary.report.toneShare.length > 0);

      const got = await call('sessions.get', { sessionId });
      assert.deepEqual(got.timeline, timeline, 'the saved timeline is what the UI was sent');
      assert.equal(got.labels.length, 8);
      const audio = await harness.backend.media(new Request(`http://127.0.0.1${got.media.audio}`));
      assert.equal(audio.status, 200);
      assert.equal((await audio.arrayBuffer()).byteLength, 44 + Math.round(summary.durationSec * 16000) * 2);
      const peaks = await harness.backend.media(new Request(`http://127.0.0.1${got.media.peaks}`));
      assert.equal(peaks.status, 200);

      const exported = await call('sessions.export', { sessionId, format: 'html' });
      const html = await readFile(exported.path, 'utf8');
      assert.match(html, /^<!doctype html>/i);
      assert.match(html, /talk\.wav/);

      assert.deepEqual(await call('sessions.delete', { sessionId }), { deleted: true });
      assert.deepEqual(await call('sessions.list', {}), []);
      assert.ok(!existsSync(path.join(root, 'workspace', 'sessions', sessionId)));
    });
  });
});
