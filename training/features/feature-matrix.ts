/**
 * A time-major 2-D feature array (`rows` frames × `cols` dims) in one Float32Array,
 * so large spectrograms cost one allocation and no per-frame objects.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export function createMatrix(rows: number, cols: number): FeatureMatrix {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/** The matrix as nested arrays (for JSON output), optionally rounded to `digits` significant digits. */
export function matrixToArrays(m: FeatureMatrix, digits?: number): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    const row = Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols));
    out[r] = digits === undefined ? row : row.map((v) => roundSignificant(v, digits));
  }
  return out;
}

export function roundSignificant(v: number, digits: number): number {
  return v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits));
}
