import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionReport } from '../../../electron/contract.ts';
import {
  GOAL_NAMES,
  GOAL_ORDER,
  dominantTone,
  formatDominance,
  formatDuration,
  formatLength,
  formatListDate,
  formatMeasure,
  formatSessionDate,
  formatShare,
  formatShortDate,
  goalName,
  momentLabel,
} from '../../../renderer/src/lib/practice-format.ts';

describe('goal names', () => {
  it('names every profile in the contract order, and passes unknown ids through', () => {
    assert.deepEqual(GOAL_ORDER, ['calm-confident', 'warm-enthusiastic', 'neutral-clear']);
    assert.equal(GOAL_NAMES['calm-confident'], 'Calm and confident');
    assert.equal(goalName('warm-enthusiastic'), 'Warm and enthusiastic');
    assert.equal(goalName('neutral-clear'), 'Neutral and clear');
    assert.equal(goalName('something-new'), 'something-new');
  });
});

describe('formatDuration', () => {
  it('is m:ss under an hour and h:mm:ss from an hour on, floored to the second', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(7.9), '0:07');
    assert.equal(formatDuration(83.9), '1:23');
    assert.equal(formatDuration(725), '12:05');
    assert.equal(formatDuration(3723), '1:02:03');
  });
  it('treats NaN and negatives as zero', () => {
    assert.equal(formatDuration(Number.NaN), '0:00');
    assert.equal(formatDuration(-3), '0:00');
  });
});

describe('formatDominance', () => {
  it('says how long the tone has held', () => {
    assert.equal(formatDominance(0.4), 'just now');
    assert.equal(formatDominance(12.7), 'for 12 s');
    assert.equal(formatDominance(60), 'for 1 min');
    assert.equal(formatDominance(125), 'for 2 min 5 s');
  });
});

describe('formatLength', () => {
  it('writes durations in words, rounded', () => {
    assert.equal(formatLength(44.6), '45 s');
    assert.equal(formatLength(252), '4 min 12 s');
    assert.equal(formatLength(240), '4 min');
    assert.equal(formatLength(3600 + 180), '1 h 3 min');
    assert.equal(formatLength(7200), '2 h');
  });
});

describe('dates', () => {
  it('formats a session date in the given zone', () => {
    assert.equal(formatSessionDate('2026-05-12T12:03:00Z', 'UTC'), 'Tue 12 May 2026, 12:03');
    assert.equal(
      formatSessionDate('2026-05-12T12:03:00Z', 'Europe/Berlin'),
      'Tue 12 May 2026, 14:03',
    );
    assert.equal(formatSessionDate('not a date'), 'not a date');
  });
  it('drops the year in lists for sessions of the current year', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    assert.equal(formatListDate('2026-05-16T11:33:00Z', now, 'UTC'), 'Sat 16 May, 11:33');
    assert.equal(formatListDate('2025-12-02T09:10:00Z', now, 'UTC'), 'Tue 2 Dec 2025, 09:10');
  });
  it('gives chart axes a short day and month', () => {
    assert.equal(formatShortDate('2026-05-12T23:30:00Z', 'UTC'), '12 May');
    assert.equal(formatShortDate('2026-05-12T23:30:00Z', 'Asia/Tokyo'), '13 May');
    assert.equal(formatShortDate('garbage'), '');
  });
});

describe('momentLabel', () => {
  it('is the replay button text', () => {
    assert.equal(momentLabel({ t: 83.4, reason: 'long pause' }), 'Replay 1:23 — long pause');
    assert.equal(
      momentLabel({ t: 5, reason: 'tone turned angry' }),
      'Replay 0:05 — tone turned angry',
    );
  });
});

describe('formatMeasure', () => {
  it('prints units, decimals per unit and a real minus', () => {
    assert.equal(formatMeasure(148.4, 'Hz'), '148 Hz');
    assert.equal(formatMeasure(2.44, 'st'), '2.4 st');
    assert.equal(formatMeasure(-21.4, 'dBFS'), '−21 dBFS');
    assert.equal(formatMeasure(151.6, 'wpm'), '152 wpm');
    assert.equal(formatMeasure(3.25, 'syll/s'), '3.3 syll/s');
    assert.equal(formatMeasure(1.04, 's'), '1.0 s');
  });
  it('shows an em dash without a value', () => {
    assert.equal(formatMeasure(null, 'Hz'), '—');
    assert.equal(formatMeasure(undefined, 'st'), '—');
    assert.equal(formatMeasure(Number.NaN, 'wpm'), '—');
  });
});

describe('formatShare', () => {
  it('rounds to whole percent and never shows a sliver as nothing', () => {
    assert.equal(formatShare(0.623), '62%');
    assert.equal(formatShare(0.004), '<1%');
    assert.equal(formatShare(0), '0%');
    assert.equal(formatShare(1), '100%');
  });
});

describe('dominantTone', () => {
  const report = (toneShare: SessionReport['toneShare']) => ({ toneShare }) as SessionReport;
  it('is the first (largest) tone, or null without speech', () => {
    assert.equal(
      dominantTone(
        report([
          { label: 'calm', seconds: 30, share: 0.6 },
          { label: 'happy', seconds: 20, share: 0.4 },
        ]),
      ),
      'calm',
    );
    assert.equal(dominantTone(report([])), null);
  });
});
