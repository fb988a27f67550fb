/**
 * Spectral centroid, equal to `librosa.feature.spectral_centroid(S=|STFT|)` with the
 * full 512-point periodic Hann window: Σ f·S / Σ S per frame, 0 for digital silence.
 */
import type { FeatureMatrix } from './feature-matrix.ts';

export function spectralCentroid(magnitude: FeatureMatrix, sampleRate: number): Float32Array {
  const nFft = (magnitude.cols - 1) * 2;
  const out = new Float32Array(magnitude.rows);
  for (let t = 0; t < magnitude.rows; t++) {
    const row = t * magnitude.cols;
    let weighted = 0;
    let total = 0;
    for (let k = 0; k < magnitude.cols; k++) {
      const s = magnitude.data[row + k];
      weighted += ((k * sampleRate) / nFft) * s;
      total += s;
    }
    out[t] = total > 0 ? weighted / total : 0;
  }
  return out;
}
