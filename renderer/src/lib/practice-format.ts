/**
 * Words and numbers of practice mode: goal profile names, durations, session dates, the
 * report's measures and verdicts. Shared by the live view, the report and the history so a
 * measure reads the same everywhere.
 */
import type { GoalProfile, SessionReport } from '../../../electron/contract.ts';

/** The goal profiles in the order the chooser offers them (the contract's own order). */
export const GOAL_ORDER: readonly GoalProfile[] = [
  'calm-confident',
  'warm-enthusiastic',
  'neutral-clear',
];

export const GOAL_NAMES: Readonly<Record<GoalProfile, string>> = {
  'calm-confident': 'Calm and confident',
  'warm-enthusiastic': 'Warm and enthusiastic',
  'neutral-clear': 'Neutral and clear',
};

/** One line under each choice, so the user knows what the coaching will push towards. */
export const GOAL_BLURBS: Readonly<Record<GoalProfile, string>> = {
  'calm-confident': 'Relaxed tone, steady pace, enough pitch movement to sound sure.',
  'warm-enthusiastic': 'Bright, happy tone with lively intonation and energy.',
  'neutral-clear': 'Even tone, clear articulation, measured pace and pauses.',
};

/**
 * The tones that count as "on goal" for each profile. The report's `goal` rows judge the
 * tone in words only, so the history's "share of goal tones" trend is computed from
 * `toneShare` with these sets (kept close to what the profiles' names promise).
 */
export const GOAL_TONES: Readonly<Record<GoalProfile, readonly string[]>> = {
  'calm-confident': ['calm', 'neutral'],
  'warm-enthusiastic': ['happy', 'surprised'],
  'neutral-clear': ['neutral', 'calm'],
};

export function goalName(goal: string): string {
  return (GOAL_NAMES as Record<string, string>)[goal] ?? goal;
}

/**
 * A length of time as a clock: "0:07", "12:05", "1:02:03". Whole seconds (floored), so a
 * moment at 83.9 s reads "1:23", the second a player shows while it plays.
 */
export function formatDuration(seconds: number): string {
  const whole = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds + 1e-6) : 0;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** How long the tone has held: "just now", "for 12 s", "for 2 min 5 s". */
export function formatDominance(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 1) return 'just now';
  const whole = Math.floor(seconds);
  if (whole < 60) return `for ${whole} s`;
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  return s === 0 ? `for ${m} min` : `for ${m} min ${s} s`;
}

/** A duration in words for lists: "45 s", "4 min 12 s", "1 h 3 min". */
export function formatLength(seconds: number): string {
  const whole = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  if (whole < 60) return `${whole} s`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return m === 0 ? `${h} h` : `${h} h ${m} min`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** "Tue 12 May 2026, 14:03" in the user's time zone (or `timeZone`, for tests). */
export function formatSessionDate(iso: string, timeZone?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  };
  const parts = new Intl.DateTimeFormat('en-GB', options).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}`;
}

/**
 * A compact date for lists: "Sat 16 May, 11:33", with the year only when it is not the
 * year of `nowMs` ("Tue 3 Dec 2025, 09:10").
 */
export function formatListDate(iso: string, nowMs: number, timeZone?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const zone = timeZone ? { timeZone } : {};
  const year = (t: number) =>
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', ...zone }).format(new Date(t));
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...zone,
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const sameYear = year(ms) === year(nowMs);
  return `${get('weekday')} ${get('day')} ${get('month')}${sameYear ? '' : ` ${year(ms)}`}, ${get('hour')}:${get('minute')}`;
}

/** "12 May" for chart axes (`timeZone` for tests). */
export function formatShortDate(iso: string, timeZone?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(ms));
}

/** The text of a moment's replay button: "Replay 1:23 — long pause". */
export function momentLabel(moment: { t: number; reason: string }): string {
  return `Replay ${formatDuration(moment.t)} — ${moment.reason}`;
}

type Measure = SessionReport['goal'][number]['measure'];
type Verdict = SessionReport['goal'][number]['verdict'];

export const MEASURE_NAMES: Readonly<Record<Measure, string>> = {
  tone: 'Tone',
  pitchVariation: 'Pitch variation',
  loudness: 'Loudness',
  pace: 'Pace',
  pauses: 'Pauses',
};

export const VERDICT_NAMES: Readonly<Record<Verdict, string>> = {
  'on-target': 'On target',
  below: 'Below target',
  above: 'Above target',
  unknown: 'Not measured',
};

const ONE_DECIMAL = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A nullable measure with its unit; an em dash when there is no value. */
export function formatMeasure(
  value: number | null | undefined,
  unit: 'Hz' | 'st' | 'wpm' | 'dBFS' | 'syll/s' | 's',
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text =
    unit === 'st' || unit === 'syll/s' || unit === 's'
      ? ONE_DECIMAL.format(value)
      : WHOLE.format(value);
  // A real minus sign: "−21 dBFS" reads better than a hyphen in large type.
  return `${text.replace('-', '−')} ${unit}`;
}

/** 0.623 → "62%"; "<1%" so a sliver never reads as nothing. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  if (share < 0.01) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** The dominant tone of a finished session, or null when it held no speech. */
export function dominantTone(report: SessionReport): string | null {
  return report.toneShare[0]?.label ?? null;
}
