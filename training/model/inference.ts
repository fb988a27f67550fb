/**
 * Window-level and clip-level prediction with a loaded model. `ser predict`, `ser eval`,
 * training's validation and the live stream all call these, so they agree by construction.
 */
import * as tf from '@tensorflow/tfjs';
import {
  type ClipFrames,
  inputChannels,
  type InputConfig,
  poolWindowProbabilities,
  prepareWindow,
  type Standardisation,
  standardise,
  windowStarts,
} from './model-input.ts';

export interface Predictor {
  model: tf.LayersModel;
  input: InputConfig;
  normalisation: Standardisation;
}

export interface WindowPrediction {
  startFrame: number;
  probs: Float32Array;
  speechFraction: number;
}

const BATCH = 64;

/** Probabilities for windows of `clip` starting at `starts`, batched through the model. */
export function predictWindows(predictor: Predictor, clip: ClipFrames, starts: readonly number[]): WindowPrediction[] {
  const { input, normalisation, model } = predictor;
  const channels = inputChannels(input);
  const size = input.windowFrames * channels;
  const out: WindowPrediction[] = [];
  for (let b = 0; b < starts.length; b += BATCH) {
    const batchStarts = starts.slice(b, b + BATCH);
    const windows = batchStarts.map((s) => prepareWindow(clip, s, input));
    const x = new Float32Array(windows.length * size);
    windows.forEach((w, i) => x.set(standardise(w.data, normalisation), i * size));
    const probs = tf.tidy(() => {
      const batch = tf.tensor3d(x, [windows.length, input.windowFrames, channels]);
      return (model.predict(batch) as tf.Tensor).dataSync() as Float32Array;
    });
    const k = probs.length / windows.length;
    windows.forEach((w, i) =>
      out.push({ startFrame: batchStarts[i], probs: probs.slice(i * k, (i + 1) * k), speechFraction: w.speechFraction }),
    );
  }
  return out;
}

export interface ClipPrediction {
  /** Pooled probabilities over the speech windows (over all windows when none has speech). */
  probs: number[];
  /** False when no window held enough speech: the prediction is then of little worth. */
  hasSpeech: boolean;
  windows: WindowPrediction[];
}

export function predictClip(predictor: Predictor, clip: ClipFrames): ClipPrediction {
  const windows = predictWindows(predictor, clip, windowStarts(clip.logMel.rows, predictor.input));
  const speechPooled = poolWindowProbabilities(windows, predictor.input.minSpeechFraction);
  if (speechPooled) return { probs: speechPooled, hasSpeech: true, windows };
  const uniform = windows.map((w) => ({ probs: w.probs, speechFraction: 1 }));
  return { probs: poolWindowProbabilities(uniform, 0) ?? [], hasSpeech: false, windows };
}

/** Index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** A predictor from a loaded model directory (its input settings and normalisation). */
export function predictorOf(loaded: { model: tf.LayersModel; metadata: { input: InputConfig; normalisation: Standardisation } }): Predictor {
  return { model: loaded.model, input: loaded.metadata.input, normalisation: loaded.metadata.normalisation };
}
