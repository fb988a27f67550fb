/**
 * Double-precision real FFT for the STFTs. librosa multiplies float32 frames by a float64
 * window, so its STFT is float64-accurate; a float32 FFT (or even float32-rounded windowed
 * input) moves quiet mel bands next to loud ones by more than the 1e-3 dB the reference
 * allows, and no WebAssembly FFT package works in float64.
 *
 * So the transform is generated per size as straight-line WebAssembly (wasm-writer.ts):
 * a radix-4 complex FFT of N/2 points on the even/odd samples, loaded in bit-reversed order
 * with the window applied, then split into the N/2 + 1 bins of the real transform as
 * magnitudes or powers. Real and imaginary parts live in separate arrays, so f64x2 SIMD
 * does two butterflies at once with no lane shuffling; twiddles come from a table in the
 * kernel's memory. That runs two to three times faster than the same algorithm in
 * JavaScript.
 */
import { readFrame } from './framing.ts';
import { KernelWriter } from './wasm-writer.ts';

export class RealFft64 {
  readonly size: number;
  private readonly run: () => void;
  /** Frame samples (float32), read by the kernel. */
  private readonly frame: Float32Array;
  /** The window (float64), read by the kernel; copied in when a different one is used. */
  private readonly window: Float64Array;
  private windowSource: Float64Array | undefined;
  /** |X_k|^power for k = 0..N/2 (float32), written by the kernel. */
  private readonly spectrum: Float32Array;

  /** `power` 1 gives magnitudes, 2 powers. */
  constructor(size: number, power: 1 | 2) {
    if (size < 8 || (size & (size - 1)) !== 0) {
      throw new RangeError(`RealFft64: size ${size} is not a power of two ≥ 8`);
    }
    this.size = size;
    const layout = memoryLayout(size);
    const { writer, constants } = generateKernel(size, power, layout);
    const { run, memory } = writer.instantiate(layout.constants + 8 * constants.length);
    new Float64Array(memory, layout.constants, constants.length).set(constants);
    this.run = run;
    this.frame = new Float32Array(memory, layout.frame, size);
    this.window = new Float64Array(memory, layout.window, size);
    this.spectrum = new Float32Array(memory, layout.spectrum, size / 2 + 1);
  }

  /**
   * out[offset + k] = |X_k|^power for k = 0..N/2, X = DFT of x[n] = signal[start + n]·window[n]
   * (zero where start + n is outside the signal).
   */
  windowedSpectrum(
    signal: Float32Array,
    start: number,
    window: Float64Array,
    out: Float32Array,
    offset: number,
  ): void {
    if (window !== this.windowSource) {
      this.window.set(window);
      this.windowSource = window;
    }
    readFrame(signal, start, this.frame);
    this.run();
    out.set(this.spectrum, offset);
  }
}

/** Byte offsets of the kernel's arrays (all 16-byte aligned). */
interface Layout {
  frame: number;
  window: number;
  /** Real and imaginary parts of the N/2-point complex transform (float64). */
  re: number;
  im: number;
  spectrum: number;
  /** f64x2 constants (twiddles), read with one load each: cheaper than v128.const. */
  constants: number;
}

function memoryLayout(size: number): Layout {
  const half = size / 2;
  const frame = 0;
  const window = frame + 4 * size + ((16 - ((4 * size) % 16)) % 16);
  const re = window + 8 * size;
  const im = re + 8 * half;
  const spectrum = im + 8 * half;
  const constants = spectrum + 4 * (half + 1) + ((16 - ((4 * (half + 1)) % 16)) % 16);
  return { frame, window, re, im, spectrum, constants };
}

/**
 * The kernel for `size` (N), with h = N/2: Z = DFT_h of z[m] = x[2m] + i·x[2m+1] by radix-4
 * decimation in time on bit-reversed input (one radix-2 stage first when log2(h) is odd),
 * then E_k = (Z_k + conj Z_{h−k})/2, O_k = (Z_k − conj Z_{h−k})/(2i), T_k = e^{−2πik/N}·O_k,
 * X_k = E_k + T_k and X_{h−k} = conj(E_k − T_k); then |X_k|² (square root for power 1).
 */
