/**
 * Centred framing as librosa does it with center=True: the signal is padded by
 * frameLength/2 on both sides and frame t starts at t·hop in the padded signal, i.e. at
 * t·hop − frameLength/2 in the signal. Frames are read straight from the unpadded signal
 * so a one-hour file is never copied whole.
 */

/** `out` ← signal[start, start + out.length), zero where that runs past either end. */
export function readFrame(signal: Float32Array, start: number, out: Float32Array): void {
  const first = Math.max(0, -start);
  const last = Math.min(out.length, signal.length - start);
  if (first > 0 || last < out.length) out.fill(0);
  if (last > first) out.set(signal.subarray(start + first, start + last), first);
}
