/**
 * The Review view's background work as an annotator feels it, on the real RAVDESS clips
 * (../shared/datasets/ravdess-speech-16k) with the real engine and the default model:
 *  - throughput of "Predict all" (clips per second, first run: features computed);
 *  - while it runs, how long the Label view waits for a page of the queue (clips.list) and
 *    for an uncached clip's prediction (clips.predict, which queues behind one clip at most);
 *  - the same requests once the run is over, for comparison;
 *  - a training job from the app: a 2-fold CNN run of at most 4 epochs on 8 actors' clips.
 * Skipped, with the reason, where the corpus is absent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventEnvelope, TrainingJob } from '../electron/contract.ts';
import { EngineClient } from '../electron/engine/engine-client.ts';
import { forkEngine } from '../electron/engine/fork-engine.ts';
import { median, quantile } from '../training/math.ts';
import { startBackendHarness } from '../tests/helpers/backend-harness.ts';
import type { BenchRow } from './row.ts';

const CORPUS = fileURLToPath(new URL('../../shared/datasets/ravdess-speech-16k', import.meta.url));
/** Actors whose clips the workspace holds: 480 clips; 2 folds of 4 test, 2 validation and 2 training actors. */
const ACTORS = ['Actor_01', 'Actor_02', 'Actor_03', 'Actor_04', 'Actor_05', 'Actor_06', 'Actor_07', 'Actor_08'];

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

function latencyRows(what: string, samples: number[]): BenchRow[] {
  return [
    { name: `${what}, p50`, value: median(samples), unit: 'ms', detail: `${samples.length} requests` },
    { name: `${what}, p95`, value: quantile(samples, 0.95), unit: 'ms', target: '≤ 500 ms (the view stays responsive)' },
  ];
}

export async function benchReview(): Promise<BenchRow[]> {
  if (!existsSync(CORPUS)) {
    console.error(`review benchmark skipped: ${CORPUS} is absent (the RAVDESS development set)`);
    return [];
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-bench-review-'));
  const engine = new EngineClient(() => forkEngine());
  await engine.start();
  const harness = await startBackendHarness(root, engine);
  try {
    const { call, backend, received } = harness;
    await call('workspace.open', { dir: path.join(root, 'ws') });
    for (const actor of ACTORS) {
      await call('import.start', { dir: path.join(CORPUS, actor), format: 'ravdess' });
      await backend.idle();
    }
    const all = await call('clips.list', { offset: 0, limit: 1000, sort: 'path' });

    const t0 = performance.now();
    await call('predictions.run', {});
    const duringList: number[] = [];
    const duringPredict: number[] = [];
    // The run predicts in path order; ask for clips from the end, which it reaches last.
    for (let i = 0; (await call('predictions.status', {})).run?.state === 'running'; i++) {
      duringList.push(await timed(() => call('clips.list', { review: 'uncertain', offset: 0, limit: 1 })));
      const clip = all.rows[all.rows.length - 1 - i];
      if (clip !== undefined && i < 20) duringPredict.push(await timed(() => call('clips.predict', { clipId: clip.id })));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await backend.idle();
    const runSec = (performance.now() - t0) / 1000;
    const status = await call('predictions.status', {});

    const afterList: number[] = [];
    for (let i = 0; i < 20; i++) afterList.push(await timed(() => call('clips.list', { review: 'model-disagrees', offset: i, limit: 1 })));

    // A training job from the app (features are cached by the prediction run).
    const job = await call('training.start', { selection: { labelSource: 'current', onlyReviewed: false }, architecture: 'cnn', epochs: 4, folds: 2, name: 'bench' });
    const jobStarted = performance.now();
    let ended: TrainingJob | undefined;
    while (ended === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const last = received.filter((e: EventEnvelope) => e.event === 'training.update').map((e) => e.payload as TrainingJob).at(-1);
      if (last !== undefined && last.jobId === job.jobId && last.state !== 'running') ended = last;
    }
    const trainSec = (performance.now() - jobStarted) / 1000;

    return [
      { name: `Predict all: ${status.predicted} RAVDESS clips (default model, first run)`, value: status.predicted / runSec, unit: 'clips/s', detail: `${runSec.toFixed(1)} s` },
      ...latencyRows('queue page (clips.list) while Predict all runs', duringList),
      ...latencyRows('uncached clip prediction (clips.predict) while Predict all runs', duringPredict),
      ...latencyRows('queue page (clips.list) after the run', afterList),
      {
        name: `training from the app: 2-fold CNN, ≤ 4 epochs, ${job.selection.clips} clips, ${job.selection.speakers} actors`,
        value: trainSec,
        unit: 's',
        detail: `${ended.state}; ${ended.epochs.length} epochs over all runs`,
      },
    ];
  } finally {
    await harness.backend.close();
    await engine.stop();
    await rm(root, { recursive: true, force: true });
  }
}
