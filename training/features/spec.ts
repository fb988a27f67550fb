/**
 * The feature specification (DESIGN.md section 4). Every parameter lives here so the
 * feature code, the cache key and a model's metadata all name the same numbers; a
 * change here changes `FEATURE_SPEC_HASH`, which invalidates cached features.
 */
import { createHash } from 'node:crypto';

export const FEATURE_SPEC = {
  sampleRate: 16000,
  /** STFT size for mel (librosa n_fft). */
  nFft: 512,
  /** Hann window length inside each n_fft frame (librosa win_length). */
  winLength: 400,
  hopLength: 160,
  nMels: 64,
  fmin: 0,
  fmax: 8000,
  nMfcc: 40,
  /** log-mel floor (librosa power_to_db amin; ref 1, no top_db). */
  amin: 1e-10,
  /** RMS / ZCR frame length. */
  frameLength: 512,
  yin: { fmin: 65, fmax: 500, frameLength: 1024, troughThreshold: 0.1 },
} as const;

/** Short stable hash of the spec, used in cache keys and model metadata. */
export const FEATURE_SPEC_HASH = createHash('sha256')
  .update(JSON.stringify(FEATURE_SPEC))
  .digest('hex')
  .slice(0, 16);

/** Number of frames librosa produces with center=True: 1 + floor(n / hop). */
export function frameCount(nSamples: number, hopLength: number = FEATURE_SPEC.hopLength): number {
  return 1 + Math.floor(nSamples / hopLength);
}
