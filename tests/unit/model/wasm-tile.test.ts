// The block-copy Tile kernel for wasm must produce what the cpu backend's Tile does.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../training/model/backend.ts';
import { registerWasmTile } from '../../../training/model/wasm-tile.ts';

before(async () => {
  assert.equal((await selectBackend('wasm')).name, 'wasm');
});

async function tileOn(
  backend: string,
  values: number[],
  shape: number[],
  dtype: 'float32' | 'int32' | 'bool',
  reps: number[],
): Promise<number[]> {
  assert.ok(await tf.setBackend(backend));
  return tf.tidy(() => Array.from(tf.tile(tf.tensor(values, shape, dtype), reps).dataSync()));
}

const cases: Array<{ shape: number[]; reps: number[]; dtype: 'float32' | 'int32' | 'bool' }> = [
  { shape: [1, 1, 1, 4], reps: [3, 5, 7, 1], dtype: 'float32' }, // the BatchNormalization-gradient pattern
  { shape: [2, 3, 4], reps: [3, 1, 2], dtype: 'float32' },
  { shape: [5], reps: [3], dtype: 'int32' },
  { shape: [2, 1, 3], reps: [1, 4, 1], dtype: 'bool' },
  { shape: [3, 2], reps: [1, 1], dtype: 'float32' },
  { shape: [1, 2, 1, 3, 1], reps: [2, 2, 3, 1, 2], dtype: 'int32' },
  { shape: [], reps: [], dtype: 'float32' },
];

for (const { shape, reps, dtype } of cases) {
  it(`tile [${shape.join(',')}] × [${reps.join(',')}] (${dtype}) equals cpu`, async () => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) =>
      dtype === 'bool' ? i % 2 : dtype === 'int32' ? i * 3 - 7 : i * 1.25 - 3,
    );
    const expected = await tileOn('cpu', values, shape, dtype, reps);
    const actual = await tileOn('wasm', values, shape, dtype, reps);
    assert.equal(actual.length, n * reps.reduce((a, b) => a * b, 1));
    assert.deepEqual(actual, expected);
  });
}

it('is the registered wasm Tile, and registering again changes nothing', () => {
  const kernel = tf.getKernel('Tile', 'wasm');
  registerWasmTile();
  assert.equal(tf.getKernel('Tile', 'wasm')?.kernelFunc, kernel?.kernelFunc);
});
