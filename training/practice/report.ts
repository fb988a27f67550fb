/**
 * The report of a finished practice session, computed from its saved timeline alone (the
 * list of live updates), so it can be recomputed from any saved session and never needs the
 * audio. Each update stands for the audio since the previous one (the first: since 0).
 *
 * - Tone share: time per dominant tone over speech updates that had a tone, as shares of
 *   that time (so they sum to 1; the first ~2 s, before the first model window, have no tone).
 * - Regions: runs of updates with the same tone; runs under `minRegionSec` are absorbed by
 *   the longer adjoining run (or dropped when nothing adjoins them), so the waveform shows
 *   stretches a listener would notice, not single windows.
 * - Pitch, loudness, pace: over speech updates — medians of pitch and its variation (robust
 *   to the odd octave error), the power mean of loudness, the time-weighted mean of pace.
 * - Pauses: the counts from the last update; each pause's length is estimated from the
 *   silence the updates saw before speech resumed (to within half an update interval).
 * - Goal: each measure against the goal profile (goals.ts) and the pace band.
 * - Moments: candidates (longest tense stretch, flattest 10 s, longest pause, fastest
 *   stretch, strongest on-goal tone), each scored so that 1 means "would have earned a live
 *   hint"; the three highest (at least `minMomentScore`, a few seconds apart), in time order.
 */
import { median } from '../math.ts';
import { GOALS } from './goals.ts';
import { HINT_THRESHOLDS } from './hints.ts';
import { PROSODY_WINDOWS } from './live-prosody.ts';
import type { GoalProfile, LiveUpdate } from './live-update.ts';
import type { SessionReport } from './report-schema.ts';

export const REPORT_SETTINGS = {
  /** Tone regions shorter than this are merged into their neighbours (s). */
  minRegionSec: 1,
  /** Goal tones must fill at least this share of toned speech… */
  goalToneMinShare: 0.5,
  /** …and the tones to avoid at most this share. */
  avoidToneMaxShare: 0.2,
  /**
   * Pauses per minute of speech a listener finds comfortable: a pause between most
   * sentences or ideas (~every 5–15 s). Fewer sounds rushed; many more sounds halting.
   */
  pausesPerMinute: [4, 12] as [number, number],
  /** Candidates scoring below this are not worth replaying. */
  minMomentScore: 0.5,
  /** Moments closer than this to a better one are dropped (s). */
  minMomentGapSec: 3,
  /** A confident on-goal tone (probability ≥ this) scores 1. */
  onGoalConfidence: 0.6,
} as const;

const R = REPORT_SETTINGS;

export interface SessionReportInput {
  /** The session's live updates, in time order. */
  timeline: readonly LiveUpdate[];
  /** The model's labels (tone-share ties follow their order). */
  labels: readonly string[];
  goal: GoalProfile;
  /** The pace band the session was practised with (words per minute). */
  paceTargetWpm: readonly [number, number];
}

/** One update with the stretch of audio it stands for. */
interface Span {
  update: LiveUpdate;
  start: number;
  end: number;
  dt: number;
}

type Region = SessionReport['regions'][number];
type Moment = SessionReport['moments'][number];
type GoalRow = SessionReport['goal'][number];

