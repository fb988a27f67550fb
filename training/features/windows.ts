/** Analysis windows, as scipy.signal.get_window(..., fftbins=True) makes them for librosa. */

/** Periodic Hann window: w[n] = 0.5 − 0.5·cos(2πn/N), n = 0..N−1 (librosa `window='hann'`). */
export function periodicHann(length: number): Float64Array {
  const w = new Float64Array(length);
  for (let n = 0; n < length; n++) w[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length);
  return w;
}

/**
 * A window of `winLength` zero-padded to `nFft`, centred (librosa.util.pad_center):
 * how librosa.stft uses win_length < n_fft.
 */
export function centeredWindow(window: Float64Array, nFft: number): Float64Array {
  const out = new Float64Array(nFft);
  out.set(window, Math.floor((nFft - window.length) / 2));
  return out;
}
