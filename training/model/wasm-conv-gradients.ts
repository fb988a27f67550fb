/**
 * Training kernels the tfjs wasm backend lacks, built from its own fast kernels.
 *
 * tfjs-backend-wasm 4.22 runs Conv2D through XNNPACK (SIMD) but registers no
 * `Conv2DBackpropFilter`, so no layers model with Conv1D/Conv2D can train on it; its
 * native `Conv2DBackpropInput` exists but is a plain scalar loop. Both gradients of a
 * convolution are themselves convolutions, so we express them through the backend's
 * forward `Conv2D` (plus Transpose / PadV2 / Reverse / Reshape to rearrange operands)
 * and register them for 'wasm'. tfjs layers Conv1D is Conv2D with height 1, so it is
 * covered too.
 *
 * Notation (NHWC, the only layout tfjs layers uses): input x[b, h, w, c] of shape
 * [B, H, W, C], filter W[i, j, c, o] of shape [KH, KW, C, O], strides (SH, SW),
 * top/left padding (PT, PL), output gradient dy[b, p, q, o] of shape [B, OH, OW, O].
 * The forward convolution is
 *   y[b, p, q, o] = Σ_{i, j, c} x[b, p·SH + i − PT, q·SW + j − PL, c] · W[i, j, c, o]
 * (x is zero outside its bounds). Dilated forward convolutions are out of scope:
 * tfjs-core's own Conv2D gradient refuses dilations > 1 before reaching a kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

const BACKEND = 'wasm';

/** [before, after] padding of one axis; a negative number crops instead. */
type AxisPad = [number, number];

/** Runs one of the wasm backend's registered kernels by name. */
function runWasmKernel(
  name: string,
  backend: KernelBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const config = tf.getKernel(name, BACKEND);
  if (config === undefined) {
    throw new Error(
      `The tfjs wasm backend has no '${name}' kernel, which the convolution gradients need.`,
    );
  }
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out))
    throw new Error(`wasm kernel '${name}' returned several tensors; expected one.`);
  return out;
}

/**
 * A small scope for intermediate TensorInfos: every tensor made through `run` is
 * released by `dispose`, except the one `keep` hands back as the kernel's result.
 */
class KernelScope {
  private readonly made: TensorInfo[] = [];
  constructor(private readonly backend: KernelBackend) {}

  run(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
    const out = runWasmKernel(name, this.backend, inputs, attrs);
    this.made.push(out);
    return out;
  }

  keep(result: TensorInfo): TensorInfo {
    const i = this.made.indexOf(result);
    if (i >= 0) this.made.splice(i, 1);
    return result;
  }

  dispose(): void {
    for (const t of this.made) this.backend.disposeData(t.dataId);
    this.made.length = 0;
  }
}

function asKernelBackend(backend: object): KernelBackend {
  if (!(backend instanceof tf.KernelBackend)) {
    throw new Error('wasm convolution gradients were given something that is not a tfjs backend.');
  }
  return backend;
}

/** Attributes shared by Conv2DBackpropFilter and Conv2DBackpropInput, checked. */
interface BackpropAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function checkedAttrs(kernel: string, attrs: NamedAttrMap | undefined): BackpropAttrs {
  if (attrs === undefined) throw new Error(`${kernel} on wasm: missing attributes.`);
  const { dataFormat, strides, pad, dimRoundingMode } = attrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(
      `${kernel} on wasm supports dataFormat 'NHWC' only, got '${String(dataFormat)}'.`,
    );
  }
  const isStrides =
    typeof strides === 'number' ||
    (Array.isArray(strides) && strides.length === 2 && strides.every((s) => typeof s === 'number'));
  if (!isStrides) throw new Error(`${kernel} on wasm: strides must be a number or [sh, sw].`);
  const isPad =
    pad === 'same' ||
    pad === 'valid' ||
    typeof pad === 'number' ||
    (Array.isArray(pad) &&
      pad.length === 4 &&
      pad.every((p) => Array.isArray(p) && p.length === 2));
  if (!isPad) throw new Error(`${kernel} on wasm: unsupported padding ${JSON.stringify(pad)}.`);
  if (
    dimRoundingMode !== undefined &&
    !['floor', 'round', 'ceil'].includes(String(dimRoundingMode))
  ) {
    throw new Error(`${kernel} on wasm: unknown dimRoundingMode '${String(dimRoundingMode)}'.`);
  }
  return attrs as unknown as BackpropAttrs;
}

