/**
 * Cancelling training: an aborted signal stops fitModel between batches, cross-validation
 * between folds or inside one (worker processes included), and feature preparation between
 * clips — each rejecting with an AbortError soon after the abort, with no epoch after it,
 * no tensors left behind and no worker process left running.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { encodeWav } from '../../../training/audio/wav.ts';
import { trainWithCrossValidation } from '../../../training/cross-validate.ts';
import type { ScannedClip } from '../../../training/datasets/types.ts';
import { FrameCache } from '../../../training/features/clip-frames.ts';
import { prepareCorpus, type PreparedClip } from '../../../training/model/prepare-corpus.ts';
import { DEFAULT_TRAIN_CONFIG, type TrainEvent } from '../../../training/train-config.ts';
import { fitModel } from '../../../training/train.ts';
import { syntheticCorpus } from './synthetic-corpus.ts';

const CONFIG = { ...DEFAULT_TRAIN_CONFIG, architecture: 'stats-mlp' as const, maxEpochs: 30, batchSize: 4, folds: 2, patience: 30 };

function isAbortError(error: unknown): boolean {
  assert.ok(error instanceof Error, String(error));
  assert.equal(error.name, 'AbortError', error.stack);
  return true;
}

/** Fold worker processes that are children of this test process. */
function foldWorkers(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('fold-worker.ts'));
}

function crossValidation(clips: PreparedClip[], signal: AbortSignal, onEvent: (e: TrainEvent) => void, jobs = 1, cacheDir = '/nonexistent') {
  return trainWithCrossValidation({
    clips,
    source: { clips: clips.map((c) => c.clip), augmentations: 0, seed: CONFIG.seed, cacheDir },
    name: 'cancelled',
    backend: { name: 'cpu', request: 'cpu' },
    jobs,
    dataLicense: 'test data',
    config: CONFIG,
    onEvent,
    signal,
  });
}

describe('cancelling training', () => {
  it('fitModel stops at the next batch after an abort, frees its tensors and rejects with AbortError', async () => {
    const clips = syntheticCorpus({ speakers: 3, labels: ['happy', 'sad'], clipsPerLabel: 4 });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const epochs: number[] = [];
    let abortedAt = 0;
    await assert.rejects(
      fitModel(clips.slice(0, 16), clips.slice(16), ['happy', 'sad'], CONFIG, {
        epochs: 30,
        seed: 3,
        signal: controller.signal,
        onEpoch: (e) => {
          epochs.push(e.epoch);
          if (e.epoch === 2) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }),
      isAbortError,
    );
    assert.ok(performance.now() - abortedAt < 1000, `rejected ${Math.round(performance.now() - abortedAt)} ms after the abort`);
    assert.deepEqual(epochs, [1, 2], 'no epoch ran after the abort');
    assert.equal(tf.memory().numTensors, before, 'the model, its optimizer state and the kept best weights are freed');
  });

  it('a completed fit keeps only the model weights (the optimizer state is freed)', async () => {
    const clips = syntheticCorpus({ speakers: 3, labels: ['happy', 'sad'], clipsPerLabel: 2 });
    const before = tf.memory().numTensors;
    const fit = await fitModel(clips, [], ['happy', 'sad'], CONFIG, { epochs: 2, seed: 3, onEpoch: () => undefined });
    const weights = fit.predictor.model.getWeights().length;
    assert.equal(tf.memory().numTensors - before, weights);
    fit.predictor.model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('cross-validation with an already aborted signal rejects before training anything', async () => {
    const clips = syntheticCorpus({ speakers: 6, labels: ['happy', 'sad'], clipsPerLabel: 2 });
    const controller = new AbortController();
    controller.abort();
    const events: TrainEvent[] = [];
    await assert.rejects(crossValidation(clips, controller.signal, (e) => events.push(e)), isAbortError);
    assert.deepEqual(events, []);
  });

  it('cross-validation stops inside the first fold when aborted after its first epoch', async () => {
    const clips = syntheticCorpus({ speakers: 6, labels: ['happy', 'sad'], clipsPerLabel: 2 });
    const controller = new AbortController();
    const events: TrainEvent[] = [];
    let abortedAt = 0;
    await assert.rejects(
      crossValidation(clips, controller.signal, (e) => {
        events.push(e);
        if (e.type === 'epoch' && e.epoch === 1) {
          abortedAt = performance.now();
          controller.abort();
        }
      }),
      isAbortError,
    );
    assert.ok(performance.now() - abortedAt < 1000);
    assert.deepEqual(
      events.map((e) => (e.type === 'epoch' ? `${e.run} ${e.epoch}` : e.type)),
      ['fold 1/2 1'],
    );
  });

  it('prepareCorpus stops between clips', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-cancel-prepare-'));
    try {
      const clips: ScannedClip[] = [];
      for (let i = 0; i < 4; i++) {
        const file = path.join(dir, `${i}.wav`);
        const tone = Float32Array.from({ length: 8000 }, (_, j) => 0.3 * Math.sin((2 * Math.PI * (150 + 20 * i) * j) / 16000));
        await writeFile(file, encodeWav(tone, 16000));
        clips.push({ path: file, dataset: 'folder', speaker: 'folder-a', label: 'happy' });
      }
      const controller = new AbortController();
      const progress: number[] = [];
      await assert.rejects(
        prepareCorpus(clips, {
          augmentations: 0,
          seed: 1,
          signal: controller.signal,
          onProgress: (done) => {
            progress.push(done);
            if (done === 2) controller.abort();
          },
        }),
        isAbortError,
      );
      assert.deepEqual(progress, [1, 2]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('parallel folds: an abort kills the worker processes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-cancel-workers-'));
    try {
      // Real audio, so the workers can reload the corpus from the feature cache.
      const scanned: ScannedClip[] = [];
      for (let s = 0; s < 6; s++) {
        for (const [l, label] of (['happy', 'sad'] as const).entries()) {
          const file = path.join(dir, `${s}-${label}.wav`);
          const f0 = 110 + 15 * s + 80 * l;
          const tone = Float32Array.from({ length: 24000 }, (_, j) => 0.2 * Math.sin((2 * Math.PI * f0 * j) / 16000) + 0.1 * Math.sin((4 * Math.PI * f0 * j) / 16000));
          await writeFile(file, encodeWav(tone, 16000));
          scanned.push({ path: file, dataset: 'folder', speaker: `folder-s${s}`, label });
        }
      }
      const cacheDir = path.join(dir, 'cache');
      const { prepared } = await prepareCorpus(scanned, { augmentations: 0, seed: CONFIG.seed, cache: new FrameCache(cacheDir) });
      const controller = new AbortController();
      const events: TrainEvent[] = [];
      let workersAtAbort: string[] = [];
      let abortedAt = 0;
      await assert.rejects(
        crossValidation(
          prepared,
          controller.signal,
          (e) => {
            events.push(e);
            if (e.type === 'epoch' && abortedAt === 0) {
              workersAtAbort = foldWorkers();
              abortedAt = performance.now();
              controller.abort();
            }
          },
          2,
          cacheDir,
        ),
        isAbortError,
      );
      assert.ok(performance.now() - abortedAt < 3000, `rejected ${Math.round(performance.now() - abortedAt)} ms after the abort`);
      assert.equal(workersAtAbort.length, 2, workersAtAbort.join('\n'));
      assert.deepEqual(foldWorkers(), [], 'no fold worker is left running');
      assert.equal(events.filter((e) => e.type === 'epoch').length, 1, 'events after the abort are dropped');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
