/**
 * Real FFTs by PFFFT compiled to WebAssembly with SIMD (@echogarden/pffft-wasm), for YIN:
 * about ten times faster than a JavaScript FFT, and YIN runs two per frame.
 *
 * PFFFT works in float32, which is enough for YIN's autocorrelation (librosa computes it
 * in float32 too); the STFTs need float64 and use real-fft64.ts. Transforms run on buffers
 * that live in the WebAssembly memory, so a frame is written straight into `input` and
 * read straight out of `spectrum` with no copy per call. Instances are shared per size
 * (building twiddle tables costs about as much as dozens of transforms); their buffers are
 * therefore scratch space: a result is valid only until the next transform of the size.
 */
import PFFFT from '@echogarden/pffft-wasm/simd';

const pffft = await PFFFT();
const REAL = 0;
const FORWARD = 0;
const BACKWARD = 1;
const FLOAT_BYTES = 4;

/**
 * Smallest size ≥ `minimum` that PFFFT can transform as real data: 2^a·3^b·5^c with a ≥ 5.
 * A correlation that only needs lags up to L of a length-n frame needs a size ≥ n + L, not 2n.
 */
export function realFftSizeAtLeast(minimum: number): number {
  let size = Math.max(32, Math.ceil(minimum / 32) * 32);
  while (!isRealFftSize(size)) size += 32;
  return size;
}

function isRealFftSize(size: number): boolean {
  if (!Number.isInteger(size) || size < 32 || size % 32 !== 0) return false;
  let rest = size / 32;
  for (const factor of [2, 3, 5]) while (rest % factor === 0) rest /= factor;
  return rest === 1;
}

export class RealFft {
  readonly size: number;
  private readonly setup: number;
  private readonly inputPtr: number;
  private readonly spectrumPtr: number;
  private readonly outputPtr: number;
  private readonly workPtr: number;
  private memory: ArrayBufferLike | undefined;
  private views: { input: Float32Array; spectrum: Float32Array; output: Float32Array } | undefined;

  constructor(size: number) {
    // Checked here: PFFFT aborts the whole WebAssembly instance on a size it cannot do.
    if (!isRealFftSize(size))
      throw new RangeError(
        `RealFft: PFFFT cannot transform ${size} real points (need 2^a·3^b·5^c, a ≥ 5)`,
      );
    this.size = size;
    this.setup = pffft._pffft_new_setup(size, REAL);
    [this.inputPtr, this.spectrumPtr, this.outputPtr, this.workPtr] = [0, 1, 2, 3].map(() => {
      const ptr = pffft._pffft_aligned_malloc(size * FLOAT_BYTES);
      new Float32Array(pffft.HEAPF32.buffer, ptr, size).fill(0);
      return ptr;
    });
  }

  /** Time-domain input of `forward` (the transform leaves it unchanged, so zero padding written once stays). */
  get input(): Float32Array {
    return this.currentViews().input;
  }

  /**
   * Output of `forward` and input of `inverse`, in PFFFT's ordered layout:
   * [X₀, X_{N/2}, Re X₁, Im X₁, …, Re X_{N/2−1}, Im X_{N/2−1}] (X₀ and X_{N/2} are real).
   */
  get spectrum(): Float32Array {
    return this.currentViews().spectrum;
  }

  /** Time-domain output of `inverse`. */
  get output(): Float32Array {
    return this.currentViews().output;
  }

  /** spectrum ← DFT(input), unscaled. */
  forward(): void {
    pffft._pffft_transform_ordered(
      this.setup,
      this.inputPtr,
      this.spectrumPtr,
      this.workPtr,
      FORWARD,
    );
  }

  /** output ← N · inverse DFT(spectrum) (unscaled, as PFFFT and FFTPACK define it). */
  inverse(): void {
    pffft._pffft_transform_ordered(
      this.setup,
      this.spectrumPtr,
      this.outputPtr,
      this.workPtr,
      BACKWARD,
    );
  }

  /** Views into the WebAssembly memory, rebuilt when a later allocation has grown (and so replaced) it. */
  private currentViews(): { input: Float32Array; spectrum: Float32Array; output: Float32Array } {
    const memory = pffft.HEAPF32.buffer;
    if (this.views === undefined || this.memory !== memory) {
      this.memory = memory;
      this.views = {
        input: new Float32Array(memory, this.inputPtr, this.size),
        spectrum: new Float32Array(memory, this.spectrumPtr, this.size),
        output: new Float32Array(memory, this.outputPtr, this.size),
      };
    }
    return this.views;
  }
}

const instances = new Map<number, RealFft>();

/** The shared transform of `size` real points (see the module note on its buffers). */
export function realFftOfSize(size: number): RealFft {
  let fft = instances.get(size);
  if (!fft) {
    fft = new RealFft(size);
    instances.set(size, fft);
  }
  return fft;
}