export function buildSessionReport(input: SessionReportInput): SessionReport {
  const spans = spansOf(input.timeline);
  const speech = spans.filter((s) => s.update.speech);
  const speechSec = sum(speech.map((s) => s.dt));
  const toneShare = toneShares(speech, input.labels);
  const regions = mergeShortRegions(toneRuns(spans), R.minRegionSec);

  const pitchHz = values(speech, (u) => u.pitchHz);
  const variation = values(speech, (u) => u.pitchVariationSt);
  const pitch = {
    medianHz: pitchHz.length ? median(pitchHz.map((v) => v.value)) : null,
    variationSt: variation.length ? median(variation.map((v) => v.value)) : null,
  };

  const loud = values(speech, (u) => u.loudnessDbfs);
  const loudSec = sum(loud.map((v) => v.dt));
  const loudness = {
    meanDbfs: loudSec > 0 ? 10 * Math.log10(sum(loud.map((v) => v.dt * 10 ** (v.value / 10))) / loudSec) : null,
    quietShare: loudSec > 0 ? sum(loud.filter((v) => v.value < HINT_THRESHOLDS.tooQuietBelowDbfs).map((v) => v.dt)) / loudSec : 0,
    loudShare: loudSec > 0 ? sum(loud.filter((v) => v.value > HINT_THRESHOLDS.tooLoudAboveDbfs).map((v) => v.dt)) / loudSec : 0,
  };

  const rates = values(speech, (u) => u.syllablesPerSec);
  const rateSec = sum(rates.map((v) => v.dt));
  const syllablesPerSec = rateSec > 0 ? sum(rates.map((v) => v.dt * v.value)) / rateSec : null;
  const pace = { syllablesPerSec, wordsPerMinute: syllablesPerSec === null ? null : (syllablesPerSec * 60) / PROSODY_WINDOWS.syllablesPerWord };

  const pauseList = pausesOf(spans);
  const last = input.timeline.at(-1);
  const pauses = {
    count: last?.pauses.count ?? 0,
    long: last?.pauses.long ?? 0,
    meanSec: pauseList.length ? sum(pauseList.map((p) => p.lengthSec)) / pauseList.length : null,
  };

  const report: SessionReport = {
    speechSec,
    toneShare,
    regions,
    pitch,
    loudness,
    pace,
    pauses,
    goal: [],
    moments: [],
  };
  report.goal = goalRows(report, input.goal, input.paceTargetWpm);
  report.moments = pickMoments(momentCandidates(spans, regions, pauseList, input.goal, input.paceTargetWpm));
  return report;
}

