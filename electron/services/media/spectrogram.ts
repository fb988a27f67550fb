/**
 * The clip's spectrogram, precomputed on the back end in exactly the JSON wavesurfer's
 * spectrogram plugin fetches through its `frequenciesDataUrl` option, so the renderer neither
 * decodes audio nor runs an FFT: an hour-long recording shows its spectrogram from ≤ 3 MB.
 *
 * The plugin (wavesurfer.js 8, dist/spectrogram-setup.js, `loadFrequenciesData`) does
 * `drawSpectrogram(await (await fetch(url)).json())` and accepts [channel][column][row] or a
 * flat [column][row] of 0–255 colour indices, row 0 the lowest frequency; it needs its
 * `sampleRate` option (rows span 0..sampleRate/2) and stretches the columns over the clip.
 */
import { InputFileError } from '../../../training/errors.ts';
import { readMonoStream } from './mono-stream.ts';
import type { MonoStreamOptions } from './mono-stream.ts';
import {
  DEFAULT_RANGE_DB,
  RowSampler,
  rowFrequencies,
  SPECTROGRAM_ROWS,
  SPECTROGRAM_TOP_HZ,
  toColorIndices,
} from './spectrogram-rows.ts';
import type { FrequencyScale } from './spectrogram-rows.ts';
import { MAX_SPECTROGRAM_COLUMNS, planStft, StftPooler } from './stft-pooler.ts';

export type { FrequencyScale } from './spectrogram-rows.ts';

/** What the cache stores; GET /media/spectrogram/<clipId> serves `frequencies` alone. */
export interface SpectrogramData {
  version: 1;
  /** The plugin's `sampleRate` option: the rows span 0..sampleRate/2 (always 16000). */
  sampleRate: number;
  /** The plugin's `frequencyMax` option (always 8000 Hz, whatever the file's rate). */
  frequencyMax: number;
  /** The plugin's `scale` option: how the rows are spaced (and the axis must be labelled). */
  scale: FrequencyScale;
  /** Length of the analysed audio. */
  durationSec: number;
  /** Columns per second of audio (the plugin stretches them over the clip's width). */
  columnsPerSecond: number;
  /** [channel][column][row]: one channel, rows low → high, colour indices 0–255. */
  frequencies: number[][][];
}

export interface SpectrogramOptions extends MonoStreamOptions {
  /** Row spacing (default 'linear', which the Label view's Waveform expects). */
  scale?: FrequencyScale;
  /** Most columns (default 3000). */
  maxColumns?: number;
  /** dB below the clip's loudest bin shown (default 80). */
  rangeDb?: number;
}

/**
 * Spectrogram of the mono mix of `filePath` at the file's own rate (25 ms Hann windows,
 * 10 ms hop or wider for long clips, max-pooled to ≤ maxColumns columns of 256 rows over
 * 0–8 kHz), streamed so memory stays flat. Throws InputFileError for unreadable files.
 */
export async function computeSpectrogram(
  filePath: string,
  options: SpectrogramOptions = {},
): Promise<SpectrogramData> {
  const scale = options.scale ?? 'linear';
  const maxColumns = options.maxColumns ?? MAX_SPECTROGRAM_COLUMNS;
  const rowHz = rowFrequencies(scale);
  let sampleRate = 0;
  const pooler = await readMonoStream(
    filePath,
    (info) => {
      sampleRate = info.sampleRate;
      const plan = planStft(info.sampleRate, info.durationSec, maxColumns);
      const rows = new RowSampler(rowHz, info.sampleRate / plan.nFft, plan.nFft / 2 + 1);
      return new StftPooler(plan, rows, SPECTROGRAM_ROWS, maxColumns);
    },
    options,
  );
  const pooled = pooler.finish();
  if (pooled.samples === 0) throw new InputFileError(filePath, 'no audio samples could be decoded');
  return {
    version: 1,
    sampleRate: 2 * SPECTROGRAM_TOP_HZ,
    frequencyMax: SPECTROGRAM_TOP_HZ,
    scale,
    durationSec: pooled.samples / sampleRate,
    columnsPerSecond: sampleRate / (pooled.hop * pooled.framesPerColumn),
    frequencies: [toColorIndices(pooled.columns, options.rangeDb ?? DEFAULT_RANGE_DB)],
  };
}

/** Whether `value` has the shape of SpectrogramData (a cache file can be damaged). */
export function isSpectrogramData(value: unknown): value is SpectrogramData {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  if (
    s.version !== 1 ||
    (s.scale !== 'linear' && s.scale !== 'mel') ||
    ![s.sampleRate, s.frequencyMax, s.durationSec, s.columnsPerSecond].every(
      (n) => typeof n === 'number' && Number.isFinite(n) && n > 0,
    ) ||
    !Array.isArray(s.frequencies) ||
    s.frequencies.length !== 1
  ) {
    return false;
  }
  const columns: unknown = s.frequencies[0];
  return (
    Array.isArray(columns) &&
    columns.length > 0 &&
    columns.every(
      (column) =>
        Array.isArray(column) &&
        column.length === SPECTROGRAM_ROWS &&
        column.every((v) => Number.isInteger(v) && v >= 0 && v <= 255),
    )
  );
}
