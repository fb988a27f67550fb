/**
 * Trends across saved practice sessions for the history view: one point per session (oldest
 * first) per measure, and a plain answer to "is it improving?" from a least-squares slope.
 */
import type { GoalProfile, SessionReport, SessionSummary } from '../../../electron/contract.ts';
import { GOAL_TONES } from './practice-format.ts';

export interface TrendPoint {
  id: string;
  startedAt: string;
  pitchVariationSt: number | null;
  wordsPerMinute: number | null;
  /** Share of speech time in the session goal's tones; null without speech. */
  goalToneShare: number | null;
  longPauses: number;
}

/** Share of speech time spent in the goal's tones (GOAL_TONES), null without speech. */
export function goalToneShare(report: SessionReport, goal: GoalProfile): number | null {
  if (report.toneShare.length === 0 || !(report.speechSec > 0)) return null;
  const wanted = new Set(GOAL_TONES[goal]);
  const share = report.toneShare.reduce(
    (sum, row) => sum + (wanted.has(row.label) ? row.share : 0),
    0,
  );
  return Math.max(0, Math.min(1, share));
}

/** The trend points of `sessions` (any order), oldest first. */
export function trendPoints(sessions: readonly SessionSummary[]): TrendPoint[] {
  return [...sessions]
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
    .map((session) => ({
      id: session.id,
      startedAt: session.startedAt,
      pitchVariationSt: session.report.pitch.variationSt,
      wordsPerMinute: session.report.pace.wordsPerMinute,
      goalToneShare: goalToneShare(session.report, session.goal),
      longPauses: session.report.pauses.long,
    }));
}

/**
 * Least-squares slope of `values` against their index (nulls skipped) and how many values
 * it used; slope 0 with fewer than two values.
 */
export function slope(values: readonly (number | null)[]): { perStep: number; n: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  values.forEach((v, x) => {
    if (v === null || !Number.isFinite(v)) return;
    n += 1;
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
  });
  const denominator = n * sxx - sx * sx;
  if (n < 2 || denominator === 0) return { perStep: 0, n };
  return { perStep: (n * sxy - sx * sy) / denominator, n };
}

/**
 * The least-squares line through `values` evaluated at each index from the first to the
 * last present value (null outside), for drawing the trend over the points.
 */
export function fittedLine(values: readonly (number | null)[]): (number | null)[] {
  const present = values
    .map((v, i) => (v === null || !Number.isFinite(v) ? -1 : i))
    .filter((i) => i >= 0);
  if (present.length < 2) return values.map(() => null);
  const { perStep } = slope(values);
  const meanX = present.reduce((sum, i) => sum + i, 0) / present.length;
  const meanY = present.reduce((sum, i) => sum + (values[i] as number), 0) / present.length;
  const first = present[0];
  const last = present[present.length - 1];
  return values.map((_, i) => (i < first || i > last ? null : meanY + perStep * (i - meanX)));
}

export type TrendMeasure = 'pitchVariation' | 'pace' | 'goalTones' | 'longPauses';
export type TrendVerdict = 'improving' | 'steady' | 'worsening' | 'too-few';

/** Sessions with a value needed before a trend is called. */
export const MIN_TREND_SESSIONS = 3;

/** Change over the whole span smaller than this counts as steady. */
const STEADY_WITHIN: Readonly<Record<TrendMeasure, number>> = {
  pitchVariation: 0.3,
  pace: 5,
  goalTones: 0.05,
  longPauses: 0.5,
};

/** Values whose decrease is the improvement, oriented so that "up" is always better. */
function betterUp(
  measure: TrendMeasure,
  points: readonly TrendPoint[],
  band: readonly [number, number],
): (number | null)[] {
  switch (measure) {
    // More pitch movement is the usual cure for a flat, monotone delivery.
    case 'pitchVariation':
      return points.map((p) => p.pitchVariationSt);
    // Pace improves as it gets closer to the target band (distance 0 inside it).
    case 'pace':
      return points.map((p) =>
        p.wordsPerMinute === null
          ? null
          : -Math.max(0, band[0] - p.wordsPerMinute, p.wordsPerMinute - band[1]),
      );
    case 'goalTones':
      return points.map((p) => p.goalToneShare);
    case 'longPauses':
      return points.map((p) => -p.longPauses);
  }
}

/**
 * Whether `measure` is improving over `points` (oldest first): the least-squares change
 * over the whole span, oriented so that improving is always "better", against a
 * per-measure tolerance. `change` is in the measure's own units (pace: wpm of distance to
 * the band; goal tones: share 0–1).
 */
export function trendVerdict(
  measure: TrendMeasure,
  points: readonly TrendPoint[],
  band: readonly [number, number],
): { verdict: TrendVerdict; change: number; sessions: number } {
  const values = betterUp(measure, points, band);
  const { perStep, n } = slope(values);
  if (n < MIN_TREND_SESSIONS) return { verdict: 'too-few', change: 0, sessions: n };
  // Span in index steps between the first and the last session that has a value.
  const present = values.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
  const change = perStep * (present[present.length - 1] - present[0]);
  const verdict =
    Math.abs(change) < STEADY_WITHIN[measure] ? 'steady' : change > 0 ? 'improving' : 'worsening';
  return { verdict, change, sessions: n };
}

const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** The verdict in words: "Improving: +0.8 st over 6 sessions". */
export function describeTrend(
  measure: TrendMeasure,
  result: { verdict: TrendVerdict; change: number; sessions: number },
): string {
  if (result.verdict === 'too-few') {
    return `A trend needs ${MIN_TREND_SESSIONS} sessions with this measure (${result.sessions} so far)`;
  }
  const over = `over ${result.sessions} sessions`;
  if (result.verdict === 'steady') return `Steady ${over}`;
  const size = Math.abs(result.change);
  const improving = result.verdict === 'improving';
  switch (measure) {
    case 'pitchVariation':
      return improving
        ? `Improving: +${ONE_DECIMAL.format(size)} st of variation ${over}`
        : `Flatter: −${ONE_DECIMAL.format(size)} st of variation ${over}`;
    case 'pace':
      return improving
        ? `Improving: ${Math.round(size)} wpm closer to the target ${over}`
        : `Drifting: ${Math.round(size)} wpm further from the target ${over}`;
    case 'goalTones':
      return improving
        ? `Improving: +${Math.round(size * 100)} points in goal tones ${over}`
        : `Less on goal: −${Math.round(size * 100)} points ${over}`;
    case 'longPauses':
      return improving
        ? `Improving: ${ONE_DECIMAL.format(size)} fewer long pauses ${over}`
        : `More long pauses: +${ONE_DECIMAL.format(size)} ${over}`;
  }
}
