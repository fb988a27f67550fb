/**
 * YIN fundamental-frequency estimation, equal to librosa 0.11's
 * `librosa.yin(y, fmin, fmax, sr, frame_length, hop_length, trough_threshold, center=True)`
 * (de Cheveigné & Kawahara 2002). Every frame gets an F0, voiced or not, as in librosa;
 * `aperiodicity` (the CMNDF value at the chosen period, 0 = perfectly periodic) lets
 * callers decide voicing.
 *
 * Per frame x[0..N−1] (N = frame_length, zero-padded centred framing):
 *   ACF(k) by FFT;  d(k) = 2·(ACF(0) − ACF(k)) − Σ_{m<k} x[m]²;
 *   CMNDF c(k) = d(k) / (mean_{j=1..k} d(j) + tiny) for k = minPeriod..maxPeriod;
 *   the first trough with c < threshold (else the global minimum), refined by parabolic
 *   interpolation; f0 = sr / period.
 * librosa takes the ACF from an FFT of size 2N. Only lags up to maxPeriod are used, and a
 * circular ACF of size M equals the linear one for lags ≤ M − N, so the smallest fast size
 * M ≥ N + maxPeriod gives the same values (1280 instead of 2048 for the section-4 YIN).
 */
import { realFftOfSize, realFftSizeAtLeast } from './fft.ts';
import { readFrame } from './framing.ts';
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
  const fft = realFftOfSize(realFftSizeAtLeast(frameLength + maxPeriod));
  const { input: frame, spectrum, output: acf } = fft;
  const half = fft.size / 2;
  const cmndf = new Float64Array(nLags);
  const f0 = new Float32Array(nFrames);
  const aperiodicity = new Float32Array(nFrames);

  // frame[frameLength..] stays zero: the FFT input is the frame zero-padded to the FFT size.
  frame.fill(0);
  const frameSamples = frame.subarray(0, frameLength);
  for (let t = 0; t < nFrames; t++) {
    readFrame(signal, t * hopLength - Math.floor(frameLength / 2), frameSamples);
    fft.forward();
    // |X|² is real and even; its inverse DFT (times the size) is the circular ACF.
    spectrum[0] *= spectrum[0];
    spectrum[1] *= spectrum[1];
    for (let k = 1; k < half; k++) {
      const re = spectrum[2 * k];
      const im = spectrum[2 * k + 1];
      spectrum[2 * k] = re * re + im * im;
      spectrum[2 * k + 1] = 0;
    }
    fft.inverse();

    const index = troughIndex(acf, frame, 2 / fft.size, minPeriod, troughThreshold, cmndf);
    const period = minPeriod + index + parabolicShift(cmndf, index);
    f0[t] = sampleRate / period;
    aperiodicity[t] = cmndf[index];
  }
  return { f0, aperiodicity };
}

/**
 * librosa's period choice, as an index into the CMNDF (lag − minPeriod): the first trough
 * below the threshold, else the global minimum. The CMNDF is computed lag by lag into
 * `cmndf` and the search stops one lag after the trough (the parabola needs it), which
 * skips most of the work for voiced frames. `acf` holds N·ACF (PFFFT's inverse is unscaled)
 * and scale = 2/N, so scale·(acf[0] − acf[k]) = 2·(ACF(0) − ACF(k)).
 */
function troughIndex(
  acf: Float32Array,
  frame: Float32Array,
  scale: number,
  minPeriod: number,
  threshold: number,
  cmndf: Float64Array,
): number {
  const last = cmndf.length - 1;
  const acf0 = acf[0];
  let energyBefore = frame[0] * frame[0]; // Σ_{m<k} x[m]²
  let cumulative = 0; // Σ_{j=1..k} d(j)
  let globalMin = 0;
  for (let k = 1; k <= minPeriod + last; k++) {
    const difference = scale * (acf0 - acf[k]) - energyBefore;
    energyBefore += frame[k] * frame[k];
    cumulative += difference;
    const i = k - minPeriod;
    if (i < 0) continue;
    const c = difference / (cumulative / k + FLOAT32_TINY);
    cmndf[i] = c;
    if (c < cmndf[globalMin]) globalMin = i;
    if (i === 0) continue;
    // With c[i] known, i − 1 can be judged: a trough is c[i−1] < c[i−2] and c[i−1] <= c[i]
    // (for i − 1 = 0 only c[0] < c[1]), and it must be below the threshold. Combined with &
    // rather than && so noise, whose CMNDF rises and falls at random, costs no mispredicted
    // branches.
    const candidate = cmndf[i - 1];
    const trough = i === 1 ? +(candidate < c) : +(candidate < cmndf[i - 2]) & +(candidate <= c);
    if (trough & +(candidate < threshold)) return i - 1;
  }
  return cmndf[last] < cmndf[last - 1] && cmndf[last] < threshold ? last : globalMin;
}

/** Vertex offset of the parabola through c[i−1], c[i], c[i+1]; 0 at the ends or when flat. */
function parabolicShift(c: Float64Array, i: number): number {
  if (i === 0 || i === c.length - 1) return 0;
  const a = c[i + 1] + c[i - 1] - 2 * c[i];
  const b = (c[i + 1] - c[i - 1]) / 2;
  return Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
}
