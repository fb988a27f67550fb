/**
 * Short-time Fourier transform magnitudes, equal to
 * `np.abs(librosa.stft(y, n_fft, hop_length, win_length, window='hann', center=True,
 * pad_mode='constant')) ** power`, time-major (frames × (n_fft/2 + 1)).
 */
import { createMatrix, type FeatureMatrix } from './feature-matrix.ts';
import { realFft64Of } from './real-fft64.ts';
import { frameCount } from './spec.ts';

export interface StftOptions {
  nFft: number;
  hopLength: number;
  /** Window already centred and padded to nFft (see windows.ts). */
  window: Float64Array;
  /** 1 for magnitude, 2 for power. */
  power: 1 | 2;
}

export function spectrogram(signal: Float32Array, options: StftOptions): FeatureMatrix {
  const { nFft, hopLength, window, power } = options;
  const nBins = nFft / 2 + 1;
  const nFrames = frameCount(signal.length, hopLength);
  const out = createMatrix(nFrames, nBins);
  const fft = realFft64Of(nFft, power);
  // Centred framing (center=True): frame t covers signal[t·hop − nFft/2, t·hop + nFft/2).
  for (let t = 0; t < nFrames; t++) {
    fft.windowedSpectrum(signal, t * hopLength - nFft / 2, window, out.data, t * nBins);
  }
  return out;
}
