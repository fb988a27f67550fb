/**
 * The background "Predict all" run against a stub engine: every clip cached once, progress
 * reported, cancel stops after the clip in flight and a new run picks up the rest, an
 * engine restart is waited out, an unreadable clip is skipped, other failures end the run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { PredictionRunner } from '../../../electron/backend/prediction-runner.ts';
import type { PredictionRunnerOptions } from '../../../electron/backend/prediction-runner.ts';
import type { PredictionRun } from '../../../electron/contract.ts';
import { EngineRequestError, EngineUnavailableError } from '../../../electron/engine/errors.ts';
import type { WorkspaceStore } from '../../../electron/services/workspace/store.ts';
import { importClips, makeClip, openTempWorkspace } from '../workspace/make-workspace.ts';

const MODEL = { dir: '/models/m', key: '/models/m@1' };

type Engine = PredictionRunnerOptions['engine'];

/** An engine whose answer to the n-th predictClip (0-based) `behaviour` decides; it records the paths asked. */
function stubEngine(behaviour: (n: number, path: string) => 'ok' | Error = () => 'ok') {
  const asked: string[] = [];
  const engine = {
    request: async (_method: string, params: { path: string }) => {
      const outcome = behaviour(asked.length, params.path);
      asked.push(params.path);
      await new Promise((resolve) => setImmediate(resolve));
      if (outcome instanceof Error) throw outcome;
      return { modelName: 'm', labels: ['neutral', 'happy'], probs: [0.3, 0.7], label: 'happy', hasSpeech: true, windows: [] };
    },
  } as unknown as Engine; // the runner only calls request('predictClip', …)
  return { engine, asked };
}

async function workspaceWith(t: TestContext, clips: number): Promise<WorkspaceStore> {
  const { store } = await openTempWorkspace(t);
  importClips(store, Array.from({ length: clips }, (_, i) => makeClip(i)));
  return store;
}

function runner(engine: Engine, progress: PredictionRun[] = []) {
  return new PredictionRunner({ engine, onProgress: (run) => progress.push(run), log: () => undefined, retryDelayMs: 1 });
}

test('a run scores every clip once, caches it, reports progress and ends finished', async (t) => {
  const store = await workspaceWith(t, 5);
  const { engine, asked } = stubEngine();
  const progress: PredictionRun[] = [];
  const predictions = runner(engine, progress);
  const started = predictions.start(store, MODEL);
  assert.deepEqual([started.state, started.total, started.done], ['running', 5, 0]);
  await predictions.idle();
  assert.equal(asked.length, 5);
  assert.equal(store.countPredictions(MODEL.key), 5);
  assert.deepEqual(progress.at(-1), { state: 'finished', modelDir: MODEL.dir, done: 5, total: 5, failed: 0 });
  assert.deepEqual(predictions.lastRun(MODEL.dir), progress.at(-1));
  assert.equal(predictions.lastRun('/models/other'), null);

  const again = predictions.start(store, MODEL);
  assert.equal(again.total, 0, 'nothing left to score');
  await predictions.idle();
  assert.equal(asked.length, 5);
});

test('cancel stops after the clip in flight; the next run does only the rest', async (t) => {
  const store = await workspaceWith(t, 6);
  const { engine, asked } = stubEngine();
  const predictions = runner(engine);
  predictions.start(store, MODEL);
  while (asked.length < 2) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(predictions.cancel(), true);
  await predictions.idle();
  const cancelled = predictions.lastRun(MODEL.dir);
  assert.equal(cancelled?.state, 'cancelled');
  assert.ok(cancelled !== null && cancelled.done < 6 && cancelled.done === store.countPredictions(MODEL.key));
  assert.equal(predictions.cancel(), false, 'nothing runs any more');

  const rest = predictions.start(store, MODEL);
  assert.equal(rest.total, 6 - cancelled.done);
  await predictions.idle();
  assert.equal(store.countPredictions(MODEL.key), 6);
  assert.equal(new Set(asked).size, 6, 'no clip asked twice');
});

test('an engine restart is waited out and an unreadable clip is skipped', async (t) => {
  const store = await workspaceWith(t, 4);
  const { engine } = stubEngine((n) => {
    if (n === 1) return new EngineUnavailableError('the engine restarts');
    if (n === 3) return new EngineRequestError('input-file', '/corpus/x.wav: not a WAV file');
    return 'ok';
  });
  const predictions = runner(engine);
  predictions.start(store, MODEL);
  await predictions.idle();
  assert.deepEqual(predictions.lastRun(MODEL.dir), { state: 'finished', modelDir: MODEL.dir, done: 4, total: 4, failed: 1 });
  assert.equal(store.countPredictions(MODEL.key), 3);
});

test('any other failure ends the run as failed, keeping what it cached', async (t) => {
  const store = await workspaceWith(t, 4);
  const { engine } = stubEngine((n) => (n === 2 ? new EngineRequestError('model', 'cannot load the model in /models/m') : 'ok'));
  const predictions = runner(engine);
  predictions.start(store, MODEL);
  await predictions.idle();
  const run = predictions.lastRun(MODEL.dir);
  assert.equal(run?.state, 'failed');
  assert.match(run?.message ?? '', /cannot load the model/);
  assert.equal(store.countPredictions(MODEL.key), 2);
});
