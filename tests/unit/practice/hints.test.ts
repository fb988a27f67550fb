/**
 * The hint state machine on synthetic measure sequences: when hints come, how long they
 * stay, that they do not flicker or repeat, and that at most two show at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HINT_PRIORITY, HINT_THRESHOLDS, type HintInput, HintTracker } from '../../../training/practice/hints.ts';
import { type GoalProfile, type Hint, HINT_IDS, type HintId } from '../../../training/practice/live-update.ts';
import { SeededRandom } from '../../../training/random.ts';

const STEP = 0.2;

/** Measures of ordinary, on-target speech at time t, with `over` changed. */
function measures(t: number, over: Partial<HintInput> = {}): HintInput {
  return {
    t,
    speech: true,
    tone: null,
    pitchHz: 120,
    pitchVariationSt: 3,
    loudnessDbfs: -20,
    syllablesPerSec: 3.75,
    wordsPerMinute: 150,
    pauses: { count: 0, long: 0, currentSec: 0 },
    ...over,
  };
}

interface Step {
  t: number;
  hints: Hint[];
}

/** Run a tracker over `seconds` of updates, the measures at each time given by `at`. */
function run(seconds: number, at: (t: number) => Partial<HintInput>, goal: GoalProfile = 'calm-confident'): Step[] {
  const tracker = new HintTracker(goal, [140, 160]);
  const steps: Step[] = [];
  for (let k = 1; k * STEP <= seconds + 1e-9; k++) {
    const t = Math.round(k * STEP * 1e6) / 1e6;
    steps.push({ t, hints: tracker.next(measures(t, at(t))) });
  }
  return steps;
}

function shownAt(steps: readonly Step[], id: HintId): number[] {
  return steps.filter((s) => s.hints.some((h) => h.id === id)).map((s) => s.t);
}

/** The stretches [from, to] during which `id` was on screen. */
function stretches(steps: readonly Step[], id: HintId): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let previous = false;
  for (const { t, hints } of steps) {
    const on = hints.some((h) => h.id === id);
    if (on && !previous) out.push({ from: t, to: t });
    if (on) out[out.length - 1].to = t;
    previous = on;
  }
  return out;
}

