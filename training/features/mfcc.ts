/**
 * MFCC from a log-mel spectrogram, equal to
 * `librosa.feature.mfcc(S=log_mel, n_mfcc, dct_type=2, norm='ortho', lifter=0)`:
 * an orthonormal DCT-II over the mel axis, keeping the first n_mfcc coefficients.
 */
import { createMatrix, type FeatureMatrix } from './feature-matrix.ts';
import { rowKernel, type RowKernel } from './wasm-writer.ts';

export function mfcc(logMel: FeatureMatrix, nMfcc: number): FeatureMatrix {
  const n = logMel.cols;
  const kernel = dctKernel(nMfcc, n);
  const out = createMatrix(logMel.rows, nMfcc);
  for (let t = 0; t < logMel.rows; t++) {
    kernel.input.set(logMel.data.subarray(t * n, (t + 1) * n));
    kernel.run();
    out.data.set(kernel.output, t * nMfcc);
  }
  return out;
}

const dctKernels = new Map<string, RowKernel>();

/**
 * Rows 0..nCoefficients−1 of the orthonormal DCT-II of length n, c_k·cos(π·k·(2j+1)/(2n)),
 * as straight-line WebAssembly with the weights as constants, built once per shape.
 * Row k is (−1)^k-symmetric about the middle, so even rows act on x_j + x_{n−1−j} and odd
 * rows on x_j − x_{n−1−j} (j < n/2, plus the middle input for odd n): half the
 * multiplications of the plain matrix product.
 */
function dctKernel(nCoefficients: number, n: number): RowKernel {
  const key = `${nCoefficients}/${n}`;
  let kernel = dctKernels.get(key);
  if (!kernel) {
    kernel = rowKernel(n, nCoefficients, (w, inputAt, outputAt) => {
      const half = Math.floor(n / 2);
      const [x, mirror] = [w.f64Local(), w.f64Local()];
      const sums = Array.from({ length: half }, () => w.f64Local());
      const differences = Array.from({ length: half }, () => w.f64Local());
      for (let j = 0; j < half; j++) {
        w.loadF32(inputAt(j))
          .set(x)
          .loadF32(inputAt(n - 1 - j))
          .set(mirror);
        w.get(x).get(mirror).add(false).set(sums[j]);
        w.get(x).get(mirror).sub(false).set(differences[j]);
      }
      const centre = w.f64Local();
      if (n % 2 === 1) w.loadF32(inputAt(half)).set(centre);
      // Four partial sums per coefficient, so the additions are not one long dependent chain.
      const partial = Array.from({ length: 4 }, () => w.f64Local());
      for (let k = 0; k < nCoefficients; k++) {
        const weight = (j: number) =>
          (k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n)) *
          Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
        const terms: [number, number][] = (k % 2 === 0 ? sums : differences).map((local, j) => [
          local,
          weight(j),
        ]);
        if (n % 2 === 1 && k % 2 === 0) terms.push([centre, weight(half)]);
        for (const p of partial) w.constF64(0).set(p);
        terms.forEach(([local, value], i) => {
          const p = partial[i % 4];
          w.get(p).get(local).constF64(value).mul(false).add(false).set(p);
        });
        w.get(partial[0])
          .get(partial[1])
          .add(false)
          .get(partial[2])
          .get(partial[3])
          .add(false)
          .add(false);
        w.set(partial[0]).storeF64AsF32(outputAt(k), partial[0]);
      }
    });
    dctKernels.set(key, kernel);
  }
  return kernel;
}
