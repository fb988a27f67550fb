/**
 * The two model types. Both read the same prepared window (frames × mel bands,
 * standardised; see model-input.ts) and end in a softmax over the model's labels.
 *
 * - `cnn` (default): a 1-D CNN over time with the 64 mel bands and 2 pitch channels as input channels (TDNN style),
 *   statistics pooling, then a small dense head. Convolving over time only keeps it
 *   cheap enough to train on one CPU core with tfjs's wasm backend, and the same graph
 *   uses native kernels on tfjs-node(-gpu).
 * - `stats-mlp`: the seeds' baseline, a dense network on utterance statistics
 *   (mean and standard deviation of each band), kept for comparison.
 */
import * as tf from '@tensorflow/tfjs';
import { StatsPooling } from './stats-pooling.ts';

export type Architecture = 'cnn' | 'stats-mlp';

export interface ArchitectureOptions {
  frames: number;
  /** Values per frame (mel bands + pitch channels). */
  channels: number;
  nClasses: number;
  seed: number;
  learningRate: number;
}

export function buildModel(architecture: Architecture, options: ArchitectureOptions): tf.LayersModel {
  const model = architecture === 'cnn' ? buildCnn(options) : buildStatsMlp(options);
  // Class weights and label smoothing are folded into the targets (see train.ts), so
  // plain categorical cross-entropy is the loss.
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function buildCnn({ frames, channels, nClasses, seed }: ArchitectureOptions): tf.LayersModel {
  const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
  const input = tf.input({ shape: [frames, channels] });
  const blocks: { filters: number; kernelSize: number; strides: number }[] = [
    { filters: 96, kernelSize: 5, strides: 1 },
    { filters: 96, kernelSize: 3, strides: 2 },
    { filters: 128, kernelSize: 3, strides: 1 },
    { filters: 128, kernelSize: 3, strides: 2 },
  ];
  let x: tf.SymbolicTensor = input;
  blocks.forEach((block, i) => {
    x = tf.layers
      .conv1d({ ...block, padding: 'same', useBias: false, kernelInitializer: init(i) })
      .apply(x) as tf.SymbolicTensor;
    // momentum 0.9: with ~30 steps per epoch the default 0.99 leaves the moving statistics
    // (used at inference) far from the real ones for many epochs.
    x = tf.layers.batchNormalization({ momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  });
  x = new StatsPooling({}).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.3, seed }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(10) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.2, seed: seed + 1 }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: nClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 11 }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'ser_cnn' });
}

function buildStatsMlp({ frames, channels, nClasses, seed }: ArchitectureOptions): tf.LayersModel {
  const input = tf.input({ shape: [frames, channels] });
  let x = new StatsPooling({}).apply(input) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.3, seed }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: seed + 1 }) }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: nClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'ser_stats_mlp' });
}