describe('hint tracker', () => {
  it('ranks every hint id exactly once', () => {
    assert.deepEqual([...HINT_PRIORITY].sort(), [...HINT_IDS].sort());
  });

  it('shows "monotone" after 5 s of flat speech, not before', () => {
    const steps = run(8, () => ({ pitchVariationSt: 1.5 }));
    const times = shownAt(steps, 'monotone');
    assert.ok(times.length > 0, 'monotone never shown');
    assert.ok(Math.abs(times[0] - HINT_THRESHOLDS.monotoneHoldSec) < 1e-6, `first shown at ${times[0]} s`);
    const hint = steps.find((s) => s.t === times[0])?.hints.find((h) => h.id === 'monotone');
    assert.equal(hint?.severity, 'warn');
    assert.match(hint?.text ?? '', /vary your intonation/);
  });

  it('counts only speech towards "monotone": silence in between delays it', () => {
    // Flat speech for 3 s, silence for 2 s, flat speech again: 5 s of speech at t = 7.
    const steps = run(9, (t) => (t > 3 && t <= 5 ? { speech: false, pitchVariationSt: 1.5, loudnessDbfs: null } : { pitchVariationSt: 1.5 }));
    assert.ok(Math.abs(shownAt(steps, 'monotone')[0] - 7) < 1e-6, `first shown at ${shownAt(steps, 'monotone')[0]}`);
  });

  it('never shows "monotone" for lively pitch', () => {
    assert.deepEqual(shownAt(run(30, () => ({ pitchVariationSt: 3.5 })), 'monotone'), []);
  });

  it('has hysteresis: once on, a value wavering just above the trigger keeps it on without flicker', () => {
    // Flat (1.5 st) until shown at 5 s, then wavering between 1.9 and 2.3 st (trigger 2, clear 2.5).
    // It stays on until maxShowSec, then leaves (and the cooldown keeps it away to the end).
    const steps = run(20, (t) => ({ pitchVariationSt: t <= 5 ? 1.5 : Math.round(t / STEP) % 2 ? 1.9 : 2.3 }));
    const on = stretches(steps, 'monotone');
    assert.equal(on.length, 1, JSON.stringify(on));
    assert.ok(Math.abs(on[0].to + STEP - on[0].from - HINT_THRESHOLDS.maxShowSec) < 1e-6, `shown ${on[0].from}–${on[0].to}`);
    // The same wavering values without the latch (never below 2 at first) trigger nothing.
    assert.deepEqual(shownAt(run(14, (t) => ({ pitchVariationSt: Math.round(t / STEP) % 2 ? 2.05 : 2.3 })), 'monotone'), []);
  });

  it('keeps a hint at least 3 s even when its condition clears at once', () => {
    const steps = run(12, (t) => ({ loudnessDbfs: t <= 2 ? -40 : -20 }));
    const on = stretches(steps, 'too-quiet');
    assert.equal(on.length, 1);
    // Due at the first update with 1.5 s of quiet speech behind it.
    assert.ok(on[0].from >= HINT_THRESHOLDS.levelHoldSec && on[0].from < HINT_THRESHOLDS.levelHoldSec + STEP, `from ${on[0].from}`);
    assert.ok(Math.abs(on[0].to - on[0].from - (HINT_THRESHOLDS.minShowSec - STEP)) < 1e-6, `shown ${on[0].from}–${on[0].to}`);
  });

  it('does not repeat a hint within 15 s, and lets a lasting problem return after that', () => {
    const steps = run(60, () => ({ loudnessDbfs: -40 }));
    const on = stretches(steps, 'too-quiet');
    assert.ok(on.length >= 2, JSON.stringify(on));
    for (let i = 1; i < on.length; i++) {
      const gap = on[i].from - on[i - 1].to;
      assert.ok(gap >= HINT_THRESHOLDS.cooldownSec, `gap ${gap} s between showings`);
    }
    for (const s of on) assert.ok(s.to - s.from < HINT_THRESHOLDS.maxShowSec, 'a lasting hint leaves after maxShowSec');
  });

  it('shows at most two hints, most urgent first, and gives a freed slot to the next', () => {
    // Quiet, fast and flat all at once: too-quiet and too-fast come first; monotone waits.
    const steps = run(40, () => ({ loudnessDbfs: -40, wordsPerMinute: 200, pitchVariationSt: 1 }));
    for (const s of steps) assert.ok(s.hints.length <= HINT_THRESHOLDS.maxShown, `${s.hints.length} hints at ${s.t}`);
    const first = steps.find((s) => s.hints.length === 2);
    assert.deepEqual(first?.hints.map((h) => h.id), ['too-quiet', 'too-fast']);
    assert.ok(shownAt(steps, 'monotone').length > 0, 'monotone gets a slot once one frees');
    assert.ok(shownAt(steps, 'monotone')[0] > 5, 'and not before one frees');
  });

  it('does not flicker on noisy measures: every showing lasts ≥ 3 s and repeats ≥ 15 s apart', () => {
    const random = new SeededRandom(5);
    const steps = run(300, (t) => {
      const speaking = Math.sin(t / 7) > -0.7;
      return speaking
        ? {
            loudnessDbfs: -35 + 4 * random.normal(),
            pitchVariationSt: 2 + 0.6 * random.normal(),
            wordsPerMinute: 150 + 20 * random.normal(),
            pauses: { count: 0, long: 0, currentSec: 0 },
          }
        : { speech: false, loudnessDbfs: null, pauses: { count: 0, long: 0, currentSec: (t % 7) / 2 } };
    });
    let shows = 0;
    for (const id of HINT_IDS) {
      const on = stretches(steps, id);
      shows += on.length;
      const last = steps[steps.length - 1].t;
      for (const s of on) if (s.to < last) assert.ok(s.to - s.from + STEP >= HINT_THRESHOLDS.minShowSec - 1e-6, `${id} shown only ${s.from}–${s.to}`);
      for (let i = 1; i < on.length; i++) assert.ok(on[i].from - on[i - 1].to >= HINT_THRESHOLDS.cooldownSec, `${id} back after ${on[i].from - on[i - 1].to} s`);
    }
    assert.ok(shows >= 5, `only ${shows} showings: the noisy input should trigger hints`);
    for (const s of steps) assert.ok(s.hints.length <= 2);
  });

  it('flags a tense tone after 3 s of angry or fearful dominance', () => {
    const steps = run(10, (t) => ({
      tone: t < 2 ? null : { label: 'angry', confidence: 0.7, probs: [], dominantForSec: t - 2 },
    }));
    const times = shownAt(steps, 'tense');
    assert.ok(Math.abs(times[0] - 5) < 1e-6, `first shown at ${times[0]}`);
    assert.match(steps.find((s) => s.t === times[0])?.hints[0].text ?? '', /relax your shoulders/);
  });

  it('reports flat affect only for the warm-enthusiastic goal', () => {
    const at = (t: number) => ({ tone: { label: 'neutral', confidence: 0.6, probs: [], dominantForSec: t } });
    assert.ok(shownAt(run(10, at, 'warm-enthusiastic'), 'flat-affect').length > 0);
    assert.deepEqual(shownAt(run(10, at, 'calm-confident'), 'flat-affect'), []);
  });

  it('praises an on-goal tone held 5 s, as info', () => {
    const steps = run(10, (t) => ({ tone: { label: 'calm', confidence: 0.8, probs: [], dominantForSec: t } }));
    const times = shownAt(steps, 'on-goal');
    assert.ok(Math.abs(times[0] - HINT_THRESHOLDS.onGoalDominantSec) < 1e-6);
    const hint = steps.find((s) => s.t === times[0])?.hints.find((h) => h.id === 'on-goal');
    assert.equal(hint?.severity, 'info');
    // 'happy' is not a calm-confident tone.
    assert.deepEqual(shownAt(run(10, (t) => ({ tone: { label: 'happy', confidence: 0.8, probs: [], dominantForSec: t } })), 'on-goal'), []);
  });

  it('says "too slow" only after 5 s of speech, "too fast" after 3 s above the band', () => {
    const slow = shownAt(run(12, () => ({ wordsPerMinute: 100 })), 'too-slow');
    // The update that completes 5 s of speech is the first to count, so 3 s of hold end one step earlier.
    const earliest = HINT_THRESHOLDS.tooSlowAfterSpeechSec + HINT_THRESHOLDS.paceHoldSec - STEP;
    assert.ok(Math.abs(slow[0] - earliest) < 1e-6, `too-slow at ${slow[0]}`);
    const fast = shownAt(run(12, () => ({ wordsPerMinute: 190 })), 'too-fast');
    assert.ok(Math.abs(fast[0] - HINT_THRESHOLDS.paceHoldSec) < 1e-6, `too-fast at ${fast[0]}`);
  });

  it('announces a long pause once the silence reaches 2 s', () => {
    const steps = run(8, (t) =>
      t > 3 ? { speech: false, loudnessDbfs: null, pauses: { count: 0, long: 0, currentSec: t - 3 } } : {},
    );
    const times = shownAt(steps, 'long-pause');
    assert.ok(Math.abs(times[0] - 5) < 1e-6, `long pause at ${times[0]}`);
    assert.equal(steps.find((s) => s.t === times[0])?.hints[0].text, 'Long pause');
  });

  it('shouts "ease off" when too loud', () => {
    const steps = run(5, () => ({ loudnessDbfs: -5 }));
    const hint = steps.at(-1)?.hints.find((h) => h.id === 'too-loud');
    assert.equal(hint?.text, 'Shouting — ease off');
  });
});
