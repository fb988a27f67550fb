// The practice service's session lifecycle against a pretend engine and a scripted source:
// what is analysed, recorded, emitted and stored, and every way a session ends.
import assert from 'node:assert/strict';
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { ContractError } from '../../../electron/contract.ts';
import type { EventEnvelope, LiveUpdate, PracticeState } from '../../../electron/contract.ts';
import { EventHub } from '../../../electron/rpc/event-hub.ts';
import { PracticeService } from '../../../electron/services/practice/practice-service.ts';
import { storedSessionSummarySchema } from '../../../electron/services/practice/session-files.ts';
import { SessionRecordings } from '../../../electron/services/practice/session-recordings.ts';
import { ChunkQueue } from '../../../electron/services/recorder/chunk-queue.ts';
import { PcmSourceError } from '../../../electron/services/recorder/pcm-source.ts';
import type { PcmSource } from '../../../electron/services/recorder/pcm-source.ts';
import { createNodeSettingsStore } from '../../../electron/services/settings/settings-store.ts';
import { WorkspaceStore } from '../../../electron/services/workspace/store.ts';
import { sha256File } from '../../../training/features/clip-frames.ts';
import { parseWav } from '../../../training/audio/wav.ts';
import { FAKE_LABELS, fakeStreamEngine } from './fake-stream-engine.ts';

