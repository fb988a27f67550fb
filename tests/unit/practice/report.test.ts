/** The session report, computed from a timeline constructed here with known contents. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveUpdate } from '../../../training/practice/live-update.ts';
import { buildSessionReport, mergeShortRegions } from '../../../training/practice/report.ts';
import { sessionReportSchema } from '../../../training/practice/report-schema.ts';

const LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
const STEP = 0.2;

/** A stretch of the session: until `until` s, speech with this tone (null: no tone) and these measures, or silence. */
interface Stretch {
  until: number;
  speech: boolean;
  tone?: string | null;
  confidence?: number | ((t: number) => number);
  loudnessDbfs?: number;
  pitchVariationSt?: number;
  wordsPerMinute?: number;
}

/** Live updates every 0.2 s over the stretches, with pauses and dominance tracked as the analyzer does. */
function timelineOf(stretches: readonly Stretch[]): LiveUpdate[] {
  const updates: LiveUpdate[] = [];
  let count = 0;
  let long = 0;
  let silenceSince: number | null = null;
  let spoken = false;
  let dominant = null as { label: string; since: number } | null;
  for (let k = 1; ; k++) {
    const t = Math.round(k * STEP * 1e6) / 1e6;
    const stretch = stretches.find((s) => t <= s.until + 1e-9);
    if (!stretch) break;
    if (stretch.speech) {
      if (silenceSince !== null && spoken) {
        const length = t - STEP - silenceSince;
        if (length >= 0.25) count++;
        if (length >= 2) long++;
      }
      silenceSince = null;
      spoken = true;
    } else if (silenceSince === null) silenceSince = t - STEP;
    const label = stretch.speech ? (stretch.tone ?? null) : null;
    if (label === null) dominant = null;
    else if (dominant?.label !== label) dominant = { label, since: t - STEP };
    const confidence = typeof stretch.confidence === 'function' ? stretch.confidence(t) : (stretch.confidence ?? 0.6);
    const wpm = stretch.speech ? (stretch.wordsPerMinute ?? 150) : null;
    updates.push({
      t,
      speech: stretch.speech,
      tone:
        label === null || dominant === null
          ? null
          : { label, confidence, probs: LABELS.map((l) => (l === label ? confidence : (1 - confidence) / 7)), dominantForSec: t - dominant.since },
      pitchHz: stretch.speech ? 120 : null,
      pitchVariationSt: stretch.speech ? (stretch.pitchVariationSt ?? 3) : null,
      loudnessDbfs: stretch.speech ? (stretch.loudnessDbfs ?? -20) : null,
      syllablesPerSec: wpm === null ? null : (wpm * 1.5) / 60,
      wordsPerMinute: wpm,
      pauses: { count, long, currentSec: silenceSince !== null && spoken ? t - silenceSince : 0 },
      hints: [],
    });
  }
  return updates;
}

/** 0–2 s speech before any tone; calm with a 0.4 s happy blip; 3.4 s angry and quiet; a 2.6 s pause; 6 s of calm peaking at 17 s. */
const SESSION: Stretch[] = [
  { until: 2, speech: true, tone: null },
  { until: 6, speech: true, tone: 'calm' },
  { until: 6.4, speech: true, tone: 'happy' },
  { until: 8, speech: true, tone: 'calm' },
  { until: 11.4, speech: true, tone: 'angry', confidence: 0.7, loudnessDbfs: -38 },
  { until: 14, speech: false },
  { until: 20, speech: true, tone: 'calm', confidence: (t) => (Math.abs(t - 17) < 1e-6 ? 0.9 : 0.6) },
];

function close(actual: number | null | undefined, expected: number, tolerance = 1e-6, what = 'value'): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);
}

