/**
 * Training one model: batches of augmented, standardised windows from training-fold
 * clips, class-balanced and label-smoothed targets, and early stopping on validation
 * speakers. Cross-validation over speakers is built on this in cross-validate.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { activeFrames } from './features/level.ts';
import { CANONICAL_LABELS } from './datasets/labels.ts';
import { evaluatePredictions, type EvaluationMetrics } from './metrics.ts';
import { buildModel } from './model/architectures.ts';
import { specAugment } from './model/augment.ts';
import { argmax, predictClip, type Predictor } from './model/inference.ts';
import {
  type ClipFrames,
  computeStandardisation,
  inputChannels,
  type InputConfig,
  prepareWindow,
  type Standardisation,
  standardise,
} from './model/model-input.ts';
import type { PreparedClip } from './model/prepare-corpus.ts';
import { mean } from './math.ts';
import { SeededRandom } from './random.ts';
import type { TrainConfig, TrainEvent } from './train-config.ts';

/** Labels present in the data, in canonical order. */
export function labelSet(clips: readonly PreparedClip[]): string[] {
  const present = new Set(clips.map((c) => c.clip.label));
  return CANONICAL_LABELS.filter((l) => present.has(l));
}

/** One clip's prediction: pooled probabilities (in `labels` order) and the most probable label. */
export interface LabelledPrediction {
  probs: number[];
  predicted: string;
}

/** Clip-level predictions of a predictor on prepared clips (original audio, no augmentation). */
export function predictClips(predictor: Predictor, clips: readonly PreparedClip[], labels: readonly string[]): LabelledPrediction[] {
  return clips.map((c) => {
    const { probs } = predictClip(predictor, c.frames);
    return { probs, predicted: labels[argmax(probs)] };
  });
}

/** Clip-level metrics of a predictor on prepared clips (original audio, no augmentation). */
export function evaluateClips(predictor: Predictor, clips: readonly PreparedClip[], labels: readonly string[]): EvaluationMetrics {
  return metricsOfPredictions(clips, predictClips(predictor, clips, labels), labels);
}

/** Metrics of predictions made for `clips` (same order) against their labels. */
export function metricsOfPredictions(
  clips: readonly PreparedClip[],
  predictions: readonly LabelledPrediction[],
  labels: readonly string[],
): EvaluationMetrics {
  return evaluatePredictions(labels, clips.map((c) => c.clip.label), predictions.map((p) => p.predicted));
}

/**
 * Lets the event loop run (IPC messages, timers) between training batches, which are
 * otherwise chained through promises that resolve without ever yielding to it: the ML
 * engine reads a cancel or a prediction request mid-epoch only because of this.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface FitOptions {
  epochs: number;
  seed: number;
  /** After each epoch; `predictor` is the model as it stands (for callers that track it). */
  onEpoch: (event: Omit<Extract<TrainEvent, { type: 'epoch' }>, 'run' | 'etaSec'>, seconds: number, predictor: Predictor) => void;
  /** Checked between batches; aborting disposes the model and rejects with the signal's AbortError. */
  signal?: AbortSignal;
}

export interface FitResult {
  predictor: Predictor;
  bestEpoch: number;
}

/**
 * Train one model. With validation clips: keep the weights of the epoch with the best
 * validation UAR (averaged over the last `smoothing` epochs) and stop after `patience`
 * epochs without improvement. Without: train exactly `epochs` epochs.
 */
export async function fitModel(
  train: readonly PreparedClip[],
  validation: readonly PreparedClip[],
  labels: readonly string[],
  config: TrainConfig,
  options: FitOptions,
): Promise<FitResult> {
  const random = new SeededRandom(options.seed);
  const { input } = config;
  const normalisation = trainingStandardisation(train, input);
  const model = buildModel(config.architecture, { frames: input.windowFrames, channels: inputChannels(input), nClasses: labels.length, seed: options.seed, learningRate: config.learningRate });
  const predictor: Predictor = { model, input, normalisation };
  const classWeights = balancedClassWeights(train, labels);
  let best = { uar: -1, epoch: 0, weights: [] as tf.Tensor[] };
  const recentUars: number[] = [];

  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const t0 = performance.now();
      setLearningRate(model, cosineLearningRate(config, epoch));
      const order = random.shuffled(train);
      let lossSum = 0;
      let accSum = 0;
      let batches = 0;
      for (let b = 0; b < order.length; b += config.batchSize) {
        await yieldToEventLoop();
        options.signal?.throwIfAborted();
        const batch = order.slice(b, b + config.batchSize);
        const { x, y } = trainingBatch(batch, labels, classWeights, normalisation, config, random);
        try {
          const [loss, acc] = (await model.trainOnBatch(x, y)) as number[];
          lossSum += loss;
          accSum += acc;
        } finally {
          x.dispose();
          y.dispose();
        }
        batches++;
      }
      const valUar = validation.length ? evaluateClips(predictor, validation, labels).uar : undefined;
      options.onEpoch(
        { type: 'epoch', epoch, maxEpochs: options.epochs, loss: lossSum / batches, acc: accSum / batches, valUar },
        (performance.now() - t0) / 1000,
        predictor,
      );
      if (valUar === undefined) continue;
      recentUars.push(valUar);
      const smoothed = mean(recentUars.slice(-config.smoothing));
      if (smoothed > best.uar) {
        best.weights.forEach((w) => w.dispose());
        best = { uar: smoothed, epoch, weights: model.getWeights().map((w) => w.clone()) };
      } else if (epoch - best.epoch >= config.patience) {
        break;
      }
    }
  } catch (error) {
    // Cancelled (or failed): nothing of this model is kept, so free its memory now.
    best.weights.forEach((w) => w.dispose());
    model.dispose();
    throw error;
  } finally {
    // Training is over either way. The model does not own its optimizer (so model.dispose()
    // leaves it), and its moment estimates are not saved: free them in a long-lived engine.
    model.optimizer.dispose();
  }
  if (best.weights.length) {
    model.setWeights(best.weights);
    best.weights.forEach((w) => w.dispose());
  }
  return { predictor, bestEpoch: validation.length ? best.epoch : options.epochs };
}

