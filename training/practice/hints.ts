/**
 * Live coaching hints: which short, actionable tips to show next to the measures, and when.
 *
 * A tip that flickers on and off is worse than none, so every hint goes through the same
 * state machine (`HintTracker`):
 * - its condition must hold for `holdSec` of evidence first (e.g. monotone over 5 s of
 *   speech); silence is no evidence either way, so speech-based conditions pause there;
 * - numeric conditions have hysteresis: a hint triggered below a threshold only clears
 *   once the value is clearly back (e.g. flat pitch triggers under 2 st, clears over 2.5 st);
 * - once shown, a hint stays at least `minShowSec` (3 s), and leaves when its condition has
 *   cleared or after `maxShowSec`, so a lasting problem does not occupy the screen forever;
 * - after leaving it stays away `cooldownSec` (15 s) however its condition changes;
 * - at most `maxShown` (2) at a time; a free slot goes to the first due hint in
 *   `HINT_PRIORITY` order (warnings before the positive "on goal" note); nothing is pushed
 *   off the screen early to make room.
 */
import { GOALS } from './goals.ts';
import type { GoalProfile, Hint, HintId, LiveUpdate } from './live-update.ts';

/** Every number the hints (and the report's loud/quiet shares) decide with. */
export const HINT_THRESHOLDS = {
  /** Flat pitch: F0 spread under this (semitones)… */
  monotoneBelowSt: 2,
  /** …clears above this. */
  monotoneClearSt: 2.5,
  /** …held over this much speech (s). */
  monotoneHoldSec: 5,
  /** Too quiet: speech level under this (dBFS); clears above `tooQuietClearDbfs`. */
  tooQuietBelowDbfs: -35,
  tooQuietClearDbfs: -32,
  /** Too loud (shouting or clipping close): speech level over this (dBFS); clears below `tooLoudClearDbfs`. */
  tooLoudAboveDbfs: -8,
  tooLoudClearDbfs: -10,
  /** Level hints need this much speech at that level first (s): one loud word is not shouting. */
  levelHoldSec: 1.5,
  /** Pace hints: outside the target band by this margin to clear (wpm). */
  paceClearWpm: 5,
  /** Pace outside the band this long (s of speech) before a hint. */
  paceHoldSec: 3,
  /** Too slow only after this much speech in the session (s): the first words are always slow. */
  tooSlowAfterSpeechSec: 5,
  /** Silence this long is a long pause (s). */
  longPauseSec: 2,
  /** Tense: an angry or fearful tone dominant this long (s). */
  tenseDominantSec: 3,
  tenseTones: ['angry', 'fearful'],
  /** Flat affect (warm-enthusiastic goal only): a neutral or sad tone dominant this long (s). */
  flatAffectDominantSec: 5,
  flatAffectTones: ['neutral', 'sad'],
  /** On goal: one of the goal's tones dominant this long (s). */
  onGoalDominantSec: 5,
  minShowSec: 3,
  maxShowSec: 10,
  cooldownSec: 15,
  maxShown: 2,
} as const;

/** Which hint takes a free slot first: the most urgent, ending with the positive note. */
export const HINT_PRIORITY: readonly HintId[] = [
  'long-pause',
  'too-loud',
  'too-quiet',
  'tense',
  'too-fast',
  'too-slow',
  'monotone',
  'flat-affect',
  'on-goal',
];

/** What the hints look at: one live update before its hints are decided. */
export type HintInput = Omit<LiveUpdate, 'hints'>;

interface HintRule {
  id: HintId;
  severity: Hint['severity'];
  /** Evidence this long (s) before the hint is due. */
  holdSec: number;
  /** true / false, or null when this update says nothing about it (e.g. silence). `latched`: true at the last evidence. */
  test(input: HintInput, latched: boolean, context: HintContext): boolean | null;
  text(input: HintInput): string;
}

interface HintContext {
  goal: GoalProfile;
  paceTargetWpm: readonly [number, number];
  /** Speech so far in the session (s). */
  speechSec: number;
}

const T = HINT_THRESHOLDS;

/** `value` below `trigger` (or, once latched, below `clear`); null without a value. */
function below(value: number | null, trigger: number, clear: number, latched: boolean): boolean | null {
  return value === null ? null : value < (latched ? clear : trigger);
}

function above(value: number | null, trigger: number, clear: number, latched: boolean): boolean | null {
  return value === null ? null : value > (latched ? clear : trigger);
}

/** A tone condition: the dominant tone is one of `labels` for at least `seconds`; null without a tone. */
function dominant(input: HintInput, labels: readonly string[], seconds: number): boolean | null {
  if (input.tone === null) return null;
  return labels.includes(input.tone.label) && input.tone.dominantForSec >= seconds;
}

