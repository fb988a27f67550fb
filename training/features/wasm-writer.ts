/**
 * Just enough of the WebAssembly binary format to build, at run time, one exported
 * function of straight-line float64 code (scalar and SIMD f64x2) over the module's own
 * fixed memory. The per-frame kernels of the features (float64 FFT, mel filterbank, DCT)
 * are generated with it for their sizes and constants, and run as native code two to three
 * times faster than the same loops in JavaScript, with no compiler toolchain and no
 * binary in the repository. Every address is a constant byte offset from 0, as a kernel
 * with a fixed layout needs.
 */

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/**
 * The WebAssembly global, typed here: the project's TypeScript libs (ES2023 + Node) do not
 * declare it, and this is all that is used of it.
 */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

const F64 = 0x7c;
const V128 = 0x7b;
const SIMD = 0xfd;
/** i8x16.shuffle lane pattern (b, a) of one f64x2 (a, b). */
const SWAP_LANES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

export class KernelWriter {
  private code = new Uint8Array(1 << 16);
  private length = 0;
  private readonly localTypes: number[] = [];
  private readonly f64Bytes = new Uint8Array(8);
  private readonly f64View = new Float64Array(this.f64Bytes.buffer);

  /** A fresh float64 local. */
  f64Local(): number {
    return this.localTypes.push(F64) - 1;
  }

  /** A fresh v128 local (used as f64x2). */
  v128Local(): number {
    return this.localTypes.push(V128) - 1;
  }

  get(local: number): this {
    return this.byte(0x20).leb(local);
  }

  set(local: number): this {
    return this.byte(0x21).leb(local);
  }

  /** float32 at `address`, widened to float64. */
  loadF32(address: number): this {
    return this.base().byte(0x2a).memarg(2, address).byte(0xbb);
  }

  loadF64(address: number): this {
    return this.base().byte(0x2b).memarg(3, address);
  }

  /** Stores the float64 `local` at `address`. */
  storeF64(address: number, local: number): this {
    return this.base().get(local).byte(0x39).memarg(3, address);
  }

  /** Stores the float64 `local` at `address` as a float32. */
  storeF64AsF32(address: number, local: number): this {
    return this.base().get(local).byte(0xb6).byte(0x38).memarg(2, address);
  }

  /** 16 bytes at `address` as f64x2 (alignment is only a hint in WebAssembly). */
  loadV(address: number): this {
    return this.base().simd(0x00).memarg(3, address);
  }

  storeV(address: number, local: number): this {
    return this.base().get(local).simd(0x0b).memarg(3, address);
  }

  /** Stores the f64x2 `local` as two float32 at `address` (lane order kept). */
  storeVAsF32(address: number, local: number): this {
    // f32x4.demote_f64x2_zero, then v128.store64_lane of lane 0.
    return this.base().get(local).simd(94).simd(91).memarg(2, address).byte(0);
  }

  /** Pushes the f64x2 `local` with its lanes swapped: (a, b) → (b, a). */
  swapped(local: number): this {
    this.get(local).get(local).simd(0x0d);
    for (const lane of SWAP_LANES) this.byte(lane);
    return this;
  }

  constF64(value: number): this {
    this.byte(0x44);
    this.f64View[0] = value;
    for (const b of this.f64Bytes) this.byte(b);
    return this;
  }

  /** Adds, subtracts or multiplies the two values on the stack, scalar f64 or f64x2. */
  add(vector: boolean): this {
    return vector ? this.simd(240) : this.byte(0xa0);
  }

  sub(vector: boolean): this {
    return vector ? this.simd(241) : this.byte(0xa1);
  }

  mul(vector: boolean): this {
    return vector ? this.simd(242) : this.byte(0xa2);
  }

  /** Square root of the value on the stack, scalar f64 or f64x2. */
  sqrt(vector: boolean): this {
    return vector ? this.simd(239) : this.byte(0x9f);
  }

  /**
   * Compiles and instantiates the module with at least `memoryBytes` of memory: the
   * function and its memory (which never grows, so views of it stay valid).
   */
  instantiate(memoryBytes: number): { run: () => void; memory: ArrayBuffer } {
    const pages = Math.max(1, Math.ceil(memoryBytes / 65536));
    const instance = new webAssembly.Instance(new webAssembly.Module(this.module(pages)));
    const { run, memory } = instance.exports as {
      run: () => void;
      memory: { buffer: ArrayBuffer };
    };
    return { run, memory: memory.buffer };
  }

  /** The module: `pages` × 64 KiB of memory exported as "memory", this body exported as "run". */
  private module(pages: number): Uint8Array {
    const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
    const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
    const locals = this.localTypes.flatMap((type) => [1, type]);
    const header = [...uleb(this.localTypes.length), ...locals];
    const bodySize = header.length + this.length + 1;
    const head = [
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      ...section(1, [1, 0x60, 0, 0]), // one type: () → ()
      ...section(3, [1, 0]), // one function of type 0
      ...section(5, [1, 0x00, ...uleb(pages)]), // one memory, fixed minimum
      ...section(7, [2, ...name('memory'), 0x02, 0, ...name('run'), 0x00, 0]),
      10,
      ...uleb(bodySize + uleb(bodySize).length + 1),
      1,
      ...uleb(bodySize),
      ...header,
    ];
    const out = new Uint8Array(head.length + this.length + 1);
    out.set(head);
    out.set(this.code.subarray(0, this.length), head.length);
    out[out.length - 1] = 0x0b; // end
    return out;
  }

  /** The address operand of a load or store: 0, the offset being the constant address. */
  private base(): this {
    return this.byte(0x41).byte(0x00);
  }

  private memarg(alignLog2: number, offset: number): this {
    return this.byte(alignLog2).leb(offset);
  }

  private simd(opcode: number): this {
    return this.byte(SIMD).leb(opcode);
  }

  private leb(value: number): this {
    if (value < 0x80) return this.byte(value);
    for (const b of uleb(value)) this.byte(b);
    return this;
  }

  private byte(b: number): this {
    if (this.length === this.code.length) {
      const grown = new Uint8Array(2 * this.code.length);
      grown.set(this.code);
      this.code = grown;
    }
    this.code[this.length++] = b;
    return this;
  }
}

/** A generated kernel that maps one float32 row in `input` to `output`, both in its memory. */
export interface RowKernel {
  readonly input: Float32Array;
  readonly output: Float32Array;
  run(): void;
}

/**
 * Builds a row kernel: `body` emits code that reads input i at `inputAt(i)` and writes
 * output o (as float32) at `outputAt(o)`.
 */
export function rowKernel(
  inputs: number,
  outputs: number,
  body: (w: KernelWriter, inputAt: (i: number) => number, outputAt: (o: number) => number) => void,
): RowKernel {
  const w = new KernelWriter();
  const outputStart = 16 * Math.ceil(inputs / 4);
  body(
    w,
    (i) => 4 * i,
    (o) => outputStart + 4 * o,
  );
  const { run, memory } = w.instantiate(outputStart + 4 * outputs);
  return {
    input: new Float32Array(memory, 0, inputs),
    output: new Float32Array(memory, outputStart, outputs),
    run,
  };
}
