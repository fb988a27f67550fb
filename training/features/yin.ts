/**
 * YIN fundamental-frequency estimation, equal to librosa 0.11's
 * `librosa.yin(y, fmin, fmax, sr, frame_length, hop_length, trough_threshold, center=True)`
 * (de Cheveigné & Kawahara 2002). Every frame gets an F0, voiced or not, as in librosa;
 * `aperiodicity` (the CMNDF value at the chosen period, 0 = perfectly periodic) lets
 * callers decide voicing.
 *
 * Per frame x[0..N−1] (N = frame_length, zero-padded centred framing):
 *   ACF(k) by FFT of size 2N;  d(k) = 2·(ACF(0) − ACF(k)) − Σ_{m<k} x[m]²;
 *   CMNDF c(k) = d(k) / (mean_{j=1..k} d(j) + tiny) for k = minPeriod..maxPeriod;
 *   the first trough with c < threshold (else the global minimum), refined by parabolic
 *   interpolation; f0 = sr / period.
 */
import { fftOfSize } from './fft.ts';
import { readCenteredFrame } from './framing.ts';
import { frameCount } from './spec.ts';

export interface YinOptions {
  sampleRate: number;
  fmin: number;
  fmax: number;
  frameLength: number;
  hopLength: number;
  troughThreshold: number;
}

export interface YinResult {
  f0: Float32Array;
  /** CMNDF at the chosen period: low for clearly periodic (voiced) frames. */
  aperiodicity: Float32Array;
}

/** np.finfo(np.float32).tiny, which librosa adds to the CMNDF denominator. */
const FLOAT32_TINY = 1.1754943508222875e-38;

export function yin(signal: Float32Array, options: YinOptions): YinResult {
  const { sampleRate, fmin, fmax, frameLength, hopLength, troughThreshold } = options;
  const minPeriod = Math.floor(sampleRate / fmax);
  const maxPeriod = Math.min(Math.ceil(sampleRate / fmin), frameLength - 1);
  const nLags = maxPeriod - minPeriod + 1;
  const nFrames = frameCount(signal.length, hopLength);
  const fftSize = 2 * frameLength;
  const fft = fftOfSize(fftSize);
  const frame = new Float64Array(fftSize);
  const spectrum = fft.createComplexArray();
  const powerSpectrum = new Float64Array(fftSize);
  const acfSpectrum = fft.createComplexArray();
  const difference = new Float64Array(maxPeriod + 1);
  const cmndf = new Float64Array(nLags);
  const f0 = new Float32Array(nFrames);
  const aperiodicity = new Float32Array(nFrames);

  for (let t = 0; t < nFrames; t++) {
    // frame[frameLength..] stays zero: the FFT input is the frame zero-padded to 2N.
    readCenteredFrame(signal, t, frameLength, hopLength, frame.subarray(0, frameLength));
    fft.realTransform(spectrum, frame);
    // |X|² is real and even, so its inverse DFT is a forward real DFT divided by the size.
    for (let k = 0; k <= frameLength; k++) {
      const re = spectrum[2 * k];
      const im = spectrum[2 * k + 1];
      powerSpectrum[k] = re * re + im * im;
    }
    for (let k = 1; k < frameLength; k++) powerSpectrum[fftSize - k] = powerSpectrum[k];
    fft.realTransform(acfSpectrum, powerSpectrum);

    const acf0 = acfSpectrum[0] / fftSize;
    let energyBefore = 0;
    for (let k = 0; k <= maxPeriod; k++) {
      difference[k] = 2 * (acf0 - acfSpectrum[2 * k] / fftSize) - energyBefore;
      energyBefore += frame[k] * frame[k];
    }
    let cumulative = 0;
    for (let k = 1; k <= maxPeriod; k++) {
      cumulative += difference[k];
      if (k >= minPeriod) cmndf[k - minPeriod] = difference[k] / (cumulative / k + FLOAT32_TINY);
    }

    const index = chooseTrough(cmndf, troughThreshold);
    const period = minPeriod + index + parabolicShift(cmndf, index);
    f0[t] = sampleRate / period;
    aperiodicity[t] = cmndf[index];
  }
  return { f0, aperiodicity };
}

/** First local minimum below the threshold, else the global minimum (librosa's rule). */
function chooseTrough(c: Float64Array, threshold: number): number {
  const last = c.length - 1;
  let globalMin = 0;
  for (let i = 0; i <= last; i++) {
    const isTrough =
      i === 0 ? c[0] < c[1] : i === last ? c[i] < c[i - 1] : c[i] < c[i - 1] && c[i] <= c[i + 1];
    if (isTrough && c[i] < threshold) return i;
    if (c[i] < c[globalMin]) globalMin = i;
  }
  return globalMin;
}

/** Vertex offset of the parabola through c[i−1], c[i], c[i+1]; 0 at the ends or when flat. */
function parabolicShift(c: Float64Array, i: number): number {
  if (i === 0 || i === c.length - 1) return 0;
  const a = c[i + 1] + c[i - 1] - 2 * c[i];
  const b = (c[i + 1] - c[i - 1]) / 2;
  return Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
}