describe('session report', () => {
  const timeline = timelineOf(SESSION);
  const report = buildSessionReport({ timeline, labels: LABELS, goal: 'calm-confident', paceTargetWpm: [140, 160] });

  it('matches the report schema', () => {
    sessionReportSchema.parse(report);
  });

  it('counts speech time and shares tones over the scored speech', () => {
    close(report.speechSec, 11.4 + 6, 1e-6, 'speechSec');
    assert.deepEqual(report.toneShare.map((s) => s.label), ['calm', 'angry', 'happy']);
    const total = 11.6 + 3.4 + 0.4;
    close(report.toneShare[0].seconds, 11.6, 1e-6, 'calm seconds');
    close(report.toneShare[0].share, 11.6 / total, 1e-6, 'calm share');
    close(report.toneShare[1].share, 3.4 / total, 1e-6, 'angry share');
    close(report.toneShare[2].share, 0.4 / total, 1e-6, 'happy share');
  });

  it('merges the short happy blip into the calm region around it', () => {
    assert.equal(report.regions.length, 3, JSON.stringify(report.regions));
    const expected = [
      { label: 'calm', startSec: 2, endSec: 8 },
      { label: 'angry', startSec: 8, endSec: 11.4 },
      { label: 'calm', startSec: 14, endSec: 20 },
    ];
    report.regions.forEach((r, i) => {
      assert.equal(r.label, expected[i].label);
      close(r.startSec, expected[i].startSec, 1e-6, `region ${i} start`);
      close(r.endSec, expected[i].endSec, 1e-6, `region ${i} end`);
    });
  });

  it('summarises loudness as a power mean with the quiet share', () => {
    const speech = 17.4;
    const power = ((speech - 3.4) * 10 ** (-20 / 10) + 3.4 * 10 ** (-38 / 10)) / speech;
    close(report.loudness.meanDbfs, 10 * Math.log10(power), 1e-6, 'mean dBFS');
    close(report.loudness.quietShare, 3.4 / speech, 1e-6, 'quiet share');
    assert.equal(report.loudness.loudShare, 0);
    close(report.pace.wordsPerMinute, 150, 1e-6, 'wpm');
    close(report.pitch.variationSt, 3, 1e-9, 'pitch variation');
  });

  it('recovers the pause and its length from the updates', () => {
    assert.deepEqual({ count: report.pauses.count, long: report.pauses.long }, { count: 1, long: 1 });
    close(report.pauses.meanSec, 2.6, STEP, 'pause length');
  });

  it('judges each measure against the goal', () => {
    const verdicts = Object.fromEntries(report.goal.map((g) => [g.measure, g.verdict]));
    // Calm/neutral 75 % of the toned speech, but angry 22 % (> 20 %): short of the goal.
    assert.deepEqual(verdicts, { tone: 'below', pitchVariation: 'on-target', loudness: 'on-target', pace: 'on-target', pauses: 'below' });
    const calmOnly = buildSessionReport({
      timeline: timelineOf([{ until: 12, speech: true, tone: 'calm', wordsPerMinute: 190, pitchVariationSt: 1.2 }]),
      labels: LABELS,
      goal: 'calm-confident',
      paceTargetWpm: [140, 160],
    });
    const calmVerdicts = Object.fromEntries(calmOnly.goal.map((g) => [g.measure, g.verdict]));
    assert.equal(calmVerdicts.tone, 'on-target');
    assert.equal(calmVerdicts.pace, 'above');
    assert.equal(calmVerdicts.pitchVariation, 'below');
  });

  it('picks the three most salient moments in time order: tense stretch, long pause, strongest on-goal tone', () => {
    assert.equal(report.moments.length, 3, JSON.stringify(report.moments));
    const [tense, pause, onGoal] = report.moments;
    close(tense.t, 8, 1e-6, 'tense start');
    assert.match(tense.reason, /tense.*angry/i);
    close(pause.t, 11.4, STEP, 'pause start');
    assert.match(pause.reason, /pause/i);
    close(onGoal.t, 15, 1e-6, 'on-goal moment');
    assert.match(onGoal.reason, /calm \(90%\)/);
  });

  it('reports an empty session as unknown rather than failing', () => {
    const empty = buildSessionReport({ timeline: [], labels: LABELS, goal: 'neutral-clear', paceTargetWpm: [140, 160] });
    sessionReportSchema.parse(empty);
    assert.equal(empty.speechSec, 0);
    assert.deepEqual(empty.moments, []);
    assert.ok(empty.goal.every((g) => g.verdict === 'unknown'), JSON.stringify(empty.goal));
  });
});

describe('mergeShortRegions', () => {
  const r = (label: string, startSec: number, endSec: number) => ({ label, startSec, endSec });

  it('joins a short region and the same-label regions around it', () => {
    assert.deepEqual(mergeShortRegions([r('a', 0, 3), r('b', 3, 3.5), r('a', 3.5, 6)], 1), [r('a', 0, 6)]);
  });

  it('gives a short region to its longer neighbour', () => {
    assert.deepEqual(mergeShortRegions([r('a', 0, 3), r('b', 3, 3.5), r('c', 3.5, 10)], 1), [r('a', 0, 3), r('c', 3, 10)]);
    assert.deepEqual(mergeShortRegions([r('b', 0, 0.5), r('a', 0.5, 3)], 1), [r('a', 0, 3)]);
  });

  it('drops a short region nothing touches', () => {
    assert.deepEqual(mergeShortRegions([r('a', 0, 3), r('b', 5, 5.5), r('c', 7, 9)], 1), [r('a', 0, 3), r('c', 7, 9)]);
  });

  it('resolves a run of short regions into one', () => {
    assert.deepEqual(mergeShortRegions([r('a', 0, 0.4), r('b', 0.4, 0.8), r('a', 0.8, 1.2), r('b', 1.2, 5)], 1), [r('b', 0, 5)]);
  });
});
