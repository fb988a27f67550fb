/**
 * Model benchmarks: training throughput (examples/s through a real trainOnBatch step) and
 * single-window inference latency, on the backend `ser` would choose here.
 */
import * as tf from '@tensorflow/tfjs';
import { median } from '../training/math.ts';
import { buildModel } from '../training/model/architectures.ts';
import type { BackendChoice } from '../training/model/backend.ts';
import { DEFAULT_INPUT_CONFIG, inputChannels } from '../training/model/model-input.ts';
import { DEFAULT_TRAIN_CONFIG } from '../training/train-config.ts';
import type { BenchRow } from './row.ts';

export async function benchModel(backend: BackendChoice): Promise<BenchRow[]> {
  const { windowFrames } = DEFAULT_INPUT_CONFIG;
  const channels = inputChannels(DEFAULT_INPUT_CONFIG);
  const batch = DEFAULT_TRAIN_CONFIG.batchSize;
  const rows: BenchRow[] = [];
  for (const architecture of ['cnn', 'stats-mlp'] as const) {
    const model = buildModel(architecture, { frames: windowFrames, channels, nClasses: 8, seed: 1, learningRate: 1e-3 });
    const x = tf.randomNormal([batch, windowFrames, channels]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 8), 'int32'), 8).toFloat();
    await model.trainOnBatch(x, y); // warm-up: kernel compilation, allocation
    const stepSeconds: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await model.trainOnBatch(x, y);
      stepSeconds.push((performance.now() - t0) / 1000);
    }
    rows.push({
      name: `training throughput (${architecture}, batch ${batch}, ${backend.name})`,
      value: batch / median(stepSeconds),
      unit: 'windows/s',
      detail: `median of 5 steps; one epoch of RAVDESS (960 train clips) ≈ ${(960 / (batch / median(stepSeconds))).toFixed(1)} s`,
    });
    const one = tf.randomNormal([1, windowFrames, channels]);
    tf.tidy(() => model.predict(one));
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      tf.tidy(() => (model.predict(one) as tf.Tensor).dataSync());
      latencies.push(performance.now() - t0);
    }
    rows.push({
      name: `inference latency, one 2 s window (${architecture}, ${backend.name})`,
      value: median(latencies),
      unit: 'ms',
      target: architecture === 'cnn' ? '≤ 50 ms (live path budget 150 ms p95)' : undefined,
      detail: `median of 30; p95 ${[...latencies].sort((a, b) => a - b)[28].toFixed(1)} ms`,
    });
    tf.dispose([x, y, one]);
    model.dispose();
  }
  return rows;
}