function spansOf(timeline: readonly LiveUpdate[]): Span[] {
  return timeline.map((update, i) => {
    const start = i === 0 ? 0 : timeline[i - 1].t;
    return { update, start, end: update.t, dt: Math.max(0, update.t - start) };
  });
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** The non-null values of a measure, with the time each stands for. */
function values(spans: readonly Span[], pick: (u: LiveUpdate) => number | null): { value: number; dt: number; span: Span }[] {
  return spans.flatMap((span) => {
    const value = pick(span.update);
    return value === null ? [] : [{ value, dt: span.dt, span }];
  });
}

/** Seconds and share per tone, largest first (ties in the model's label order). */
function toneShares(speech: readonly Span[], labels: readonly string[]): SessionReport['toneShare'] {
  const seconds = new Map<string, number>();
  for (const { update, dt } of speech) if (update.tone) seconds.set(update.tone.label, (seconds.get(update.tone.label) ?? 0) + dt);
  const total = sum([...seconds.values()]);
  return [...seconds]
    .map(([label, s]) => ({ label, seconds: s, share: total > 0 ? s / total : 0 }))
    .sort((a, b) => b.seconds - a.seconds || labels.indexOf(a.label) - labels.indexOf(b.label));
}

/** Tolerance for "this region ends where the next starts" (timeline times are sums of floats). */
const TOUCH = 1e-6;

/** Runs of consecutive updates with the same tone (updates without a tone end a run). */
function toneRuns(spans: readonly Span[]): Region[] {
  const runs: Region[] = [];
  for (const { update, start, end } of spans) {
    if (!update.tone) continue;
    const previous = runs.at(-1);
    if (previous && previous.label === update.tone.label && Math.abs(previous.endSec - start) < TOUCH) previous.endSec = end;
    else runs.push({ startSec: start, endSec: end, label: update.tone.label });
  }
  return runs;
}

/**
 * Absorb regions shorter than `minSec`, shortest first, into the longer region touching them
 * (dropping them when none touches), joining neighbours that end up with the same label.
 */
export function mergeShortRegions(input: readonly Region[], minSec: number): Region[] {
  const regions = input.map((r) => ({ ...r }));
  const length = (r: Region) => r.endSec - r.startSec;
  const touches = (a: Region | undefined, b: Region | undefined) => a !== undefined && b !== undefined && Math.abs(a.endSec - b.startSec) < TOUCH;
  for (;;) {
    let k = -1;
    for (let i = 0; i < regions.length; i++) if (length(regions[i]) < minSec && (k < 0 || length(regions[i]) < length(regions[k]))) k = i;
    if (k < 0) return regions;
    const short = regions[k];
    const left = touches(regions[k - 1], short) ? regions[k - 1] : undefined;
    const right = touches(short, regions[k + 1]) ? regions[k + 1] : undefined;
    const into = left && right ? (length(right) > length(left) ? right : left) : (left ?? right);
    if (into === left && left) left.endSec = short.endSec;
    if (into === right && right) right.startSec = short.startSec;
    regions.splice(k, 1);
    if (left && right && left.label === right.label && touches(left, right)) {
      left.endSec = right.endSec;
      regions.splice(k, 1);
    }
  }
}

interface Pause {
  /** Estimated start and length of the pause (s). */
  startSec: number;
  lengthSec: number;
}

/**
 * Pauses recovered from the updates: a pause ends where the count goes up; its length is the
 * silence the update before saw (`currentSec`) plus half an interval, at least the minimum.
 */
function pausesOf(spans: readonly Span[]): Pause[] {
  const pauses: Pause[] = [];
  let count = 0;
  let silence = 0;
  let silenceAt = 0;
  for (const { update, dt } of spans) {
    const ended = update.pauses.count - count;
    for (let i = 0; i < ended; i++) {
      const lengthSec = i === ended - 1 ? Math.max(PROSODY_WINDOWS.minPauseSec, silence + dt / 2) : PROSODY_WINDOWS.minPauseSec;
      pauses.push({ startSec: Math.max(0, silenceAt - silence), lengthSec });
    }
    count = update.pauses.count;
    silence = update.pauses.currentSec;
    silenceAt = update.t;
  }
  return pauses;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function rangeVerdict(value: number | null, [low, high]: readonly [number, number]): GoalRow['verdict'] {
  if (value === null) return 'unknown';
  return value < low ? 'below' : value > high ? 'above' : 'on-target';
}

function goalRows(report: SessionReport, goalId: GoalProfile, paceTargetWpm: readonly [number, number]): GoalRow[] {
  const goal = GOALS[goalId];
  const shareOf = (labels: readonly string[]) => sum(report.toneShare.filter((t) => labels.includes(t.label)).map((t) => t.share));
  const goalShare = shareOf(goal.tones);
  const avoidShare = shareOf(goal.avoidTones);
  const toned = report.toneShare.length > 0;
  const tone: GoalRow = {
    measure: 'tone',
    value: toned ? `${percent(goalShare)} ${goal.tones.join(' or ')}; ${percent(avoidShare)} ${goal.avoidTones.join(', ')}` : 'no speech scored',
    target: `≥ ${percent(R.goalToneMinShare)} ${goal.tones.join(' or ')}; ≤ ${percent(R.avoidToneMaxShare)} ${goal.avoidTones.join(', ')}`,
    verdict: !toned ? 'unknown' : goalShare >= R.goalToneMinShare && avoidShare <= R.avoidToneMaxShare ? 'on-target' : 'below',
  };
  const { variationSt } = report.pitch;
  const { meanDbfs } = report.loudness;
  const { wordsPerMinute } = report.pace;
  const perMinute = report.speechSec > 0 ? report.pauses.count / (report.speechSec / 60) : null;
  const [pitchLow, pitchHigh] = goal.pitchVariationSt;
  const [loudLow, loudHigh] = goal.loudnessDbfs;
  const [pauseLow, pauseHigh] = R.pausesPerMinute;
  return [
    tone,
    {
      measure: 'pitchVariation',
      value: variationSt === null ? 'not enough voiced speech' : `${variationSt.toFixed(1)} st`,
      target: `${pitchLow}–${pitchHigh} st`,
      verdict: rangeVerdict(variationSt, goal.pitchVariationSt),
    },
    {
      measure: 'loudness',
      value: meanDbfs === null ? 'no speech' : `${meanDbfs.toFixed(1)} dBFS`,
      target: `${loudLow} to ${loudHigh} dBFS`,
      verdict: rangeVerdict(meanDbfs, goal.loudnessDbfs),
    },
    {
      measure: 'pace',
      value: wordsPerMinute === null ? 'not enough speech' : `${Math.round(wordsPerMinute)} wpm`,
      target: `${paceTargetWpm[0]}–${paceTargetWpm[1]} wpm`,
      verdict: rangeVerdict(wordsPerMinute, paceTargetWpm),
    },
    {
      measure: 'pauses',
      value: perMinute === null ? 'no speech' : `${perMinute.toFixed(1)} per minute (${report.pauses.long} long)`,
      target: `${pauseLow}–${pauseHigh} per minute of speech`,
      verdict: rangeVerdict(perMinute, R.pausesPerMinute),
    },
  ];
}

interface Candidate extends Moment {
  score: number;
}

function momentCandidates(
  spans: readonly Span[],
  regions: readonly Region[],
  pauses: readonly Pause[],
  goalId: GoalProfile,
  paceTargetWpm: readonly [number, number],
): Candidate[] {
  const T = HINT_THRESHOLDS;
  const candidates: Candidate[] = [];
  const longest = <X>(xs: readonly X[], score: (x: X) => number): X | undefined =>
    xs.reduce<X | undefined>((best, x) => (best === undefined || score(x) > score(best) ? x : best), undefined);

  const tense = longest(regions.filter((r) => (T.tenseTones as readonly string[]).includes(r.label)), (r) => r.endSec - r.startSec);
  if (tense) {
    const seconds = tense.endSec - tense.startSec;
    candidates.push({ t: tense.startSec, reason: `Longest tense stretch: ${tense.label} for ${seconds.toFixed(1)} s`, score: seconds / T.tenseDominantSec });
  }

  const speech = spans.filter((s) => s.update.speech);
  const flattest = longest(values(speech, (u) => u.pitchVariationSt), (v) => -v.value);
  if (flattest) {
    const context = PROSODY_WINDOWS.contextSec;
    candidates.push({
      t: Math.max(0, flattest.span.end - context),
      reason: `Flattest ${context} s: pitch varied only ${flattest.value.toFixed(1)} st`,
      score: T.monotoneBelowSt / Math.max(flattest.value, 0.1),
    });
  }

  const pause = longest(pauses, (p) => p.lengthSec);
  if (pause) candidates.push({ t: pause.startSec, reason: `Longest pause: ${pause.lengthSec.toFixed(1)} s`, score: pause.lengthSec / T.longPauseSec });

  const fastest = longest(values(speech, (u) => u.wordsPerMinute), (v) => v.value);
  if (fastest && fastest.value > paceTargetWpm[1]) {
    candidates.push({
      t: Math.max(0, fastest.span.end - PROSODY_WINDOWS.contextSec),
      reason: `Fastest stretch: ${Math.round(fastest.value)} wpm`,
      score: fastest.value / paceTargetWpm[1],
    });
  }

  const goalTones = GOALS[goalId].tones;
  const onGoal = longest(
    speech.filter((s) => s.update.tone && goalTones.includes(s.update.tone.label)),
    (s) => s.update.tone?.confidence ?? 0,
  );
  if (onGoal?.update.tone) {
    const { label, confidence } = onGoal.update.tone;
    candidates.push({
      t: Math.max(0, onGoal.end - 2),
      reason: `Strongest on-goal tone: ${label} (${percent(confidence)})`,
      score: confidence / R.onGoalConfidence,
    });
  }
  return candidates;
}

/** The three best-scoring candidates, each a few seconds from the better ones, in time order. */
function pickMoments(candidates: readonly Candidate[]): Moment[] {
  const chosen: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => b.score - a.score || a.t - b.t)) {
    if (chosen.length === 3) break;
    if (c.score < R.minMomentScore) break;
    if (chosen.some((m) => Math.abs(m.t - c.t) < R.minMomentGapSec)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.t - b.t).map(({ t, reason }) => ({ t, reason }));
}
