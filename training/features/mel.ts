/**
 * Mel filterbank, mel spectrogram and dB conversion, equal to librosa 0.11's
 * `filters.mel(htk=False, norm='slaney')`, `feature.melspectrogram` and `power_to_db`.
 */
import { createMatrix, type FeatureMatrix } from './feature-matrix.ts';
import { rowKernel, type RowKernel } from './wasm-writer.ts';

const SLANEY_HZ_PER_MEL = 200 / 3;
const SLANEY_LOG_START_HZ = 1000;
const SLANEY_LOG_START_MEL = SLANEY_LOG_START_HZ / SLANEY_HZ_PER_MEL; // 15
const SLANEY_LOG_STEP = Math.log(6.4) / 27;

/** librosa.hz_to_mel(f, htk=False): linear below 1 kHz, logarithmic above. */
export function hzToMel(hz: number): number {
  if (hz < SLANEY_LOG_START_HZ) return hz / SLANEY_HZ_PER_MEL;
  return SLANEY_LOG_START_MEL + Math.log(hz / SLANEY_LOG_START_HZ) / SLANEY_LOG_STEP;
}

/** librosa.mel_to_hz(m, htk=False). */
export function melToHz(mel: number): number {
  if (mel < SLANEY_LOG_START_MEL) return mel * SLANEY_HZ_PER_MEL;
  return SLANEY_LOG_START_HZ * Math.exp(SLANEY_LOG_STEP * (mel - SLANEY_LOG_START_MEL));
}

/** One mel band as a sparse run of FFT-bin weights. */
interface MelBand {
  firstBin: number;
  weights: Float64Array;
}

export interface MelFilterbank {
  nMels: number;
  nBins: number;
  bands: MelBand[];
}

/**
 * Triangular filters between mel-spaced points (nMels + 2 of them, fmin..fmax), each
 * scaled by 2 / (f[i+2] − f[i]) (Slaney area normalisation). Stored sparsely because
 * each band touches only a few bins.
 */
export function melFilterbank(
  sampleRate: number,
  nFft: number,
  nMels: number,
  fmin: number,
  fmax: number,
): MelFilterbank {
  const nBins = nFft / 2 + 1;
  const minMel = hzToMel(fmin);
  const maxMel = hzToMel(fmax);
  const points = Array.from({ length: nMels + 2 }, (_, i) =>
    melToHz(minMel + ((maxMel - minMel) * i) / (nMels + 1)),
  );
  const bands: MelBand[] = [];
  for (let m = 0; m < nMels; m++) {
    const [lo, centre, hi] = [points[m], points[m + 1], points[m + 2]];
    const norm = 2 / (hi - lo);
    const dense = new Float64Array(nBins);
    let firstBin = -1;
    let lastBin = -1;
    for (let k = 0; k < nBins; k++) {
      const f = (k * sampleRate) / nFft;
      const rising = (f - lo) / (centre - lo);
      const falling = (hi - f) / (hi - centre);
      const w = Math.max(0, Math.min(rising, falling)) * norm;
      dense[k] = w;
      if (w > 0) {
        if (firstBin < 0) firstBin = k;
        lastBin = k;
      }
    }
    bands.push(
      firstBin < 0
        ? { firstBin: 0, weights: new Float64Array(0) }
        : { firstBin, weights: dense.slice(firstBin, lastBin + 1) },
    );
  }
  return { nMels, nBins, bands };
}

/** mel_power[t][m] = Σ_k weights[m][k] · power[t][k]  (librosa.feature.melspectrogram). */
export function applyMelFilterbank(power: FeatureMatrix, bank: MelFilterbank): FeatureMatrix {
  if (power.cols !== bank.nBins) {
    throw new RangeError(
      `applyMelFilterbank: ${power.cols} bins per frame, the bank expects ${bank.nBins}`,
    );
  }
  const kernel = melKernel(bank);
  const out = createMatrix(power.rows, bank.nMels);
  for (let t = 0; t < power.rows; t++) {
    kernel.input.set(power.data.subarray(t * power.cols, (t + 1) * power.cols));
    kernel.run();
    out.data.set(kernel.output, t * bank.nMels);
  }
  return out;
}

const melKernels = new WeakMap<MelFilterbank, RowKernel>();

/**
 * One frame of the filterbank as straight-line WebAssembly with the weights as constants
 * (only the non-zero ones), built once per bank: several times faster than looping over
 * the bands' short, uneven weight runs in JavaScript. Each band sums in bin order, as the
 * definition does.
 */
function melKernel(bank: MelFilterbank): RowKernel {
  let kernel = melKernels.get(bank);
  if (!kernel) {
    kernel = rowKernel(bank.nBins, bank.nMels, (w, inputAt, outputAt) => {
      const bins = new Map<number, number>();
      const bin = (k: number) => {
        let local = bins.get(k);
        if (local === undefined) {
          local = w.f64Local();
          w.loadF32(inputAt(k)).set(local);
          bins.set(k, local);
        }
        return local;
      };
      const sum = w.f64Local();
      bank.bands.forEach(({ firstBin, weights }, m) => {
        w.constF64(0).set(sum);
        weights.forEach((weight, i) => {
          w.get(sum)
            .get(bin(firstBin + i))
            .constF64(weight)
            .mul(false)
            .add(false)
            .set(sum);
        });
        w.storeF64AsF32(outputAt(m), sum);
      });
    });
    melKernels.set(bank, kernel);
  }
  return kernel;
}

/** 10/ln 10: 10·log10(x) as a natural log, which V8 computes about twice as fast. */
const DB_PER_NEPER = 10 / Math.LN10;

/** librosa.power_to_db(S, ref=1.0, amin, top_db=None) = 10·log10(max(S, amin)). */
export function powerToDb(power: FeatureMatrix, amin: number): FeatureMatrix {
  const out = createMatrix(power.rows, power.cols);
  for (let i = 0; i < power.data.length; i++) {
    out.data[i] = DB_PER_NEPER * Math.log(Math.max(power.data[i], amin));
  }
  return out;
}
