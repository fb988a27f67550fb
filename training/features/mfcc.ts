/**
 * MFCC from a log-mel spectrogram, equal to
 * `librosa.feature.mfcc(S=log_mel, n_mfcc, dct_type=2, norm='ortho', lifter=0)`:
 * an orthonormal DCT-II over the mel axis, keeping the first n_mfcc coefficients.
 */
import { createMatrix, type FeatureMatrix } from './feature-matrix.ts';

/** Row k of the orthonormal DCT-II of length n: c_k·cos(π·k·(2j+1)/(2n)). */
function dctMatrix(nCoefficients: number, n: number): Float64Array {
  const m = new Float64Array(nCoefficients * n);
  for (let k = 0; k < nCoefficients; k++) {
    const scale = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let j = 0; j < n; j++) m[k * n + j] = scale * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
  }
  return m;
}

export function mfcc(logMel: FeatureMatrix, nMfcc: number): FeatureMatrix {
  const n = logMel.cols;
  const dct = dctMatrix(nMfcc, n);
  const out = createMatrix(logMel.rows, nMfcc);
  for (let t = 0; t < logMel.rows; t++) {
    const row = t * n;
    for (let k = 0; k < nMfcc; k++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += dct[k * n + j] * logMel.data[row + j];
      out.data[t * nMfcc + k] = sum;
    }
  }
  return out;
}
