/**
 * Short-time Fourier transform magnitudes, equal to
 * `np.abs(librosa.stft(y, n_fft, hop_length, win_length, window='hann', center=True,
 * pad_mode='constant')) ** power`, time-major (frames × (n_fft/2 + 1)).
 */
import { fftOfSize } from './fft.ts';
import { createMatrix, type FeatureMatrix } from './feature-matrix.ts';
import { readCenteredFrame } from './framing.ts';
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
  const fft = fftOfSize(nFft);
  const frame = new Float64Array(nFft);
  const spectrum = fft.createComplexArray();
  for (let t = 0; t < nFrames; t++) {
    readCenteredFrame(signal, t, nFft, hopLength, frame);
    for (let i = 0; i < nFft; i++) frame[i] *= window[i];
    fft.realTransform(spectrum, frame);
    const row = t * nBins;
    for (let k = 0; k < nBins; k++) {
      const re = spectrum[2 * k];
      const im = spectrum[2 * k + 1];
      const p = re * re + im * im;
      out.data[row + k] = power === 2 ? p : Math.sqrt(p);
    }
  }
  return out;
}
