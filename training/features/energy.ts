/**
 * Frame-level energy features, equal to librosa 0.11's
 * `feature.rms(frame_length, hop_length, center=True, pad_mode='constant')` and
 * `feature.zero_crossing_rate(frame_length, hop_length, center=True)` (edge padding).
 * Both use running sums, so each costs O(n) whatever the frame length.
 */
import { frameCount } from './spec.ts';

/** sqrt(mean(x²)) over each zero-padded centred frame. */
export function rms(signal: Float32Array, frameLength: number, hopLength: number): Float32Array {
  const nFrames = frameCount(signal.length, hopLength);
  const half = Math.floor(frameLength / 2);
  // squares[i] = Σ_{j<i} x[j]², in float64 so long files lose no precision.
  const cumulative = new Float64Array(signal.length + 1);
  for (let i = 0; i < signal.length; i++) cumulative[i + 1] = cumulative[i] + signal[i] * signal[i];
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const start = Math.max(0, t * hopLength - half);
    const end = Math.min(signal.length, t * hopLength - half + frameLength);
    const energy = end > start ? cumulative[end] - cumulative[start] : 0;
    out[t] = Math.sqrt(Math.max(0, energy) / frameLength);
  }
  return out;
}

/** Values at or below this magnitude count as zero (librosa's threshold=1e-10 default). */
const ZERO_THRESHOLD = 1e-10;

/** Fraction of sign changes between consecutive samples of each edge-padded centred frame. */
export function zeroCrossingRate(
  signal: Float32Array,
  frameLength: number,
  hopLength: number,
): Float32Array {
  const nFrames = frameCount(signal.length, hopLength);
  const half = Math.floor(frameLength / 2);
  // crossings[i] = number of sign changes between padded samples j−1 and j for j ≤ i. Edge
  // padding repeats the end samples, so the padding itself never changes sign.
  const crossings = new Int32Array(signal.length + 2 * half);
  // Sign bit as librosa takes it: values within the threshold of 0 count as 0, and 0 as
  // positive. Kept arithmetic (no branch): noise changes sign at random, which a branch
  // would mispredict half the time.
  let previous = signal.length > 0 ? +(signal[0] < -ZERO_THRESHOLD) : 0;
  let count = 0;
  for (let i = 0; i < signal.length; i++) {
    const negative = +(signal[i] < -ZERO_THRESHOLD);
    count += negative ^ previous;
    previous = negative;
    crossings[half + i] = count;
  }
  crossings.fill(count, half + signal.length);
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const start = t * hopLength;
    out[t] = (crossings[start + frameLength - 1] - crossings[start]) / frameLength;
  }
  return out;
}