function shape4(t: TensorInfo | undefined, what: string): [number, number, number, number] {
  if (t === undefined || t.shape.length !== 4)
    throw new Error(`wasm convolution gradient: ${what} must be rank 4.`);
  return t.shape as [number, number, number, number];
}

/**
 * Crops `x` on the rows/columns where `pads` is negative (only H and W of NHWC),
 * and returns the pads that remain, all ≥ 0. Crops only happen for 'valid' or
 * explicit padding whose last input rows/columns no output position reaches.
 */
function cropNegative(
  scope: KernelScope,
  x: TensorInfo,
  h: AxisPad,
  w: AxisPad,
): [TensorInfo, AxisPad, AxisPad] {
  if (Math.min(h[0], h[1], w[0], w[1]) >= 0) return [x, h, w];
  const cut = (p: number): number => Math.max(0, -p);
  const [n, rows, cols, ch] = x.shape;
  const cropped = scope.run(
    'Slice',
    { x },
    {
      begin: [0, cut(h[0]), cut(w[0]), 0],
      size: [n, rows - cut(h[0]) - cut(h[1]), cols - cut(w[0]) - cut(w[1]), ch],
    },
  );
  const keep = (p: AxisPad): AxisPad => [Math.max(0, p[0]), Math.max(0, p[1])];
  return [cropped, keep(h), keep(w)];
}

/** The wasm forward convolution with explicit (non-negative) padding and stride 1. */
function conv(
  scope: KernelScope,
  x: TensorInfo,
  filter: TensorInfo,
  h: AxisPad,
  w: AxisPad,
  dilations: [number, number],
): TensorInfo {
  const [xc, hp, wp] = cropNegative(scope, x, h, w);
  return scope.run(
    'Conv2D',
    { x: xc, filter },
    {
      strides: [1, 1],
      pad: [[0, 0], hp, wp, [0, 0]],
      dataFormat: 'NHWC',
      dilations,
    },
  );
}

/**
 * The forward convolution a gradient kernel belongs to, from its attrs and shapes,
 * checked against the output gradient it was given.
 */
function forwardConvInfo(
  kernel: string,
  attrs: NamedAttrMap | undefined,
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  dyShape: [number, number, number, number],
): tf.backend_util.Conv2DInfo {
  const { strides, pad, dimRoundingMode } = checkedAttrs(kernel, attrs);
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
  if (info.outHeight !== dyShape[1] || info.outWidth !== dyShape[2]) {
    throw new Error(`${kernel} on wasm: dy shape [${dyShape.join(',')}] does not match the convolution output.`);
  }
  return info;
}

/**
 * Filter gradient as one forward convolution.
 *
 *   dW[i, j, c, o] = Σ_{b, p, q} x[b, p·SH + i − PT, q·SW + j − PL, c] · dy[b, p, q, o]
 *
 * Read x' = transpose(x) of shape [C, H, W, B] as a batch of C images with B
 * channels, and dy' = transpose(dy) of shape [OH, OW, B, O] as a filter. Then
 *
 *   dW[i, j, c, o] = Σ_{p, q, b} x'[c, i + p·SH − PT, j + q·SW − PL, b] · dy'[p, q, b, o]
 *
 * which is conv(x', dy') with dilation (SH, SW), stride 1, padding PT on top and
 * (OH − 1)·SH + KH − H − PT at the bottom (so the output has exactly KH rows; the
 * same on the width axis). Its output [C, KH, KW, O] transposed is dW.
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const info = forwardConvInfo(
    'Conv2DBackpropFilter',
    attrs,
    shape4(inputs.x, 'x'),
    attrs?.filterShape as [number, number, number, number],
    shape4(inputs.dy, 'dy'),
  );
  const scope = new KernelScope(asKernelBackend(backend));
  try {
    const xT = scope.run('Transpose', { x: inputs.x as TensorInfo }, { perm: [3, 1, 2, 0] });
    const dyT = scope.run('Transpose', { x: inputs.dy as TensorInfo }, { perm: [1, 2, 0, 3] });
    const { top, left } = info.padInfo;
    const bottom =
      (info.outHeight - 1) * info.strideHeight + info.filterHeight - info.inHeight - top;
    const right = (info.outWidth - 1) * info.strideWidth + info.filterWidth - info.inWidth - left;
    const dwT = conv(
      scope,
      xT,
      dyT,
      [top, bottom],
      [left, right],
      [info.strideHeight, info.strideWidth],
    );
    return scope.keep(scope.run('Transpose', { x: dwT }, { perm: [1, 2, 0, 3] }));
  } finally {
    scope.dispose();
  }
};

/**
 * Spreads dy over a grid `stride` times finer by inserting stride − 1 zeros after
 * every row / column (a reshape to [B, OH, 1, OW, 1, O], a zero pad of the unit
 * axes, a reshape back): dyS[b, p·SH, q·SW, o] = dy[b, p, q, o], zero elsewhere.
 * The result has OH·SH rows; the last SH − 1 of them are zero.
 */
