// Types for fft.js (indutny), which ships none. Only the members SER Studio uses.
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    createComplexArray(): Float64Array | number[];
    /** Forward FFT of real input; fills only bins 0..size/2 of `out` (interleaved re, im). */
    realTransform(out: ArrayLike<number> & { [i: number]: number }, input: ArrayLike<number>): void;
    completeSpectrum(out: ArrayLike<number> & { [i: number]: number }): void;
  }
}
