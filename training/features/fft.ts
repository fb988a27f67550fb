/**
 * Shared FFT instances. fft.js builds twiddle tables in its constructor (about as costly
 * as dozens of transforms), so each size is built once per process.
 */
import FFT from 'fft.js';

const instances = new Map<number, FFT>();

export function fftOfSize(size: number): FFT {
  let fft = instances.get(size);
  if (!fft) {
    fft = new FFT(size);
    instances.set(size, fft);
  }
  return fft;
}