/** A source the test drives by hand. */
class ScriptedSource implements PcmSource {
  readonly name = 'scripted';
  readonly queue = new ChunkQueue<Int16Array>();
  started = false;
  paused = false;
  stopped = false;
  constructor(readonly kind: 'microphone' | 'file') {}
  start(): AsyncIterableIterator<Int16Array> {
    this.started = true;
    return this.queue;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  stop(): void {
    this.stopped = true;
    this.queue.end();
  }
}

/** 100 ms of distinct samples, numbered from `n`·1600. */
function chunk(n: number): Int16Array {
  return Int16Array.from({ length: 1600 }, (_, i) => ((n * 1600 + i) % 30000) - 15000);
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function setUp(t: TestContext, kind: 'microphone' | 'file' = 'microphone') {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-practice-'));
  const store = WorkspaceStore.open(path.join(root, 'workspace'));
  const settings = createNodeSettingsStore({ cwd: path.join(root, 'settings') });
  settings.update({ practice: { paceTargetWpm: [120, 150] } });
  const engine = fakeStreamEngine();
  await engine.start();
  const events = new EventHub();
  const received: EventEnvelope[] = [];
  events.subscribe((e) => received.push(e));
  const source = new ScriptedSource(kind);
  const logs: string[] = [];
  const service = new PracticeService({
    workspace: () => store,
    settings,
    engine,
    events,
    modelDir: () => '/models/fake',
    recordings: new SessionRecordings(),
    log: (line) => logs.push(line),
    openSource: () => source,
  });
  t.after(async () => {
    await service.close();
    await engine.stop();
    store.close();
    await rm(root, { recursive: true, force: true });
  });
  const states = () => received.filter((e) => e.event === 'practice.state').map((e) => e.payload as PracticeState);
  const updates = () => received.filter((e) => e.event === 'practice.update').map((e) => e.payload as LiveUpdate);
  const lastState = () => states().at(-1);
  /** Starts, feeding the first chunk once the source is open (start waits for audio). */
  const start = async (goal: 'calm-confident' | 'neutral-clear' = 'calm-confident') => {
    const starting = service.start({ source: kind === 'file' ? { kind, path: '/x.wav' } : { kind, device: null }, goal });
    await waitFor('the source to start', () => source.started);
    source.queue.push(chunk(0));
    return starting;
  };
  return { root, store, settings, engine, service, source, received, states, updates, lastState, start, logs };
}

test('a session: updates become events and the timeline, paused audio is neither analysed nor recorded, stop saves it all', async (t) => {
  const s = await setUp(t);
  const running = await s.start('neutral-clear');
  assert.equal(running.state, 'running');
  assert.deepEqual(running.labels, FAKE_LABELS);
  assert.equal(running.goal, 'neutral-clear');
  assert.equal(running.source, 'microphone');
  const startStream = s.engine.messages.find((m) => m.kind === 'request' && m.method === 'startStream');
  assert.ok(startStream?.kind === 'request' && startStream.method === 'startStream');
  assert.deepEqual(startStream.params.paceTargetWpm, [120, 150], 'the pace target comes from the settings');
  assert.equal(startStream.params.goal, 'neutral-clear');

  for (let n = 1; n < 10; n++) s.source.queue.push(chunk(n));
  await waitFor('1 s of audio in the engine', () => s.engine.samples.get(running.sessionId ?? '')?.length === 16000);
  await waitFor('five updates', () => s.updates().length === 5);

  assert.equal(s.service.pause().state, 'paused');
  assert.ok(s.source.paused);
  for (let n = 100; n < 103; n++) s.source.queue.push(chunk(n)); // e.g. already in the recorder's pipe
  await new Promise((resolve) => setTimeout(resolve, 20)); // delivered while paused
  assert.equal(s.service.resume().state, 'running');
  assert.ok(!s.source.paused);
  for (let n = 10; n < 15; n++) s.source.queue.push(chunk(n));
  await waitFor('1.5 s of audio in the engine', () => s.engine.samples.get(running.sessionId ?? '')?.length === 24000);

  const { sessionId } = await s.service.stop();
  assert.equal(sessionId, running.sessionId);
  assert.ok(s.source.stopped);

  const expected = Array.from({ length: 15 }, (_, n) => Array.from(chunk(n))).flat();
  assert.deepEqual(s.engine.samples.get(sessionId ?? ''), expected, 'the engine got exactly the unpaused audio, in order');
  const stored = s.store.getSession(sessionId ?? '');
  assert.ok(stored?.audioPath !== undefined);
  const wav = parseWav(new Uint8Array(await readFile(stored.audioPath)), stored.audioPath);
  assert.deepEqual(Array.from(wav.channels[0], (v) => v * 32768), expected, 'the recording is the analysed audio');
  const summary = storedSessionSummarySchema.parse(stored.summary);
  assert.equal(summary.durationSec, 1.5);
  assert.equal(summary.goal, 'neutral-clear');
  assert.deepEqual(summary.source, { kind: 'microphone', name: 'scripted' });
  assert.deepEqual(summary.labels, FAKE_LABELS);
  assert.equal(summary.audioSha256, await sha256File(stored.audioPath));
  assert.equal(summary.report.toneShare[0]?.label, 'happy');

  const timelineFile = JSON.parse(await readFile(path.join(path.dirname(stored.audioPath), 'timeline.json'), 'utf8'));
  assert.deepEqual(timelineFile.updates, s.updates(), 'the timeline is every update sent');
  assert.deepEqual(
    s.updates().map((u) => u.t),
    [0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4],
    'times count analysed audio only: the pause is not in them',
  );
  assert.deepEqual(
    s.states().map((st) => st.state),
    ['starting', 'running', 'paused', 'running', 'stopping', 'idle'],
  );
  assert.deepEqual(s.lastState(), { state: 'idle', sessionId, goal: null, source: null, labels: [] });
  assert.deepEqual(s.service.state(), s.lastState());
});

test('a file that ends stops the session by itself, saying so', async (t) => {
  const s = await setUp(t, 'file');
  const running = await s.start();
  for (let n = 1; n < 6; n++) s.source.queue.push(chunk(n));
  s.source.queue.end();
  await waitFor('the session to end', () => s.lastState()?.state === 'idle');
  assert.deepEqual(s.lastState(), { state: 'idle', sessionId: running.sessionId, goal: null, source: null, labels: [], message: 'The file ended' });
  const summary = storedSessionSummarySchema.parse(s.store.getSession(running.sessionId ?? '')?.summary);
  assert.equal(summary.durationSec, 0.6);
  assert.equal(s.updates().length, 3);
});

test('a recorder that fails before any audio fails the start with its advice and leaves nothing behind', async (t) => {
  const s = await setUp(t);
  const starting = s.service.start({ source: { kind: 'microphone', device: 'usb' }, goal: 'calm-confident' });
  await waitFor('the source to start', () => s.source.started);
  s.source.queue.fail(new PcmSourceError('busy', 'The microphone is in use by another program. Close it.'));
  await assert.rejects(starting, (error: unknown) => {
    assert.ok(error instanceof ContractError);
    assert.equal(error.code, 'unsupported');
    assert.equal(error.message, 'The microphone is in use by another program. Close it.');
    return true;
  });
  assert.deepEqual(s.lastState(), { state: 'idle', sessionId: null, goal: null, source: null, labels: [], message: 'The microphone is in use by another program. Close it.' });
  assert.deepEqual(await readdir(s.store.paths.sessions), [], 'no session folder is left');
  assert.deepEqual(s.store.listSessions(), []);
  assert.ok(s.engine.messages.some((m) => m.kind === 'request' && m.method === 'stopStream'), 'the engine stream is closed');
});

test('stopping while the source has not delivered yet fails the start and keeps nothing', async (t) => {
  const s = await setUp(t);
  const starting = s.service.start({ source: { kind: 'microphone', device: null }, goal: 'calm-confident' });
  await waitFor('the source to start', () => s.source.started);
  assert.equal(s.service.state().state, 'starting');
  assert.deepEqual(await s.service.stop(), { sessionId: null });
  await assert.rejects(starting, (e: unknown) => e instanceof ContractError && e.code === 'invalid-input' && /stopped before any audio/.test(e.message));
  assert.deepEqual(s.store.listSessions(), []);
  assert.deepEqual(await readdir(s.store.paths.sessions), []);
  assert.equal(s.lastState()?.state, 'idle');
});

test('a recorder failing mid-session stops it and keeps what was recorded', async (t) => {
  const s = await setUp(t);
  const running = await s.start();
  s.source.queue.push(chunk(1));
  s.source.queue.fail(new PcmSourceError('recorder-failed', 'The recorder "rec" stopped unexpectedly.'));
  await waitFor('the session to end', () => s.lastState()?.state === 'idle');
  assert.equal(s.lastState()?.message, 'The recorder "rec" stopped unexpectedly.');
  assert.equal(s.lastState()?.sessionId, running.sessionId);
  const summary = storedSessionSummarySchema.parse(s.store.getSession(running.sessionId ?? '')?.summary);
  assert.equal(summary.durationSec, 0.2);
});

test('an engine restart ends the session with a message and keeps the recording', async (t) => {
  const s = await setUp(t);
  const running = await s.start();
  for (let n = 1; n < 4; n++) s.source.queue.push(chunk(n));
  await waitFor('the audio in the engine', () => s.engine.samples.get(running.sessionId ?? '')?.length === 6400);
  s.engine.crash();
  await waitFor('the session to end', () => s.lastState()?.state === 'idle');
  assert.match(s.lastState()?.message ?? '', /^The ML engine stopped \(.*SIGKILL.*\); the session was saved up to that point\.$/);
  const stored = s.store.getSession(running.sessionId ?? '');
  assert.equal(storedSessionSummarySchema.parse(stored?.summary).durationSec, 0.4);
  assert.ok(!s.engine.messages.some((m) => m.kind === 'request' && m.method === 'stopStream'), 'no stopStream for a stream the engine lost');
});

test('one session at a time; pause, resume and stop need one', async (t) => {
  const s = await setUp(t);
  assert.deepEqual(await s.service.stop(), { sessionId: null });
  assert.throws(() => s.service.pause(), (e: unknown) => e instanceof ContractError && e.code === 'invalid-input');
  assert.throws(() => s.service.resume(), (e: unknown) => e instanceof ContractError && e.code === 'invalid-input');
  await s.start();
  await assert.rejects(
    s.service.start({ source: { kind: 'microphone', device: null }, goal: 'calm-confident' }),
    (e: unknown) => e instanceof ContractError && e.code === 'invalid-input' && /already/.test(e.message),
  );
  assert.throws(() => s.service.resume(), /No practice session is paused/);
  const { sessionId } = await s.service.stop();
  assert.notEqual(sessionId, null);
  assert.equal(s.store.listSessions().length, 1);
});
