// The wasm convolution gradients must equal the cpu backend's, so CNNs train on wasm.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../training/model/backend.ts';
import { registerWasmConvGradients } from '../../../training/model/wasm-conv-gradients.ts';
import { pseudoRandomValues as values } from '../../helpers/pseudo-random.ts';

type Pad = 'same' | 'valid' | number;
type Shape4 = [number, number, number, number];


const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** max |a − b| / max |b|: the error relative to the reference's scale. */
function relativeError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  assert.ok(scale > 0, 'reference gradient is all zero; the case tests nothing');
  return diff / scale;
}

async function onBackend<T>(name: string, fn: () => T): Promise<T> {
  assert.ok(await tf.setBackend(name), `backend ${name} did not start`);
  return fn();
}

/**
 * Gradients of Σ y·w (w a fixed random weighting, so every output position carries a
 * distinct gradient) with respect to input and filter of one convolution.
 */
function convGradients(
  conv: (x: tf.Tensor, f: tf.Tensor) => tf.Tensor,
  xShape: number[],
  fShape: number[],
  seed: number,
): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor(values(size(xShape), seed), xShape);
    const f = tf.tensor(values(size(fShape), seed + 1), fShape);
    const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
      const y = conv(a, b);
      return tf.sum(tf.mul(y, tf.tensor(values(y.size, seed + 2), y.shape)));
    })([x, f]);
    return [dx.dataSync() as Float32Array, df.dataSync() as Float32Array];
  });
}

before(async () => {
  const choice = await selectBackend('wasm');
  assert.equal(choice.name, 'wasm');
});

/** Input and filter gradients of `conv` on wasm equal cpu's within 1e-4 relative. */
async function assertWasmGradientsMatchCpu(
  conv: (x: tf.Tensor, f: tf.Tensor) => tf.Tensor,
  xShape: number[],
  fShape: number[],
  seed: number,
): Promise<void> {
  const [cpuDx, cpuDf] = await onBackend('cpu', () => convGradients(conv, xShape, fShape, seed));
  const [wasmDx, wasmDf] = await onBackend('wasm', () => convGradients(conv, xShape, fShape, seed));
  assert.ok(relativeError(wasmDx, cpuDx) < 1e-4, `input gradient error ${relativeError(wasmDx, cpuDx)}`);
  assert.ok(relativeError(wasmDf, cpuDf) < 1e-4, `filter gradient error ${relativeError(wasmDf, cpuDf)}`);
}

describe('Conv1D gradients on wasm equal cpu', () => {
  const cases: Array<{
    name: string;
    x: [number, number, number];
    f: [number, number, number];
    stride: number;
    pad: 'same' | 'valid';
  }> = [
    { name: 'kernel 3, same, stride 1', x: [2, 40, 3], f: [3, 3, 4], stride: 1, pad: 'same' },
    { name: 'kernel 5, same, stride 1', x: [3, 33, 5], f: [5, 5, 6], stride: 1, pad: 'same' },
    { name: 'kernel 3, same, stride 2', x: [2, 41, 4], f: [3, 4, 5], stride: 2, pad: 'same' },
    {
      name: 'kernel 4, valid, stride 2 (last input sample unused)',
      x: [2, 21, 3],
      f: [4, 3, 2],
      stride: 2,
      pad: 'valid',
    },
    { name: 'kernel 5, valid, stride 1', x: [4, 30, 8], f: [5, 8, 8], stride: 1, pad: 'valid' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const conv = (x: tf.Tensor, f: tf.Tensor): tf.Tensor =>
        tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, c.stride, c.pad);
      await assertWasmGradientsMatchCpu(conv, c.x, c.f, 7);
    });
  }
});

describe('Conv2D gradients on wasm equal cpu', () => {
  const cases: Array<{
    name: string;
    x: Shape4;
    f: Shape4;
    stride: number | [number, number];
    pad: Pad;
  }> = [
    { name: '3×3 same', x: [2, 9, 10, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same' },
    { name: '3×3 valid', x: [3, 9, 10, 2], f: [3, 3, 2, 5], stride: 1, pad: 'valid' },
    { name: '3×3 same, stride 2', x: [2, 10, 11, 3], f: [3, 3, 3, 4], stride: 2, pad: 'same' },
    { name: '3×3 valid, stride 2', x: [2, 10, 11, 3], f: [3, 3, 3, 4], stride: 2, pad: 'valid' },
    {
      name: '2×3 same, strides [2, 3]',
      x: [2, 8, 13, 2],
      f: [2, 3, 2, 3],
      stride: [2, 3],
      pad: 'same',
    },
    {
      name: '3×3 explicit padding 1, stride 2',
      x: [2, 8, 9, 2],
      f: [3, 3, 2, 3],
      stride: 2,
      pad: 1,
    },
    {
      name: 'one input channel, 16 filters (a first layer)',
      x: [4, 12, 20, 1],
      f: [3, 3, 1, 16],
      stride: 1,
      pad: 'same',
    },
    {
      name: '5×5 same, 8 → 12 channels',
      x: [2, 11, 9, 8],
      f: [5, 5, 8, 12],
      stride: 1,
      pad: 'same',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const conv = (x: tf.Tensor, f: tf.Tensor): tf.Tensor =>
        tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
      await assertWasmGradientsMatchCpu(conv, c.x, c.f, 11);
    });
  }
});

describe('wasm gradient kernels', () => {
  it('are registered, and registering again keeps the same kernels', () => {
    const filter = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    const input = tf.getKernel('Conv2DBackpropInput', 'wasm');
    assert.ok(filter !== undefined && input !== undefined);
    registerWasmConvGradients();
    assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc, filter.kernelFunc);
    assert.equal(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc, input.kernelFunc);
  });

  it('free every intermediate tensor they make', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    // 10 rows, kernel 3, stride 2, 'valid': the last row is unused, so the filter
    // gradient crops (Slice) and the input gradient spreads by the stride (PadV2).
    const x = tf.tensor4d(values(2 * 10 * 9 * 3, 3), [2, 10, 9, 3]);
    const dy = tf.tensor4d(values(2 * 4 * 4 * 4, 4), [2, 4, 4, 4]);
    const filter = tf.tensor4d(values(3 * 3 * 3 * 4, 5), [3, 3, 3, 4]);
    const attrs = { strides: 2, pad: 'valid', dataFormat: 'NHWC' };
    const start = backend.numDataIds();
    const df = tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { ...attrs, filterShape: [3, 3, 3, 4] },
      ) as tf.Tensor;
    const dx = tf
      .engine()
      .runKernel(
        'Conv2DBackpropInput',
        { dy, filter },
        { ...attrs, inputShape: [2, 10, 9, 3] },
      ) as tf.Tensor;
    assert.deepEqual(df.shape, [3, 3, 3, 4]);
    assert.deepEqual(dx.shape, [2, 10, 9, 3]);
    assert.equal(backend.numDataIds(), start + 2, 'only the two results remain');
    tf.dispose([df, dx, x, dy, filter]);
  });

  it('reject layouts they do not implement, saying which', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 3, 4, 5]);
    const dy = tf.zeros([1, 3, 4, 2]);
    assert.throws(
      () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy },
            { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 5, 2] },
          ),
      /NHWC/,
    );
    tf.dispose([x, dy]);
  });
});
