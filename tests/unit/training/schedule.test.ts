import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosineLearningRate } from '../../../training/train.ts';

test('cosine schedule: peak at epoch 1, 5% floor at the last epoch, monotone between', () => {
  const config = { learningRate: 2e-3, maxEpochs: 40 };
  assert.equal(cosineLearningRate(config, 1), 2e-3);
  assert.ok(Math.abs(cosineLearningRate(config, 40) - 1e-4) < 1e-12);
  assert.ok(Math.abs(cosineLearningRate(config, 20.5) - (1e-4 + 1.9e-3 / 2)) < 1e-12, 'half way is the mean');
  for (let e = 2; e <= 40; e++) assert.ok(cosineLearningRate(config, e) < cosineLearningRate(config, e - 1));
});
