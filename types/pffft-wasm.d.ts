// Types for @echogarden/pffft-wasm (PFFFT compiled to WebAssembly), which ships none.
// Only the members fft.ts uses; pointers are byte offsets into the module's memory.
declare module '@echogarden/pffft-wasm/simd' {
  export interface PffftModule {
    /** The module's memory as floats; replaced (the old one detached) when the memory grows. */
    readonly HEAPF32: Float32Array;
    _pffft_simd_size(): number;
    /** `transform` 0 = real, 1 = complex; aborts the instance on an unsupported size. */
    _pffft_new_setup(size: number, transform: 0 | 1): number;
    _pffft_aligned_malloc(bytes: number): number;
    /** `direction` 0 = forward, 1 = backward (unscaled: backward(forward(x)) = N·x). */
    _pffft_transform_ordered(
      setup: number,
      input: number,
      output: number,
      work: number,
      direction: 0 | 1,
    ): void;
  }
  export default function PFFFT(): Promise<PffftModule>;
}
