import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { FEATURE_SPEC, FEATURE_SPEC_HASH } from '../../../training/features/spec.ts';
import { buildModel } from '../../../training/model/architectures.ts';
import type { ModelMetadata } from '../../../training/model/metadata.ts';
import { loadModel, saveModel } from '../../../training/model/model-io.ts';
import { DEFAULT_INPUT_CONFIG } from '../../../training/model/model-input.ts';

function metadata(): ModelMetadata {
  return {
    format: 'ser-studio-model/1',
    name: 'roundtrip',
    architecture: 'cnn',
    labels: ['neutral', 'happy', 'sad'],
    featureSpec: { hash: FEATURE_SPEC_HASH, spec: FEATURE_SPEC },
    input: { ...DEFAULT_INPUT_CONFIG, windowSeconds: 2, hopSeconds: 0.5 },
    normalisation: { mean: new Array(66).fill(-30), std: new Array(66).fill(12) },
    training: { datasets: ['folder'], speakers: ['a', 'b'], clipCount: 10, epochs: 3, seed: 1, augmentation: [], durationSec: 1, finalModelSec: 1 },
    evaluation: null,
    backend: 'cpu',
    created: new Date(0).toISOString(),
    dataLicense: 'test',
  };
}

test('a saved CNN (with its custom pooling layer) loads back and predicts identically', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-model-'));
  try {
    const model = buildModel('cnn', { frames: 200, channels: 66, nClasses: 3, seed: 4, learningRate: 1e-3 });
    const x = tf.randomNormal([2, 200, 66], 0, 1, 'float32', 9);
    const before = (model.predict(x) as tf.Tensor).arraySync();
    await saveModel(path.join(dir, 'm'), model, metadata());
    const loaded = await loadModel(path.join(dir, 'm'));
    const after = (loaded.model.predict(x) as tf.Tensor).arraySync();
    assert.deepEqual(after, before);
    assert.equal(loaded.metadata.labels.length, 3);
    // Saving again over it swaps atomically and leaves no staging folders behind.
    await saveModel(path.join(dir, 'm'), model, { ...metadata(), name: 'second' });
    assert.equal((await loadModel(path.join(dir, 'm'))).metadata.name, 'second');
    const leftovers = (await import('node:fs')).readdirSync(dir);
    assert.deepEqual(leftovers, ['m']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a model built for another input layout is rejected with what to do', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-model-'));
  try {
    const model = buildModel('stats-mlp', { frames: 200, channels: 64, nClasses: 3, seed: 4, learningRate: 1e-3 });
    await saveModel(path.join(dir, 'old'), model, metadata());
    await assert.rejects(loadModel(path.join(dir, 'old')), /expects windows of \[200 × 64\] but this version prepares \[200 × 66\].*retrain/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a folder that is not a model, or has damaged metadata, is rejected by name', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-model-'));
  try {
    await assert.rejects(loadModel(dir), /metadata\.json is missing/);
    await writeFile(path.join(dir, 'metadata.json'), JSON.stringify({ ...metadata(), labels: 'neutral' }));
    await assert.rejects(loadModel(dir), (e: Error) => e.message.includes('metadata.json') && e.message.includes('labels'));
    assert.ok((await readFile(path.join(dir, 'metadata.json'), 'utf8')).length > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