function spreadByStride(scope: KernelScope, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [b, oh, ow, o] = dy.shape;
  const six = scope.run('Reshape', { x: dy }, { shape: [b, oh, 1, ow, 1, o] });
  const padded = scope.run(
    'PadV2',
    { x: six },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  return scope.run('Reshape', { x: padded }, { shape: [b, oh * sh, ow * sw, o] });
}

/**
 * Input gradient as one forward convolution.
 *
 *   dx[b, h, w, c] = Σ_{p, q, i, j, o : p·SH + i − PT = h, q·SW + j − PL = w} dy[b, p, q, o] · W[i, j, c, o]
 *
 * With dyS = dy spread by the stride (see spreadByStride) and the filter rotated by
 * 180° with its channel axes swapped, Wr[i, j, o, c] = W[KH−1−i, KW−1−j, c, o]:
 *
 *   dx[b, h, w, c] = Σ_{i, j, o} dyS[b, h + i − (KH−1−PT), w + j − (KW−1−PL), o] · Wr[i, j, o, c]
 *
 * i.e. conv(dyS, Wr) with stride 1, padding KH−1−PT on top and H + PT − OH·SH at
 * the bottom (so the output has exactly H rows; negative means crop), likewise
 * for the width.
 */
const conv2DBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const info = forwardConvInfo(
    'Conv2DBackpropInput',
    attrs,
    attrs?.inputShape as [number, number, number, number],
    shape4(inputs.filter, 'filter'),
    shape4(inputs.dy, 'dy'),
  );
  const scope = new KernelScope(asKernelBackend(backend));
  try {
    const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
    const dyS = spreadByStride(scope, inputs.dy as TensorInfo, sh, sw);
    const flipped = scope.run('Reverse', { x: inputs.filter as TensorInfo }, { dims: [0, 1] });
    const rotated = scope.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    const { top, left } = info.padInfo;
    const h: AxisPad = [kh - 1 - top, info.inHeight + top - info.outHeight * sh];
    const w: AxisPad = [kw - 1 - left, info.inWidth + left - info.outWidth * sw];
    return scope.keep(conv(scope, dyS, rotated, h, w, [1, 1]));
  } finally {
    scope.dispose();
  }
};

const GRADIENT_KERNELS: ReadonlyArray<{ kernelName: string; kernelFunc: KernelFunc }> = [
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2DBackpropFilter },
  { kernelName: 'Conv2DBackpropInput', kernelFunc: conv2DBackpropInput },
];

/**
 * Registers Conv2DBackpropFilter and Conv2DBackpropInput for the 'wasm' backend
 * (replacing wasm's scalar-loop Conv2DBackpropInput). Safe to call repeatedly and
 * before or after the wasm backend is initialised: kernels are looked up per call.
 */
export function registerWasmConvGradients(): void {
  for (const { kernelName, kernelFunc } of GRADIENT_KERNELS) {
    const current = tf.getKernel(kernelName, BACKEND);
    if (current?.kernelFunc === kernelFunc) continue;
    if (current !== undefined) tf.unregisterKernel(kernelName, BACKEND);
    tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
  }
}
