/**
 * Pure pieces of the precomputed spectrogram: which frequency each output row shows and how
 * magnitudes become the 0–255 colour indices wavesurfer's spectrogram plugin paints.
 *
 * The plugin draws pre-computed rows as they are, bottom to top, stretched over
 * 0..sampleRate/2 of its `sampleRate` option; its `scale` option only places the axis labels.
 * So the rows must sit where the plugin's own filter bank would put them for that scale:
 * row i at scaleToHz(i / rows · scale(top)), magnitudes interpolated linearly between the two
 * nearest FFT bins (createSparseFilterBank in wavesurfer's spectrogram-render-utils.js).
 */

export type FrequencyScale = 'linear' | 'mel';

/** Rows per column: the plugin's own default height (fftSamples 512 → 256 rows). */
export const SPECTROGRAM_ROWS = 256;
/**
 * Highest frequency shown. Speech (and every feature and model here, at 16 kHz) lives below
 * 8 kHz; a fixed top means the UI can pass fixed plugin options (sampleRate 16000) for any file.
 */
export const SPECTROGRAM_TOP_HZ = 8000;
/** Dynamic range shown below the loudest bin of the clip (the plugin's own rangeDB default). */
export const DEFAULT_RANGE_DB = 80;
/** A clip whose loudest bin is below this (dB re full scale) is digital silence: drawn blank. */
const SILENCE_DB = -150;

/** wavesurfer's mel formula (HTK, 2595·log10(1 + f/700)), not librosa's Slaney mel. */
function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function melToHz(mel: number): number {
  return 700 * (Math.pow(10, mel / 2595) - 1);
}

/** Frequency (Hz) of each row, bottom to top, as the plugin labels them for `scale`. */
export function rowFrequencies(
  scale: FrequencyScale,
  rows = SPECTROGRAM_ROWS,
  topHz = SPECTROGRAM_TOP_HZ,
): Float64Array {
  const top = scale === 'mel' ? hzToMel(topHz) : topHz;
  return Float64Array.from({ length: rows }, (_, i) =>
    scale === 'mel' ? melToHz((i / rows) * top) : (i / rows) * top,
  );
}

/** Reads row values out of FFT-bin magnitudes by linear interpolation between adjacent bins. */
export class RowSampler {
  readonly #lo: Int32Array;
  readonly #weight: Float32Array;

  /** `binHz` is sampleRate / nFft; rows above the file's Nyquist (bin nBins − 1) stay at 0. */
  constructor(rowHz: Float64Array, binHz: number, nBins: number) {
    this.#lo = new Int32Array(rowHz.length);
    this.#weight = new Float32Array(rowHz.length);
    rowHz.forEach((hz, row) => {
      const position = hz / binHz;
      const lo = Math.floor(position);
      this.#lo[row] = position > nBins - 1 ? -1 : lo;
      this.#weight[row] = position - lo;
    });
  }

  /** out[row] = interpolated magnitude of `bins` at the row's frequency. */
  sample(bins: Float32Array, out: Float32Array): void {
    const last = bins.length - 1;
    for (let row = 0; row < out.length; row++) {
      const lo = this.#lo[row];
      if (lo < 0) {
        out[row] = 0;
        continue;
      }
      const w = this.#weight[row];
      out[row] = lo >= last ? bins[last] : bins[lo] * (1 - w) + bins[lo + 1] * w;
    }
  }
}

/**
 * Magnitudes (normalised so a full-scale sine peaks near 1) to colour indices: the loudest
 * value of the whole clip becomes 255 and `rangeDb` below it 0, linear in dB in between (the
 * plugin's autoGain mapping). Digital silence stays 0 rather than amplifying rounding noise.
 */
export function toColorIndices(columns: Float32Array[], rangeDb = DEFAULT_RANGE_DB): number[][] {
  let peak = 0;
  for (const column of columns) for (const v of column) if (v > peak) peak = v;
  const peakDb = peak > 0 ? 20 * Math.log10(peak) : -Infinity;
  if (peakDb < SILENCE_DB) return columns.map((column) => new Array<number>(column.length).fill(0));
  const floorDb = peakDb - rangeDb;
  return columns.map((column) =>
    Array.from(column, (v) => {
      if (!(v > 0)) return 0;
      const index = Math.round(((20 * Math.log10(v) - floorDb) / rangeDb) * 255);
      return index <= 0 ? 0 : index > 255 ? 255 : index;
    }),
  );
}
