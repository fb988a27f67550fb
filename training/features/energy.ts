/**
 * Frame-level energy features, equal to librosa 0.11's
 * `feature.rms(frame_length, hop_length, center=True, pad_mode='constant')` and
 * `feature.zero_crossing_rate(frame_length, hop_length, center=True)` (edge padding).
 * Both use running sums, so each costs O(n) whatever the frame length.
 */
import { edgeSample } from './framing.ts';
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

function signBit(v: number): number {
  return Math.abs(v) <= ZERO_THRESHOLD || v > 0 ? 0 : 1;
}

/** Fraction of sign changes between consecutive samples of each edge-padded centred frame. */
export function zeroCrossingRate(
  signal: Float32Array,
  frameLength: number,
  hopLength: number,
): Float32Array {
  const nFrames = frameCount(signal.length, hopLength);
  const half = Math.floor(frameLength / 2);
  const paddedLength = signal.length + 2 * half;
  // crossings[i] = number of sign changes between padded samples j−1 and j for j ≤ i.
  const crossings = new Int32Array(paddedLength);
  let previous = signBit(edgeSample(signal, -half));
  for (let i = 1; i < paddedLength; i++) {
    const current = signBit(edgeSample(signal, i - half));
    crossings[i] = crossings[i - 1] + (current !== previous ? 1 : 0);
    previous = current;
  }
  const out = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const start = t * hopLength;
    out[t] = (crossings[start + frameLength - 1] - crossings[start]) / frameLength;
  }
  return out;
}
