/**
 * Geometry of the live charts (pitch and loudness traces, pace gauge): value ranges, tick
 * positions, the runs a line is drawn in, and where the gauge's needle and target band sit.
 * Pure numbers; the canvas components only paint what these return.
 */

export interface Range {
  min: number;
  max: number;
}

/**
 * Loudness thresholds shaded on the loudness trace: where the back end's "too quiet" and
 * "too loud" hints fire and what its report's quiet/loud shares count (HINT_THRESHOLDS in
 * training/practice/hints.ts). The contract does not carry them, so they are repeated here.
 */
export const LOUDNESS_QUIET_DBFS = -35;
export const LOUDNESS_LOUD_DBFS = -8;
export const LOUDNESS_RANGE: Range = { min: -50, max: 0 };

/** The pitch axis always spans at least this much, so a steady voice is not magnified. */
const PITCH_MIN_SPAN: Range = { min: 80, max: 260 };

/** The pitch axis for these values: PITCH_MIN_SPAN, widened in steps of 20 Hz to fit them. */
export function pitchRange(values: Iterable<number | null>): Range {
  let lo = PITCH_MIN_SPAN.min;
  let hi = PITCH_MIN_SPAN.max;
  for (const value of values) {
    if (value === null || !Number.isFinite(value)) continue;
    if (value - 10 < lo) lo = Math.floor((value - 10) / 20) * 20;
    if (value + 10 > hi) hi = Math.ceil((value + 10) / 20) * 20;
  }
  return { min: Math.max(0, lo), max: hi };
}

/** "Nice" tick values (steps of 1, 2, 2.5 or 5 × 10^k) inside [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min) || count < 1) return [];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + 1e-9; v += step) {
    ticks.push(Math.round(v / step) * step || 0); // || 0: no -0 from ceil(-tiny)
  }
  return ticks;
}

/** `value` of `range` as a y pixel between `top` (max) and `bottom` (min), clamped. */
export function yOf(value: number, range: Range, top: number, bottom: number): number {
  const f = (value - range.min) / (range.max - range.min);
  return bottom - Math.max(0, Math.min(1, f)) * (bottom - top);
}

/**
 * Index runs [first, last] of consecutive points that have a value and follow each other
 * within `maxGapSec`: a line is drawn within a run and broken between runs (silence, or
 * time the back end did not report).
 */
export function lineRuns(
  times: readonly number[],
  values: readonly (number | null)[],
  maxGapSec = 0.6,
): [number, number][] {
  const runs: [number, number][] = [];
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const has = values[i] !== null && Number.isFinite(values[i]);
    const joined = first >= 0 && has && times[i] - times[i - 1] <= maxGapSec;
    if (has && !joined) {
      if (first >= 0) runs.push([first, i - 1]);
      first = i;
    } else if (!has && first >= 0) {
      runs.push([first, i - 1]);
      first = -1;
    }
  }
  if (first >= 0) runs.push([first, values.length - 1]);
  return runs;
}

export type PaceStatus = 'none' | 'slow' | 'on-target' | 'fast';

export interface PaceGauge {
  /** The gauge's scale, wpm. */
  range: Range;
  /** Positions along the gauge, 0 (left) … 1 (right). */
  bandFrom: number;
  bandTo: number;
  /** Null while there is no pace yet. */
  needle: number | null;
  status: PaceStatus;
}

/**
 * The pace gauge for `wpm` against the target `band`: the scale runs 80 wpm either side of
 * the band (never below 0) and widens to keep an out-of-scale pace visible at the edge.
 */
export function paceGauge(wpm: number | null, band: readonly [number, number]): PaceGauge {
  const [lo, hi] = band[0] <= band[1] ? band : [band[1], band[0]];
  const range = { min: Math.max(0, lo - 80), max: hi + 80 };
  const at = (v: number) => Math.max(0, Math.min(1, (v - range.min) / (range.max - range.min)));
  if (wpm === null || !Number.isFinite(wpm)) {
    return { range, bandFrom: at(lo), bandTo: at(hi), needle: null, status: 'none' };
  }
  const status: PaceStatus = wpm < lo ? 'slow' : wpm > hi ? 'fast' : 'on-target';
  return { range, bandFrom: at(lo), bandTo: at(hi), needle: at(wpm), status };
}

/** The time labels under a rolling chart of `windowSec`: "−60 s" … "now". */
export function windowTicks(
  windowSec: number,
  stepSec = windowSec / 4,
): { offset: number; text: string }[] {
  const ticks: { offset: number; text: string }[] = [];
  for (let back = windowSec; back > 1e-9; back -= stepSec) {
    ticks.push({ offset: -back, text: `−${Math.round(back)} s` });
  }
  ticks.push({ offset: 0, text: 'now' });
  return ticks;
}
