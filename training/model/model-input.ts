/**
 * How a clip becomes model input. Training, `ser predict` and live streaming all go
 * through these functions, so a window is prepared the same way everywhere.
 *
 * A model sees fixed windows of `windowFrames` log-mel frames (section-4 features of the
 * raw 16 kHz signal). Each window is level-normalised on its own: its log-mel is shifted
 * so the active speech in it sits at `targetLevelDb`. Scaling a signal by g shifts every
 * log-mel value by 20·log10(g), so this equals normalising the waveform gain, costs
 * nothing, and needs no look-ahead in a live stream. Two pitch channels (F0 and voicing
 * from YIN) follow the mel bands of each frame, because pitch level and movement carry
 * much of emotion and the mel bands only imply them. Then every channel is standardised
 * with statistics from the training fold.
 */
import type { FeatureMatrix } from '../features/feature-matrix.ts';
import { activeFrames, activeLevelDb, type ActivityOptions, DEFAULT_ACTIVITY } from '../features/level.ts';

export interface InputConfig {
  /** Frames per model window (hop 10 ms): 200 = 2 s. */
  windowFrames: number;
  /** Hop between windows when a clip or stream is scored (frames). */
  hopFrames: number;
  nMels: number;
  /** Level the active speech of a window is moved to (dBFS). */
  targetLevelDb: number;
  /** Largest gain applied by level normalisation, so silence is not blown up (dB). */
  maxGainDb: number;
  /** log-mel values are floored here after normalisation (dB). */
  floorDb: number;
  activity: ActivityOptions;
  /** Windows with less active speech than this fraction are "silence" and not scored. */
  minSpeechFraction: number;
}

export const DEFAULT_INPUT_CONFIG: InputConfig = {
  windowFrames: 200,
  hopFrames: 50,
  nMels: 64,
  targetLevelDb: -23,
  maxGainDb: 40,
  floorDb: -100,
  activity: DEFAULT_ACTIVITY,
  minSpeechFraction: 0.15,
};

/** Per-channel mean and standard deviation of prepared windows over the training fold. */
export interface Standardisation {
  mean: number[];
  std: number[];
}

/** Per-frame pitch channels appended to the mel bands: F0 (octaves re 150 Hz) and voicing. */
export const PITCH_CHANNELS = 2;

/** Values per frame of a model window: the mel bands, then the pitch channels. */
export function inputChannels(config: Pick<InputConfig, 'nMels'>): number {
  return config.nMels + PITCH_CHANNELS;
}

/** What windows are cut from: per-frame log-mel, level and pitch of a clip. */
export interface ClipFrames {
  logMel: FeatureMatrix;
  /** Frame level in dBFS (20·log10 RMS, section-4 framing). */
  levelDb: Float32Array;
  /** log2(F0 / 150 Hz) on voiced frames, 0 elsewhere. */
  f0Octaves: Float32Array;
  /** 1 on voiced frames (periodic and above the speech floor), else 0. */
  voiced: Float32Array;
}

/** Window start frames covering a clip of `nFrames`: every hop, plus one ending at the clip's end. */
export function windowStarts(nFrames: number, config: InputConfig): number[] {
  const last = Math.max(0, nFrames - config.windowFrames);
  const starts: number[] = [];
  for (let s = 0; s < last; s += config.hopFrames) starts.push(s);
  starts.push(last);
  return starts;
}

export interface PreparedWindow {
  /** windowFrames × inputChannels, level-normalised but not yet standardised. */
  data: Float32Array;
  /** Fraction of the window's frames that are speech. */
  speechFraction: number;
}

/**
 * Cut `windowFrames` frames starting at `start` (zero-level padding past the end), shift
 * them to the target level, floor them. `timeScale` ≠ 1 resamples the frame axis
 * (time-stretch augmentation: the window covers windowFrames·timeScale source frames).
 */
export function prepareWindow(clip: ClipFrames, start: number, config: InputConfig, timeScale = 1): PreparedWindow {
  const { windowFrames, nMels } = config;
  const channels = inputChannels(config);
  const source = clip.logMel;
  const span = Math.min(Math.round(windowFrames * timeScale), Math.max(1, source.rows - start));
  const active = activeFrames(clip.levelDb, start, Math.min(source.rows, start + span), config.activity);
  const level = activeLevelDb(clip.levelDb, active, start);
  const gain = level === undefined ? 0 : Math.min(config.maxGainDb, config.targetLevelDb - level);
  const data = new Float32Array(windowFrames * channels);
  const covered = Math.min(windowFrames, Math.ceil((source.rows - start) / timeScale));
  for (let t = 0; t < windowFrames; t++) {
    const row = t * channels;
    if (t >= covered) {
      data.fill(config.floorDb, row, row + nMels); // past the end: silence, unvoiced
      continue;
    }
    const from = Math.min(source.rows - 1, start + Math.floor(t * timeScale));
    for (let m = 0; m < nMels; m++) data[row + m] = Math.max(config.floorDb, source.data[from * nMels + m] + gain);
    data[row + nMels] = clip.f0Octaves[from];
    data[row + nMels + 1] = clip.voiced[from];
  }
  let speech = 0;
  for (const a of active) speech += a;
  return { data, speechFraction: speech / windowFrames };
}

/** Standardise a prepared window in place with the training fold's per-channel statistics. */
export function standardise(window: Float32Array, stats: Standardisation): Float32Array {
  const channels = stats.mean.length;
  for (let i = 0; i < window.length; i++) {
    const c = i % channels;
    window[i] = (window[i] - stats.mean[c]) / stats.std[c];
  }
  return window;
}

/** Per-channel mean and standard deviation over windows (sums in float64). */
export function computeStandardisation(windows: readonly Float32Array[], channels: number): Standardisation {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  let frames = 0;
  for (const w of windows) {
    for (let i = 0; i < w.length; i++) {
      sum[i % channels] += w[i];
      sumSq[i % channels] += w[i] * w[i];
    }
    frames += w.length / channels;
  }
  const mean = Array.from(sum, (s) => s / frames);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(s / frames - mean[c] ** 2, 1e-6)));
  return { mean, std };
}

/**
 * Combine window probabilities into one clip prediction: the mean over speech windows
 * weighted by their speech fraction. Returns undefined when no window has speech.
 */
export function poolWindowProbabilities(
  windows: readonly { probs: Float32Array | number[]; speechFraction: number }[],
  minSpeechFraction: number,
): number[] | undefined {
  const speech = windows.filter((w) => w.speechFraction >= minSpeechFraction);
  if (speech.length === 0) return undefined;
  const k = speech[0].probs.length;
  const pooled = new Array<number>(k).fill(0);
  let weight = 0;
  for (const w of speech) {
    for (let c = 0; c < k; c++) pooled[c] += w.probs[c] * w.speechFraction;
    weight += w.speechFraction;
  }
  return pooled.map((p) => p / weight);
}
