/** Training is reproducible from its seed: same seed, same weights; other seed, other weights. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PreparedClip } from '../../../training/model/prepare-corpus.ts';
import { SeededRandom } from '../../../training/random.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../training/train-config.ts';
import { fitModel } from '../../../training/train.ts';

/** Tiny two-class corpus: 'happy' clips are louder in the upper bands than 'sad' ones. */
function corpus(): PreparedClip[] {
  const random = new SeededRandom(11);
  return Array.from({ length: 12 }, (_, i) => {
    const label = i % 2 ? 'happy' : 'sad';
    const rows = 240;
    const data = Float32Array.from({ length: rows * 64 }, (_, j) => -50 + (label === 'happy' ? (j % 64) / 4 : 0) + 3 * random.normal());
    const series = (v: number) => new Float32Array(rows).fill(v);
    const frames = { logMel: { rows, cols: 64, data }, levelDb: series(-30), f0Octaves: series(label === 'happy' ? 0.5 : -0.3), voiced: series(1) };
    return { clip: { path: `/c/${i}.wav`, dataset: 'folder', speaker: `folder-${i % 3}`, label }, frames, augmented: [{ frames, timeScale: 1 }] } as PreparedClip;
  });
}

async function trainedWeights(seed: number): Promise<Float32Array[]> {
  const clips = corpus();
  const config = { ...DEFAULT_TRAIN_CONFIG, architecture: 'stats-mlp' as const, maxEpochs: 3, batchSize: 4 };
  const fit = await fitModel(clips.slice(0, 8), clips.slice(8), ['happy', 'sad'], config, { epochs: 3, seed, onEpoch: () => undefined });
  const weights = fit.predictor.model.getWeights().map((w) => w.dataSync() as Float32Array);
  fit.predictor.model.dispose();
  return weights;
}

test('the same seed gives identical weights; another seed does not', async () => {
  const a = await trainedWeights(5);
  const b = await trainedWeights(5);
  const c = await trainedWeights(6);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});
