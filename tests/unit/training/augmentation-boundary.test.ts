/**
 * Augmentation only inside the training fold: scoring never touches a clip's augmented
 * variants, so poisoning them cannot change an evaluation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../training/model/architectures.ts';
import type { PreparedClip } from '../../../training/model/prepare-corpus.ts';
import { SeededRandom } from '../../../training/random.ts';
import { evaluateClips } from '../../../training/train.ts';
import { DEFAULT_INPUT_CONFIG } from '../../../training/model/model-input.ts';

function clip(label: string, random: SeededRandom, poison: boolean): PreparedClip {
  const rows = 260;
  const data = Float32Array.from({ length: rows * 64 }, () => -40 + 10 * random.normal());
  const series = (v: number) => new Float32Array(rows).fill(v);
  const frames = { logMel: { rows, cols: 64, data }, levelDb: series(-25), f0Octaves: series(0.2), voiced: series(1) };
  const nan = series(Number.NaN);
  const bad = { logMel: { rows, cols: 64, data: new Float32Array(rows * 64).fill(Number.NaN) }, levelDb: nan, f0Octaves: nan, voiced: nan };
  return {
    clip: { path: `/x/${label}.wav`, dataset: 'folder', speaker: 'folder-a', label: label as 'sad' },
    frames,
    augmented: poison ? [{ frames: bad, timeScale: 1 }] : [],
  };
}

test('evaluation ignores augmented variants', () => {
  const model = buildModel('stats-mlp', { frames: 200, channels: 66, nClasses: 2, seed: 2, learningRate: 1e-3 });
  const predictor = { model, input: DEFAULT_INPUT_CONFIG, normalisation: { mean: new Array(66).fill(-40), std: new Array(66).fill(10) } };
  const clean = ['sad', 'happy', 'sad'].map((l) => clip(l, new SeededRandom(l.length), false));
  const poisoned = ['sad', 'happy', 'sad'].map((l) => clip(l, new SeededRandom(l.length), true));
  const labels = ['happy', 'sad'];
  assert.deepEqual(evaluateClips(predictor, poisoned, labels), evaluateClips(predictor, clean, labels));
  model.dispose();
});
