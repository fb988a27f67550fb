/**
 * Training-fold augmentation. Waveform-level variants (noise at a random SNR, gain,
 * pitch shift) are computed once per clip before training (features are cheap, and
 * this keeps epochs fast); time stretch and SpecAugment are drawn fresh for every
 * example. None of it is ever applied to validation or test speakers: train.ts only
 * calls these for clips of the training fold.
 */
import { resample } from '../audio/resample.ts';
import { SeededRandom } from '../random.ts';

export interface WaveformAugmentation {
  /** Added white noise, dB below the clip's speech level; undefined = no noise. */
  noiseSnrDb?: number;
  /** Gain applied before the noise (dB). */
  gainDb: number;
  /** Pitch shift in semitones (0 = none). */
  semitones: number;
}

/** Augmentations precomputed per clip (only when variants are requested). */
export const WAVEFORM_AUGMENTATIONS = ['noise (5–30 dB SNR)', 'gain (±12 dB)', 'pitch shift (±2 semitones)'];
/** Augmentations drawn for every training window. */
export const WINDOW_AUGMENTATIONS = ['time stretch (0.88–1.12)', 'SpecAugment (2 freq + 2 time masks)'];

/** `count` variants: alternately noisy, pitch-shifted, and both, each with a random gain. */
export function planWaveformAugmentations(count: number, random: SeededRandom): WaveformAugmentation[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 3;
    const semitones = kind === 0 ? 0 : (random.next() < 0.5 ? -1 : 1) * random.uniform(0.5, 2);
    return {
      gainDb: random.uniform(-12, 12),
      semitones,
      noiseSnrDb: kind === 1 ? undefined : random.uniform(5, 30),
    };
  });
}

/**
 * Source rate for a pitch shift by resampling: reading a clip as if recorded at this rate
 * and converting back to `sampleRate` raises the pitch by rate/sampleRate (an integer
 * rate, as the resampler needs).
 */
function pitchShiftSourceRate(semitones: number, sampleRate: number): number {
  return Math.round(sampleRate * 2 ** (semitones / 12));
}

/** Frame-axis stretch that restores the tempo a pitch shift by resampling changed. */
export function pitchShiftTimeScale(plan: WaveformAugmentation, sampleRate = 16000): number {
  return sampleRate / pitchShiftSourceRate(plan.semitones, sampleRate);
}

export interface AugmentedWaveform {
  samples: Float32Array;
  /**
   * Frame-axis scale that restores the original tempo: pitch shifting by resampling
   * also shortens or lengthens the clip, and windows undo that by stretching frames.
   */
  timeScale: number;
}

/** Apply one planned augmentation to a 16 kHz clip whose speech level is `speechLevelDb`. */
export async function augmentWaveform(
  samples: Float32Array,
  speechLevelDb: number,
  plan: WaveformAugmentation,
  random: SeededRandom,
  sampleRate = 16000,
): Promise<AugmentedWaveform> {
  // Resampling also shortens or lengthens the clip; windows undo that with timeScale.
  const out =
    plan.semitones === 0 ? samples : await resample(samples, pitchShiftSourceRate(plan.semitones, sampleRate), sampleRate);
  const timeScale = pitchShiftTimeScale(plan, sampleRate);
  const gain = 10 ** (plan.gainDb / 20);
  const noiseRms = plan.noiseSnrDb === undefined ? 0 : 10 ** ((speechLevelDb - plan.noiseSnrDb) / 20) * gain;
  const mixed = new Float32Array(out.length);
  for (let i = 0; i < out.length; i++) {
    mixed[i] = Math.max(-1, Math.min(1, out[i] * gain + (noiseRms ? noiseRms * random.normal() : 0)));
  }
  return { samples: mixed, timeScale };
}

/**
 * SpecAugment on a standardised window (frames × channels, the first nMels of them mel
 * bands): masked cells become 0, the channel mean. Frequency masks cover mel bands only;
 * time masks cover whole frames.
 */
export function specAugment(window: Float32Array, nMels: number, channels: number, random: SeededRandom): void {
  const frames = window.length / channels;
  for (let i = 0; i < 2; i++) {
    const width = random.int(9);
    const first = random.int(nMels - width + 1);
    for (let t = 0; t < frames; t++) window.fill(0, t * channels + first, t * channels + first + width);
  }
  for (let i = 0; i < 2; i++) {
    const width = random.int(21);
    const first = random.int(frames - width + 1);
    window.fill(0, first * channels, (first + width) * channels);
  }
}
