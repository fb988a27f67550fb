/**
 * Frame levels and speech activity from frame RMS. Used to normalise recording level
 * (RAVDESS is ~20 dB quieter than a laptop microphone, DESIGN.md section 10) and to keep
 * silence from being scored as an emotion.
 */

/** 20·log10(rms) per frame, floored at -120 dBFS for digital silence. */
export function levelsDb(rms: Float32Array): Float32Array {
  const out = new Float32Array(rms.length);
  for (let i = 0; i < rms.length; i++) out[i] = 20 * Math.log10(Math.max(rms[i], 1e-6));
  return out;
}

export interface ActivityOptions {
  /** Frames quieter than this are never speech (dBFS). */
  absoluteFloorDb: number;
  /** Frames more than this below the loud end (95th percentile) of the span are not speech. */
  relativeRangeDb: number;
}

export const DEFAULT_ACTIVITY: ActivityOptions = { absoluteFloorDb: -55, relativeRangeDb: 30 };

/** Per-frame speech activity over levels[start, end): loud enough absolutely and relatively. */
export function activeFrames(
  levels: Float32Array,
  start = 0,
  end = levels.length,
  options: ActivityOptions = DEFAULT_ACTIVITY,
): Uint8Array {
  const span = levels.subarray(start, end);
  const sorted = Float32Array.from(span).sort();
  const loud = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] : -Infinity;
  const threshold = Math.max(options.absoluteFloorDb, loud - options.relativeRangeDb);
  return Uint8Array.from(span, (db) => (db >= threshold ? 1 : 0));
}

/** Power-mean level (dBFS) of the active frames, or undefined when none is active. */
export function activeLevelDb(levels: Float32Array, active: Uint8Array, offset = 0): number | undefined {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < active.length; i++) {
    if (!active[i]) continue;
    sum += 10 ** (levels[offset + i] / 10);
    count++;
  }
  return count ? 10 * Math.log10(sum / count) : undefined;
}
