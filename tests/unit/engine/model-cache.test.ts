// The engine's model cache: one load per model directory, a reload when metadata.json
// changes (a retrained model), and disposal of what it lets go.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ModelCache } from '../../../electron/engine/model-cache.ts';
import { DEFAULT_MODEL_DIR } from '../../../training/paths.ts';

describe('ModelCache', () => {
  let dir: string;
  let modelA: string;
  let modelB: string;

  before(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-model-cache-'));
    modelA = path.join(dir, 'a');
    modelB = path.join(dir, 'b');
    await cp(DEFAULT_MODEL_DIR, modelA, { recursive: true });
    await cp(DEFAULT_MODEL_DIR, modelB, { recursive: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('loads a directory once, however it is spelled', async () => {
    const cache = new ModelCache();
    const first = await cache.get(modelA);
    const again = await cache.get(path.join(modelA, '..', 'a'));
    assert.equal(again, first);
    assert.deepEqual(cache.dirs(), [modelA]);
  });

  it('reloads when metadata.json changes and frees the old tensors', async () => {
    const cache = new ModelCache();
    const original = await cache.get(modelA);
    const tensorsWithOne = tf.memory().numTensors;
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(modelA, 'metadata.json'), later, later);
    const reloaded = await cache.get(modelA);
    assert.notEqual(reloaded, original);
    assert.equal(tf.memory().numTensors, tensorsWithOne, 'the old model was disposed');
    assert.equal(await cache.get(modelA), reloaded);
  });

  it('keeps the most recently used models up to its capacity, disposing the others', async () => {
    const cache = new ModelCache(1);
    await cache.get(modelA);
    const tensorsWithOne = tf.memory().numTensors;
    await cache.get(modelB);
    assert.deepEqual(cache.dirs(), [modelB]);
    assert.equal(tf.memory().numTensors, tensorsWithOne);
    const two = new ModelCache(2);
    await two.get(modelA);
    await two.get(modelB);
    await two.get(modelA);
    assert.deepEqual(two.dirs(), [modelA, modelB]);
  });
});
