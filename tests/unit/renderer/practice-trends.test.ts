import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GoalProfile, SessionReport, SessionSummary } from '../../../electron/contract.ts';
import {
  MIN_TREND_SESSIONS,
  describeTrend,
  fittedLine,
  goalToneShare,
  slope,
  trendPoints,
  trendVerdict,
} from '../../../renderer/src/lib/practice-trends.ts';
import type { TrendPoint } from '../../../renderer/src/lib/practice-trends.ts';

function report(patch: Partial<SessionReport> = {}): SessionReport {
  return {
    speechSec: 60,
    toneShare: [
      { label: 'calm', seconds: 30, share: 0.5 },
      { label: 'happy', seconds: 18, share: 0.3 },
      { label: 'neutral', seconds: 12, share: 0.2 },
    ],
    regions: [],
    pitch: { medianHz: 150, variationSt: 2 },
    loudness: { meanDbfs: -20, quietShare: 0, loudShare: 0 },
    pace: { syllablesPerSec: 3.5, wordsPerMinute: 150 },
    pauses: { count: 10, long: 2, meanSec: 0.8 },
    goal: [],
    moments: [],
    ...patch,
  };
}

function session(
  id: string,
  startedAt: string,
  goal: GoalProfile,
  patch: Partial<SessionReport> = {},
): SessionSummary {
  return {
    id,
    startedAt,
    goal,
    source: { kind: 'microphone', name: 'mic' },
    durationSec: 90,
    report: report(patch),
  };
}

const point = (patch: Partial<TrendPoint>): TrendPoint => ({
  id: 'x',
  startedAt: '2026-01-01T00:00:00Z',
  pitchVariationSt: null,
  wordsPerMinute: null,
  goalToneShare: null,
  longPauses: 0,
  ...patch,
});

describe('goalToneShare', () => {
  it('adds the shares of the goal’s tones', () => {
    assert.ok(Math.abs((goalToneShare(report(), 'calm-confident') ?? 0) - 0.7) < 1e-9);
    assert.ok(Math.abs((goalToneShare(report(), 'warm-enthusiastic') ?? 0) - 0.3) < 1e-9);
  });
  it('is null without speech', () => {
    assert.equal(goalToneShare(report({ toneShare: [], speechSec: 0 }), 'neutral-clear'), null);
  });
});

describe('trendPoints', () => {
  it('orders sessions oldest first and picks each measure', () => {
    const points = trendPoints([
      session('b', '2026-05-10T10:00:00Z', 'calm-confident', {
        pitch: { medianHz: 140, variationSt: 3.1 },
      }),
      session('a', '2026-05-01T10:00:00Z', 'warm-enthusiastic', {
        pace: { syllablesPerSec: null, wordsPerMinute: null },
      }),
    ]);
    assert.deepEqual(
      points.map((p) => p.id),
      ['a', 'b'],
    );
    assert.equal(points[0].wordsPerMinute, null);
    assert.ok(Math.abs((points[0].goalToneShare ?? 0) - 0.3) < 1e-9);
    assert.equal(points[1].pitchVariationSt, 3.1);
    assert.equal(points[1].longPauses, 2);
  });
});

describe('slope and fittedLine', () => {
  it('fit a straight line through the values, skipping nulls', () => {
    assert.deepEqual(slope([1, 2, 3, 4]), { perStep: 1, n: 4 });
    assert.deepEqual(slope([1, null, 5]), { perStep: 2, n: 2 });
    assert.deepEqual(slope([7]), { perStep: 0, n: 1 });
    const line = fittedLine([null, 2, 4, 6, null]);
    assert.deepEqual(
      line.map((v) => (v === null ? null : Math.round(v * 1e9) / 1e9)),
      [null, 2, 4, 6, null],
    );
    assert.deepEqual(fittedLine([3, null]), [null, null]);
  });
});

describe('trendVerdict', () => {
  const band: [number, number] = [140, 160];

  it('needs a few sessions before calling a trend', () => {
    const result = trendVerdict(
      'pitchVariation',
      [point({ pitchVariationSt: 1 }), point({ pitchVariationSt: 3 })],
      band,
    );
    assert.equal(result.verdict, 'too-few');
    assert.equal(result.sessions, 2);
    assert.match(
      describeTrend('pitchVariation', result),
      new RegExp(`needs ${MIN_TREND_SESSIONS} sessions`),
    );
  });

  it('calls more pitch variation an improvement', () => {
    const up = trendVerdict(
      'pitchVariation',
      [1.2, 1.6, 2.0, 2.4].map((v) => point({ pitchVariationSt: v })),
      band,
    );
    assert.equal(up.verdict, 'improving');
    assert.ok(Math.abs(up.change - 1.2) < 1e-9);
    assert.equal(
      describeTrend('pitchVariation', up),
      'Improving: +1.2 st of variation over 4 sessions',
    );
    const down = trendVerdict(
      'pitchVariation',
      [2.4, 2.0, 1.6].map((v) => point({ pitchVariationSt: v })),
      band,
    );
    assert.equal(down.verdict, 'worsening');
  });

  it('judges pace by its distance to the target band, whichever side', () => {
    const toward = trendVerdict(
      'pace',
      [200, 180, 165, 150].map((v) => point({ wordsPerMinute: v })),
      band,
    );
    assert.equal(toward.verdict, 'improving');
    const fromBelow = trendVerdict(
      'pace',
      [100, 120, 135, 145].map((v) => point({ wordsPerMinute: v })),
      band,
    );
    assert.equal(fromBelow.verdict, 'improving');
    const away = trendVerdict(
      'pace',
      [150, 170, 190].map((v) => point({ wordsPerMinute: v })),
      band,
    );
    assert.equal(away.verdict, 'worsening');
    assert.match(describeTrend('pace', away), /further from the target over 3 sessions/);
    const inside = trendVerdict(
      'pace',
      [142, 158, 145, 150].map((v) => point({ wordsPerMinute: v })),
      band,
    );
    assert.equal(inside.verdict, 'steady');
  });

  it('calls fewer long pauses and more goal tones improvements', () => {
    const pauses = trendVerdict(
      'longPauses',
      [6, 4, 3, 1].map((v) => point({ longPauses: v })),
      band,
    );
    assert.equal(pauses.verdict, 'improving');
    assert.match(
      describeTrend('longPauses', pauses),
      /^Improving: 4\.\d fewer long pauses over 4 sessions$/,
    );
    const tones = trendVerdict(
      'goalTones',
      [0.7, 0.6, 0.4].map((v) => point({ goalToneShare: v })),
      band,
    );
    assert.equal(tones.verdict, 'worsening');
    assert.equal(describeTrend('goalTones', tones), 'Less on goal: −30 points over 3 sessions');
  });

  it('calls small changes steady', () => {
    const flat = trendVerdict(
      'pitchVariation',
      [2.0, 2.1, 1.95, 2.05].map((v) => point({ pitchVariationSt: v })),
      band,
    );
    assert.equal(flat.verdict, 'steady');
    assert.equal(describeTrend('pitchVariation', flat), 'Steady over 4 sessions');
  });
});