/**
 * Cosine decay over `maxEpochs`, the same for every fold and the final model, so the
 * final model stopped at the folds' median best epoch has seen the schedule they had.
 */
export function cosineLearningRate(config: Pick<TrainConfig, 'learningRate' | 'maxEpochs'>, epoch: number): number {
  const floor = 0.05 * config.learningRate;
  const progress = Math.min(1, (epoch - 1) / Math.max(1, config.maxEpochs - 1));
  return floor + (config.learningRate - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/**
 * tfjs optimizers read their `learningRate` field on every step but expose no setter
 * in their types; assigning it is how tfjs schedules are done.
 */
function setLearningRate(model: tf.LayersModel, rate: number): void {
  (model.optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** Inverse-frequency class weights over the training clips (mean weight 1). */
function balancedClassWeights(train: readonly PreparedClip[], labels: readonly string[]): number[] {
  const counts = labels.map((l) => train.filter((c) => c.clip.label === l).length);
  return counts.map((n) => (n ? train.length / (labels.length * n) : 0));
}

/** Band statistics from one speech-centred window of every training clip's original audio. */
function trainingStandardisation(train: readonly PreparedClip[], input: InputConfig): Standardisation {
  const windows = train.map((c) => prepareWindow(c.frames, speechCentredStart(c.frames, input.windowFrames, 0.5), input).data);
  return computeStandardisation(windows, inputChannels(input));
}

/**
 * A window start that keeps the clip's speech inside a window spanning `span` source
 * frames; `position` in [0, 1] slides it across the allowed range.
 */
function speechCentredStart(frames: ClipFrames, span: number, position: number): number {
  const rows = frames.logMel.rows;
  const active = activeFrames(frames.levelDb);
  const first = Math.max(0, active.indexOf(1));
  const last = Math.max(first, active.lastIndexOf(1));
  const lo = last - first + 1 <= span ? Math.max(0, last + 1 - span) : first;
  const hi = last - first + 1 <= span ? Math.min(first, Math.max(0, rows - span)) : last + 1 - span;
  return Math.round(lo + Math.max(0, hi - lo) * position);
}

function trainingBatch(
  batch: readonly PreparedClip[],
  labels: readonly string[],
  classWeights: readonly number[],
  normalisation: Standardisation,
  config: TrainConfig,
  random: SeededRandom,
): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const { input, labelSmoothing } = config;
  const channels = inputChannels(input);
  const size = input.windowFrames * channels;
  const k = labels.length;
  const x = new Float32Array(batch.length * size);
  const y = new Float32Array(batch.length * k);
  batch.forEach((clip, i) => {
    const useVariant = clip.augmented.length > 0 && random.next() < config.augmentProbability;
    const variant = useVariant ? clip.augmented[random.int(clip.augmented.length)] : { frames: clip.frames, timeScale: 1 };
    const timeScale = variant.timeScale * random.uniform(0.88, 1.12);
    const start = speechCentredStart(variant.frames, Math.round(input.windowFrames * timeScale), random.next());
    const window = standardise(prepareWindow(variant.frames, start, input, timeScale).data, normalisation);
    if (random.next() < config.specAugmentProbability) specAugment(window, input.nMels, channels, random);
    x.set(window, i * size);
    const target = labels.indexOf(clip.clip.label);
    for (let c = 0; c < k; c++) {
      const smoothed = (c === target ? 1 - labelSmoothing : 0) + labelSmoothing / k;
      y[i * k + c] = smoothed * classWeights[target];
    }
  });
  return {
    x: tf.tensor3d(x, [batch.length, input.windowFrames, channels]),
    y: tf.tensor2d(y, [batch.length, k]),
  };
}
