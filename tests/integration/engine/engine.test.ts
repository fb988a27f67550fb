/**
 * The real ML engine process, started through forkEngine and driven by EngineClient, with
 * the shipped default model: predictions equal `ser predict`'s (predictFiles in this
 * process), bad audio and bad requests get typed error replies without harming the engine,
 * a SIGKILLed engine is restarted, stop() leaves no process behind, and a backend that
 * cannot be had is reported. One engine (plus its one restart) serves the main suite,
 * since each start loads tfjs.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  EngineClient,
  EngineRequestError,
  type EngineExit,
  type EngineStatus,
  EngineUnavailableError,
} from '../../../electron/engine/engine-client.ts';
import { forkEngine } from '../../../electron/engine/fork-engine.ts';
import type { EngineParams, EngineResult } from '../../../electron/engine/protocol.ts';
import { selectBackend } from '../../../training/model/backend.ts';
import { DEFAULT_MODEL_DIR } from '../../../training/paths.ts';
import { predictFiles } from '../../../training/predict.ts';
import { hasProgram } from '../../helpers/programs.ts';
import { simpleWav } from '../../unit/audio/wav-bytes.ts';

const espeakMissing = hasProgram('espeak-ng') ? false : 'espeak-ng is not installed (apt install espeak-ng)';
if (espeakMissing) console.log(`# skipping the speech prediction test: ${espeakMissing}`);

/** A few seconds of a vowel-like harmonic tone: decodable audio that takes the engine a while to score. */
function harmonicToneWav(seconds: number): Uint8Array {
  const frames: number[][] = [];
  for (let i = 0; i < seconds * 16000; i++) {
    const t = i / 16000;
    const f0 = 140 + 20 * Math.sin(2 * Math.PI * 0.5 * t);
    frames.push([0.2 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(4 * Math.PI * f0 * t) + 0.05 * Math.sin(6 * Math.PI * f0 * t)]);
  }
  return simpleWav(frames, 'float32');
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function assertDistribution(probs: readonly number[], what: string): void {
  assert.ok(Math.abs(sum(probs) - 1) < 1e-5, `${what} sums to ${sum(probs)}`);
  assert.ok(probs.every((p) => p >= 0 && p <= 1), `${what}: ${probs.join(', ')}`);
}

/** Engine processes started by this test process (its other children: tsx's esbuild, ps). */
function engineProcesses(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim()).filter((l) => l.includes('engine-process.ts'));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ML engine process', () => {
  let dir: string;
  let speech: string;
  let tone: string;
  let notAudio: string;
  let client: EngineClient;
  const statuses: EngineStatus[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-engine-'));
    tone = path.join(dir, 'tone.wav');
    await writeFile(tone, harmonicToneWav(6));
    notAudio = path.join(dir, 'notes.wav');
    await writeFile(notAudio, 'These are meeting notes, not audio.\n'.repeat(100));
    if (!espeakMissing) {
      speech = path.join(dir, 'speech.wav');
      await promisify(execFile)('espeak-ng', ['-w', speech, 'I told you three times to close the door behind you']);
    }
    client = new EngineClient(() => forkEngine());
    client.on('status', (s) => statuses.push(s));
    await client.start();
  });

  after(async () => {
    await client.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports its backend once ready, and its pid', async () => {
    assert.equal(client.status.state, 'ready');
    const status = await client.request('status', {});
    assert.equal(status.backend, client.status.backend);
    assert.ok(status.reason.startsWith(status.backend), status.reason);
    assert.equal(client.status.detail, status.reason);
    assert.ok(isRunning(status.pid));
    assert.notEqual(status.pid, process.pid);
  });

  it('predicts a speech clip with the probabilities ser predict gives', { skip: espeakMissing }, async () => {
    // The same backend here as in the engine, so both run the same arithmetic.
    const choice = await selectBackend('auto');
    assert.equal((await client.request('status', {})).backend, choice.name);
    const expected = await predictFiles(DEFAULT_MODEL_DIR, [speech]);
    const [reference] = expected.predictions;
    assert.ok('probs' in reference, JSON.stringify(reference));

    const result = await client.request('predictClip', { modelDir: DEFAULT_MODEL_DIR, path: speech });
    assert.equal(result.modelName, expected.model);
    assert.deepEqual(result.labels, expected.labels);
    result.labels.forEach((label, i) => {
      assert.ok(Math.abs(result.probs[i] - reference.probs[label]) < 1e-5, `${label}: engine ${result.probs[i]}, in-process ${reference.probs[label]}`);
    });
    assertDistribution(result.probs, 'clip probabilities');
    assert.equal(result.label, reference.label);
    assert.equal(result.hasSpeech, reference.speech);

    assert.ok(result.windows.length >= 1);
    assert.equal(result.windows[0].startSec, 0);
    for (const [i, w] of result.windows.entries()) {
      assertDistribution(w.probs, `window ${i}`);
      assert.ok(w.endSec > w.startSec && w.endSec - w.startSec <= 2 + 1e-9, `window ${i}: ${w.startSec}–${w.endSec} s`);
      assert.ok(w.speechFraction >= 0 && w.speechFraction <= 1);
    }
    const status = await client.request('status', {});
    assert.equal(status.models[0], path.resolve(DEFAULT_MODEL_DIR));

    // Through the feature cache: stored on the first request, the same numbers every time.
    const cacheDir = path.join(dir, 'cache');
    const params: EngineParams<'predictClip'> = { modelDir: DEFAULT_MODEL_DIR, path: speech, cacheDir };
    const first = await client.request('predictClip', params);
    const entries = await readdir(cacheDir, { recursive: true });
    assert.equal(entries.filter((e) => e.endsWith('-orig.f32')).length, 1, entries.join(', '));
    const second = await client.request('predictClip', params);
    assert.deepEqual(first.probs, result.probs);
    assert.deepEqual(second, first);
  });

  it("answers non-audio bytes with an 'input-file' error naming the file, and keeps answering", async () => {
    const { pid } = await client.request('status', {});
    await assert.rejects(client.request('predictClip', { modelDir: DEFAULT_MODEL_DIR, path: notAudio }), (error: unknown) => {
      assert.ok(error instanceof EngineRequestError, String(error));
      assert.equal(error.code, 'input-file');
      assert.ok(error.message.startsWith(`${notAudio}: `), error.message);
      return true;
    });
    const next = await client.request('predictClip', { modelDir: DEFAULT_MODEL_DIR, path: tone });
    assertDistribution(next.probs, 'the next clip');
    assert.equal((await client.request('status', {})).pid, pid, 'the same engine answered');
  });

  it("answers a request without a path with 'invalid-request', and a missing model with 'model'", async () => {
    // As an untyped caller (the renderer's JSON, a plugin) could send it.
    const missingPath = { modelDir: DEFAULT_MODEL_DIR } as EngineParams<'predictClip'>;
    await assert.rejects(client.request('predictClip', missingPath), (error: unknown) => {
      assert.ok(error instanceof EngineRequestError, String(error));
      assert.equal(error.code, 'invalid-request');
      assert.match(error.message, /params\.path/);
      return true;
    });
    const nowhere = path.join(dir, 'no-such-model');
    await assert.rejects(client.request('predictClip', { modelDir: nowhere, path: tone }), (error: unknown) => {
      assert.ok(error instanceof EngineRequestError, String(error));
      assert.equal(error.code, 'model');
      assert.ok(error.message.includes(nowhere), error.message);
      return true;
    });
  });

  it("summarises a model's metadata.json", async () => {
    const metadata = JSON.parse(await readFile(path.join(DEFAULT_MODEL_DIR, 'metadata.json'), 'utf8'));
    const info: EngineResult<'modelInfo'> = await client.request('modelInfo', { modelDir: DEFAULT_MODEL_DIR });
    assert.equal(info.dir, path.resolve(DEFAULT_MODEL_DIR));
    assert.deepEqual(info.labels, metadata.labels);
    assert.equal(info.training.speakers, metadata.training.speakers.length);
    assert.equal(info.evaluation?.meanUar, metadata.evaluation.meanUar);
    assert.equal(info.evaluation?.folds, metadata.evaluation.folds.length);
    assert.equal(info.evaluation?.pooled.uar, metadata.evaluation.pooled.uar);
  });

  it('rejects the request in flight when the engine is SIGKILLed, then restarts and answers the next', async () => {
    const { pid } = await client.request('status', {});
    const inFlight = client.request('predictClip', { modelDir: DEFAULT_MODEL_DIR, path: tone });
    process.kill(pid, 'SIGKILL');
    await assert.rejects(inFlight, (error: unknown) => {
      assert.ok(error instanceof EngineUnavailableError, String(error));
      assert.match(error.message, /SIGKILL/);
      assert.match(error.message, /restarting/);
      return true;
    });
    assert.equal(client.status.state, 'crashed');
    const next = await client.request('predictClip', { modelDir: DEFAULT_MODEL_DIR, path: tone }, { timeoutMs: 60_000 });
    assertDistribution(next.probs, 'after the restart');
    const restarted = await client.request('status', {});
    assert.notEqual(restarted.pid, pid);
    assert.equal(isRunning(pid), false);
    assert.deepEqual(statuses.map((s) => s.state).slice(-3), ['crashed', 'starting', 'ready']);
    assert.deepEqual(engineProcesses().map((l) => Number.parseInt(l, 10)), [restarted.pid]);
  });

  it('stop() ends the engine and leaves no process behind', async () => {
    const { pid } = await client.request('status', {});
    await client.stop();
    assert.equal(client.status.state, 'stopped');
    assert.equal(isRunning(pid), false);
    assert.deepEqual(engineProcesses(), []);
    await assert.rejects(client.request('status', {}), EngineUnavailableError);
  });
});

it('an engine asked for an unknown backend says so and exits instead of running on another', async () => {
  const channel = forkEngine({ env: { ...process.env, SER_BACKEND: 'abacus' } });
  const messages: unknown[] = [];
  channel.onMessage((message) => messages.push(message));
  const exit = await new Promise<EngineExit>((resolve) => channel.onExit(resolve));
  assert.equal(exit.code, 1);
  assert.deepEqual(messages, [
    { kind: 'event', event: 'log', level: 'error', message: "unknown ML backend 'abacus' (choose one of auto, gpu, node, wasm, cpu)" },
  ]);
});