function generateKernel(
  size: number,
  power: 1 | 2,
  layout: Layout,
): { writer: KernelWriter; constants: Float64Array } {
  const half = size / 2;
  const w = new KernelWriter();
  const constantSlots = new Map<string, number>();
  /** Pushes the f64x2 (lane0, lane1), kept in the constants table. */
  const constant = (lane0: number, lane1: number) => {
    const key = `${lane0},${lane1}`;
    let slot = constantSlots.get(key);
    if (slot === undefined) constantSlots.set(key, (slot = constantSlots.size));
    return w.loadV(layout.constants + 16 * slot);
  };
  const reAt = (j: number) => layout.re + 8 * j;
  const imAt = (j: number) => layout.im + 8 * j;

  // Complex values as (re, im) locals: scalars in the first stage, f64x2 (two butterflies) after.
  const scalars = Array.from({ length: 16 }, () => w.f64Local());
  const vectors = Array.from({ length: 17 }, () => w.v128Local());
  const pairs = (locals: number[]) =>
    Array.from({ length: 8 }, (_, i) => [locals[2 * i], locals[2 * i + 1]]);

  /**
   * X[j + q·span] (q = 0..3) from a, b, c, d: the sub-transforms of residues 0, 2, 1, 3
   * (bit reversal's order), already twiddled. X0 = a+b+c+d, X1 = (a−b) − i(c−d),
   * X2 = (a+b) − (c+d), X3 = (a−b) + i(c−d).
   */
  const butterfly = (locals: number[][], vector: boolean, j: number, span: number) => {
    const [a, b, c, d, s0, d0, s1, d1] = locals;
    for (const part of [0, 1]) {
      w.get(a[part]).get(b[part]).add(vector).set(s0[part]);
      w.get(a[part]).get(b[part]).sub(vector).set(d0[part]);
      w.get(c[part]).get(d[part]).add(vector).set(s1[part]);
      w.get(c[part]).get(d[part]).sub(vector).set(d1[part]);
    }
    const outputs: [number, (part: number) => void][] = [
      [0, (part) => w.get(s0[part]).get(s1[part]).add(vector)],
      [
        1,
        (part) =>
          part === 0 ? w.get(d0[0]).get(d1[1]).add(vector) : w.get(d0[1]).get(d1[0]).sub(vector),
      ],
      [2, (part) => w.get(s0[part]).get(s1[part]).sub(vector)],
      [
        3,
        (part) =>
          part === 0 ? w.get(d0[0]).get(d1[1]).sub(vector) : w.get(d0[1]).get(d1[0]).add(vector),
      ],
    ];
    for (const [q, value] of outputs) {
      for (const part of [0, 1]) {
        value(part);
        w.set(a[part]);
        const address = (part === 0 ? reAt : imAt)(j + q * span);
        if (vector) w.storeV(address, a[part]);
        else w.storeF64(address, a[part]);
      }
    }
  };

  // First stage, scalar: load with bit reversal and window, then butterflies without twiddles.
  const reversed = bitReversal(half);
  const loadPoint = ([re, im]: number[], p: number) => {
    w.loadF32(layout.frame + 8 * p)
      .loadF64(layout.window + 16 * p)
      .mul(false)
      .set(re);
    w.loadF32(layout.frame + 8 * p + 4)
      .loadF64(layout.window + 16 * p + 8)
      .mul(false)
      .set(im);
  };
  const scalar = pairs(scalars);
  let span: number;
  if (Math.log2(half) % 2 === 1) {
    const [a, b] = scalar;
    for (let j = 0; j < half; j += 2) {
      loadPoint(a, reversed[j]);
      loadPoint(b, reversed[j + 1]);
      for (const [q, op] of [
        [0, 'add'],
        [1, 'sub'],
      ] as const) {
        for (const part of [0, 1]) {
          w.get(a[part]).get(b[part])[op](false).set(scalar[2][part]);
          w.storeF64((part === 0 ? reAt : imAt)(j + q), scalar[2][part]);
        }
      }
    }
    span = 2;
  } else {
    for (let j = 0; j < half; j += 4) {
      for (let q = 0; q < 4; q++) loadPoint(scalar[q], reversed[j + q]);
      butterfly(scalar, false, j, 1);
    }
    span = 4;
  }

  // Radix-4 stages, two adjacent butterflies (j, j + 1) per f64x2.
  const vector = pairs(vectors);
  const rotated = vectors[16];
  /** (re, im) ← (re, im)·e^{−iθ} lane by lane: re·cos θ + im·sin θ, im·cos θ − re·sin θ. */
  const rotate = ([re, im]: number[], theta: [number, number]) => {
    const [c0, c1] = theta.map(Math.cos);
    const [s0, s1] = theta.map(Math.sin);
    w.get(re);
    constant(c0, c1).mul(true).get(im);
    constant(s0, s1).mul(true).add(true).set(rotated).get(im);
    constant(c0, c1).mul(true).get(re);
    constant(s0, s1).mul(true).sub(true).set(im);
    w.get(rotated).set(re);
  };
  for (; span < half; span *= 4) {
    for (let block = 0; block < half; block += 4 * span) {
      for (let j = 0; j < span; j += 2) {
        const i0 = block + j;
        for (let q = 0; q < 4; q++) {
          w.loadV(reAt(i0 + q * span)).set(vector[q][0]);
          w.loadV(imAt(i0 + q * span)).set(vector[q][1]);
        }
        const theta: [number, number] = [
          (2 * Math.PI * j) / (4 * span),
          (2 * Math.PI * (j + 1)) / (4 * span),
        ];
        rotate(vector[1], [2 * theta[0], 2 * theta[1]]);
        rotate(vector[2], theta);
        rotate(vector[3], [3 * theta[0], 3 * theta[1]]);
        butterfly(vector, true, i0, span);
      }
    }
  }

  // Real split. k = 0: X_0 = Re Z_0 + Im Z_0, X_h = Re Z_0 − Im Z_0.
  const spectrumAt = (k: number) => layout.spectrum + 4 * k;
  const [[r0, i0], [x]] = scalar;
  w.loadF64(reAt(0)).set(r0).loadF64(imAt(0)).set(i0);
  for (const [k, op] of [
    [0, 'add'],
    [half, 'sub'],
  ] as const) {
    w.get(r0).get(i0)[op](false).set(x).get(x).get(x).mul(false);
    if (power === 1) w.sqrt(false);
    w.set(x).storeF64AsF32(spectrumAt(k), x);
  }
  // k = 1..h/2 two at a time (k, k + 1), with their mirrors (h − k, h − k − 1).
  const [[kr, ki], [jr, ji], [er, ei], [or, oi], [xk], [xj]] = vector;
  /** out ← |E ± T|^power, lane by lane. */
  const magnitude = (op: 'add' | 'sub', out: number) => {
    w.get(er).get(or)[op](true).set(out).get(out).get(out).mul(true);
    w.get(ei).get(oi)[op](true).set(kr).get(kr).get(kr).mul(true);
    w.add(true);
    if (power === 1) w.sqrt(true);
    w.set(out);
  };
  for (let k = 1; k < half / 2; k += 2) {
    const mirror = half - k - 1; // the pair (h − k − 1, h − k) in memory order
    w.loadV(reAt(k)).set(kr).loadV(imAt(k)).set(ki);
    w.loadV(reAt(mirror)).set(jr).swapped(jr).set(jr);
    w.loadV(imAt(mirror)).set(ji).swapped(ji).set(ji);
    w.get(kr).get(jr).add(true);
    constant(0.5, 0.5).mul(true).set(er).get(ki).get(ji).sub(true);
    constant(0.5, 0.5).mul(true).set(ei).get(ki).get(ji).add(true);
    constant(0.5, 0.5).mul(true).set(or).get(jr).get(kr).sub(true);
    constant(0.5, 0.5).mul(true).set(oi);
    rotate([or, oi], [(2 * Math.PI * k) / size, (2 * Math.PI * (k + 1)) / size]);
    magnitude('add', xk);
    w.storeVAsF32(spectrumAt(k), xk);
    magnitude('sub', xj);
    w.swapped(xj).set(xj).storeVAsF32(spectrumAt(mirror), xj);
  }
  const constants = new Float64Array(2 * constantSlots.size);
  for (const [key, slot] of constantSlots) constants.set(key.split(',').map(Number), 2 * slot);
  return { writer: w, constants };
}

/** reversed[j] = j with its log2(n) bits reversed. */
function bitReversal(n: number): Int32Array {
  const bits = Math.log2(n);
  return Int32Array.from({ length: n }, (_, j) => {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((j >> b) & 1) << (bits - 1 - b);
    return r;
  });
}

const instances = new Map<string, RealFft64>();

/**
 * The shared transform of `size` points giving |X|^power (its kernel is generated once,
 * in a few milliseconds; it keeps no result between calls).
 */
export function realFft64Of(size: number, power: 1 | 2): RealFft64 {
  const key = `${size}/${power}`;
  let fft = instances.get(key);
  if (!fft) {
    fft = new RealFft64(size, power);
    instances.set(key, fft);
  }
  return fft;
}
