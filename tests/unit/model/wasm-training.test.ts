// CNN layers models train on the wasm backend with the registered kernels, and their
// gradients equal the cpu backend's.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../training/model/backend.ts';
import { pseudoRandomValues as values } from '../../helpers/pseudo-random.ts';


before(async () => {
  assert.equal((await selectBackend('wasm')).name, 'wasm');
});

it('a Conv1D → GlobalAveragePooling1D → Dense model trains on wasm and its loss falls', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const frames = 24;
  const channels = 4;
  const batch = 16;
  // Class 1 clips carry a 4-frame-period oscillation on channel 0, class 0 clips do not;
  // a filter must learn to detect it (the average of the raw input carries no signal).
  const x = tf.tidy(() => {
    const noise = tf.mul(
      tf.tensor3d(values(batch * frames * channels, 3), [batch, frames, channels]),
      0.3,
    );
    const period = tf.tensor1d(Array.from({ length: frames }, (_, t) => [1, 0, -1, 0][t % 4]));
    const wave = tf.reshape(period, [1, frames, 1]);
    const label = tf.reshape(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2)), [
      batch,
      1,
      1,
    ]);
    const onChannel0 = tf.reshape(tf.oneHot(tf.zeros([1], 'int32') as tf.Tensor1D, channels), [
      1,
      1,
      channels,
    ]);
    return tf.add(noise, tf.mul(tf.mul(wave, label), onChannel0));
  });
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % 2),
      'int32',
    ),
    2,
  );
  const model = tf.sequential({
    layers: [
      tf.layers.conv1d({
        inputShape: [frames, channels],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  const losses: number[] = [];
  for (let step = 0; step < 30; step++) losses.push(Number(await model.trainOnBatch(x, y)));
  assert.ok(losses.every(Number.isFinite), `losses: ${losses.join(', ')}`);
  const first = losses[0];
  const last = losses[losses.length - 1];
  assert.ok(last < first * 0.3, `loss fell only from ${first} to ${last}`);
  model.dispose();
  tf.dispose([x, y]);
});

/** Every layer type the candidate architectures use, dropout left out (it is random). */
function everyLayerModel(): tf.LayersModel {
  const input = tf.input({ shape: [12, 20, 1] });
  let h = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false })
    .apply(input) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid' })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.reshape({ targetShape: [2 * 4, 6] }).apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .conv1d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling1d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.globalAveragePooling1d().apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 7, activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Gradients of the training-mode loss with respect to every trainable weight, flattened. */
function weightGradients(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Float32Array[] {
  return tf.tidy(() => {
    // A LayerVariable's read() is the tf.Variable that holds it.
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => {
      const p = model.apply(x, { training: true }) as tf.Tensor;
      return tf.losses.softmaxCrossEntropy(y, tf.log(tf.add(p, 1e-7))) as tf.Scalar;
    }, variables);
    return variables.map((v) => grads[v.name].dataSync() as Float32Array);
  });
}

it('gradients of a model with every layer type are the same on wasm as on cpu', async () => {
  const batch = 3;
  const xValues = values(batch * 12 * 20, 5);
  const yValues = [0, 2, 1].flatMap((k) => [0, 1, 2].map((j) => (j === k ? 1 : 0)));
  const run = async (
    backend: string,
    weights: Float32Array[] | undefined,
  ): Promise<{ weights: Float32Array[]; grads: Float32Array[] }> => {
    assert.ok(await tf.setBackend(backend));
    const model = everyLayerModel();
    if (weights) model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
    const x = tf.tensor4d(xValues, [batch, 12, 20, 1]);
    const y = tf.tensor2d(yValues, [batch, 3]);
    const result = {
      weights: model.getWeights().map((w) => w.dataSync() as Float32Array),
      grads: weightGradients(model, x, y),
    };
    model.dispose();
    tf.dispose([x, y]);
    return result;
  };
  const cpu = await run('cpu', undefined);
  const wasm = await run('wasm', cpu.weights);
  assert.equal(wasm.grads.length, cpu.grads.length);
  cpu.grads.forEach((expected, i) => {
    const actual = wasm.grads[i];
    let diff = 0;
    let scale = 0;
    for (let j = 0; j < expected.length; j++) {
      diff = Math.max(diff, Math.abs(actual[j] - expected[j]));
      scale = Math.max(scale, Math.abs(expected[j]));
    }
    assert.ok(scale > 0, `gradient ${i} is all zero on cpu`);
    assert.ok(diff / scale < 1e-4, `gradient ${i}: relative error ${diff / scale}`);
  });
});
