/**
 * How a model is trained, and what training reports as it goes. Kept apart from train.ts
 * (which loads tfjs) so the CLI can offer these defaults without loading the ML runtime.
 */
import type { Architecture } from './model/architectures.ts';
import type { FoldResult } from './model/metadata.ts';
import { DEFAULT_INPUT_CONFIG, type InputConfig } from './model/model-input.ts';

export interface TrainConfig {
  architecture: Architecture;
  /** Upper bound on epochs; folds stop early on validation UAR. */
  maxEpochs: number;
  /** Epochs without a better (smoothed) validation UAR before a fold stops. */
  patience: number;
  /** Validation UAR is averaged over this many recent epochs before comparing (it is noisy). */
  smoothing: number;
  batchSize: number;
  folds: number;
  seed: number;
  /** Probability that an example uses a waveform-augmented variant instead of the original. */
  augmentProbability: number;
  /** Probability that SpecAugment masks are applied to an example. */
  specAugmentProbability: number;
  /** Peak learning rate; it follows a cosine from here to 5% of it over `maxEpochs`. */
  learningRate: number;
  labelSmoothing: number;
  input: InputConfig;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  architecture: 'cnn',
  maxEpochs: 40,
  patience: 8,
  smoothing: 3,
  batchSize: 16,
  folds: 5,
  seed: 1,
  augmentProbability: 0.3,
  specAugmentProbability: 0.5,
  learningRate: 2e-3,
  labelSmoothing: 0.1,
  input: DEFAULT_INPUT_CONFIG,
};

export type TrainEvent =
  | {
      type: 'epoch';
      run: string;
      epoch: number;
      maxEpochs: number;
      loss: number;
      acc: number;
      valUar?: number;
      etaSec: number;
    }
  | { type: 'fold'; result: FoldResult };
