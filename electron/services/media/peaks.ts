/**
 * Waveform peaks of a clip, computed on the back end so the renderer never decodes audio: a
 * 1-hour recording is drawn from ~100k min/max pairs (about 1 MB of JSON), available at once.
 */
import { InputFileError } from '../../../training/errors.ts';
import { readMonoStream } from './mono-stream.ts';
import type { MonoStreamOptions } from './mono-stream.ts';
import { MAX_PEAK_PAIRS, MAX_PEAKS_PER_SECOND, PeakFolder, samplesPerPeak } from './peak-folder.ts';

/** What GET /media/peaks/<clipId> returns and the cache stores. */
export interface Peaks {
  version: 1;
  /** The file's own rate (peaks are taken at it: no resampling smooths a peak away). */
  sampleRate: number;
  /** Decoded samples / sampleRate. */
  durationSec: number;
  /** Always 1: the channels are averaged (librosa.to_mono), as every feature sees them. */
  channels: 1;
  /** Pairs per second: sampleRate / samples-per-pair, so not always a whole number. */
  peaksPerSecond: number;
  /** Per bucket, the lowest and highest sample, in [-1, 1], 4 decimals. */
  min: number[];
  max: number[];
}

export interface PeaksOptions extends MonoStreamOptions {
  /** Finest resolution (default 400 pairs/s). */
  maxPeaksPerSecond?: number;
  /** Most pairs for the whole clip (default 100,000). */
  maxPairs?: number;
}

/**
 * Peaks of the mono mix of `filePath`, streamed: WAV read in chunks, other formats decoded by
 * ffmpeg as they play, so memory stays flat for any length. Throws InputFileError for files
 * that cannot be read as audio.
 */
export async function computePeaks(filePath: string, options: PeaksOptions = {}): Promise<Peaks> {
  const maxPairs = options.maxPairs ?? MAX_PEAK_PAIRS;
  const maxPerSecond = options.maxPeaksPerSecond ?? MAX_PEAKS_PER_SECOND;
  let sampleRate = 0;
  const folder = await readMonoStream(
    filePath,
    (info) => {
      sampleRate = info.sampleRate;
      return new PeakFolder(
        samplesPerPeak(info.durationSec, info.sampleRate, maxPerSecond, maxPairs),
        maxPairs,
      );
    },
    options,
  );
  const folded = folder.finish();
  if (folded.samples === 0) throw new InputFileError(filePath, 'no audio samples could be decoded');
  return {
    version: 1,
    sampleRate,
    durationSec: folded.samples / sampleRate,
    channels: 1,
    peaksPerSecond: sampleRate / folded.samplesPerPeak,
    min: folded.min,
    max: folded.max,
  };
}

/** Whether `value` has the shape of Peaks (a cache file can be damaged or from elsewhere). */
export function isPeaks(value: unknown): value is Peaks {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.version === 1 &&
    p.channels === 1 &&
    isPositive(p.sampleRate) &&
    isPositive(p.durationSec) &&
    isPositive(p.peaksPerSecond) &&
    isUnitArray(p.min) &&
    isUnitArray(p.max) &&
    p.min.length === p.max.length &&
    p.min.length > 0
  );
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isUnitArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && v >= -1 && v <= 1);
}