const RULES: Record<HintId, HintRule> = {
  'long-pause': {
    id: 'long-pause',
    severity: 'warn',
    holdSec: 0,
    test: (input) => input.pauses.currentSec >= T.longPauseSec,
    text: () => 'Long pause',
  },
  'too-loud': {
    id: 'too-loud',
    severity: 'warn',
    holdSec: T.levelHoldSec,
    test: (input, latched) => above(input.loudnessDbfs, T.tooLoudAboveDbfs, T.tooLoudClearDbfs, latched),
    text: () => 'Shouting — ease off',
  },
  'too-quiet': {
    id: 'too-quiet',
    severity: 'warn',
    holdSec: T.levelHoldSec,
    test: (input, latched) => below(input.loudnessDbfs, T.tooQuietBelowDbfs, T.tooQuietClearDbfs, latched),
    text: () => 'Too quiet — speak up',
  },
  tense: {
    id: 'tense',
    severity: 'warn',
    holdSec: 0,
    test: (input) => dominant(input, T.tenseTones, T.tenseDominantSec),
    text: () => 'Sounding tense — relax your shoulders and breathe',
  },
  'too-fast': {
    id: 'too-fast',
    severity: 'warn',
    holdSec: T.paceHoldSec,
    test: (input, latched, context) =>
      input.speech ? above(input.wordsPerMinute, context.paceTargetWpm[1], context.paceTargetWpm[1] - T.paceClearWpm, latched) : null,
    text: () => 'Speaking fast — slow down',
  },
  'too-slow': {
    id: 'too-slow',
    severity: 'warn',
    holdSec: T.paceHoldSec,
    test: (input, latched, context) => {
      if (!input.speech) return null;
      if (context.speechSec < T.tooSlowAfterSpeechSec) return false;
      return below(input.wordsPerMinute, context.paceTargetWpm[0], context.paceTargetWpm[0] + T.paceClearWpm, latched);
    },
    text: () => 'Pace is slow — move it along',
  },
  monotone: {
    id: 'monotone',
    severity: 'warn',
    holdSec: T.monotoneHoldSec,
    test: (input, latched) => (input.speech ? below(input.pitchVariationSt, T.monotoneBelowSt, T.monotoneClearSt, latched) : null),
    text: () => 'Pitch is flat — vary your intonation',
  },
  'flat-affect': {
    id: 'flat-affect',
    severity: 'warn',
    holdSec: 0,
    test: (input, _latched, context) =>
      context.goal === 'warm-enthusiastic' ? dominant(input, T.flatAffectTones, T.flatAffectDominantSec) : false,
    text: () => 'Sounding flat — smile and let some energy in',
  },
  'on-goal': {
    id: 'on-goal',
    severity: 'info',
    holdSec: 0,
    test: (input, _latched, context) => dominant(input, GOALS[context.goal].tones, T.onGoalDominantSec),
    text: (input) => `On goal — ${input.tone?.label ?? 'this'} tone, keep it up`,
  },
};

interface HintState {
  /** Condition at the last update with evidence (for hysteresis). */
  latched: boolean;
  /** Seconds of evidence the condition has held without a break. */
  heldSec: number;
  /** When the hint went on screen, with the text it showed; undefined when not shown. */
  shown?: { since: number; hint: Hint };
  /** When it last left the screen. */
  hiddenAt?: number;
}

/** Floating-point slack for comparing accumulated seconds with thresholds (0.2 × 25 ≠ 5 exactly). */
const EPSILON = 1e-6;

export class HintTracker {
  private readonly hints = HINT_PRIORITY.map((id) => ({ rule: RULES[id], state: { latched: false, heldSec: 0 } as HintState }));
  private readonly context: HintContext;
  private lastT = 0;

  constructor(goal: GoalProfile, paceTargetWpm: readonly [number, number]) {
    this.context = { goal, paceTargetWpm, speechSec: 0 };
  }

  /** The hints to show with this update, in priority order. Updates must come in time order. */
  next(input: HintInput): Hint[] {
    const dt = Math.max(0, input.t - this.lastT);
    this.lastT = input.t;
    if (input.speech) this.context.speechSec += dt;

    const due = new Set<HintId>();
    for (const { rule, state } of this.hints) {
      const holds = rule.test(input, state.latched, this.context);
      if (holds === null) continue; // no evidence: keep counting where we were
      state.latched = holds;
      state.heldSec = holds ? state.heldSec + dt : 0;
      if (holds && state.heldSec + EPSILON >= rule.holdSec) due.add(rule.id);
    }

    let shownCount = 0;
    for (const { rule, state } of this.hints) {
      if (!state.shown) continue;
      const shownFor = input.t - state.shown.since;
      const mayLeave = shownFor + EPSILON >= T.minShowSec;
      if (mayLeave && (!due.has(rule.id) || shownFor + EPSILON >= T.maxShowSec)) {
        state.shown = undefined;
        state.hiddenAt = input.t;
        state.heldSec = 0;
      } else shownCount++;
    }

    for (const { rule, state } of this.hints) {
      if (shownCount >= T.maxShown) break;
      if (state.shown || !due.has(rule.id)) continue;
      if (state.hiddenAt !== undefined && input.t - state.hiddenAt + EPSILON < T.cooldownSec) continue;
      state.shown = { since: input.t, hint: { id: rule.id, text: rule.text(input), severity: rule.severity } };
      shownCount++;
    }

    return this.hints.flatMap(({ state }) => (state.shown ? [state.shown.hint] : []));
  }
}
