/**
 * Centred framing as librosa does it with center=True: the signal is padded by
 * frameLength/2 on both sides and frame t starts at t·hop in the padded signal.
 * Frames are read straight from the unpadded signal so a one-hour file is never copied.
 */

/** Copy frame `t` (of `frameLength` samples, hop `hop`) into `out`, zero-padding outside the signal. */
export function readCenteredFrame(
  signal: Float32Array,
  t: number,
  frameLength: number,
  hop: number,
  out: Float64Array,
): void {
  const start = t * hop - Math.floor(frameLength / 2);
  const first = Math.max(0, -start);
  const last = Math.min(frameLength, signal.length - start);
  if (first > 0 || last < frameLength) out.fill(0);
  for (let i = first; i < last; i++) out[i] = signal[start + i];
}

/** Sample of the edge-padded signal (numpy pad mode 'edge'), by position in the unpadded one. */
export function edgeSample(signal: Float32Array, index: number): number {
  if (index < 0) return signal[0];
  if (index >= signal.length) return signal[signal.length - 1];
  return signal[index];
}
