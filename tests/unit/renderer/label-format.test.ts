import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decimalsForStep,
  fileNameOf,
  formatClock,
  formatPercent,
  formatPosition,
  formatRelativeTime,
} from '../../../renderer/src/lib/label-format.ts';

describe('formatPosition', () => {
  it('is one-based with thousands separators', () => {
    assert.equal(formatPosition(11, 1200), '12 / 1,200');
    assert.equal(formatPosition(0, 1), '1 / 1');
    assert.equal(formatPosition(1233, 1234567), '1,234 / 1,234,567');
  });
});

describe('formatClock', () => {
  it('shows tenths under an hour and h:mm:ss from an hour on', () => {
    assert.equal(formatClock(0), '0:00.0');
    assert.equal(formatClock(3.46), '0:03.4');
    assert.equal(formatClock(65.05), '1:05.0');
    assert.equal(formatClock(3599.99), '59:59.9');
    assert.equal(formatClock(3600), '1:00:00');
    assert.equal(formatClock(3723.9), '1:02:03');
  });

  it('shows as many decimals as asked, and steps that add up to 0.7 as 0.7', () => {
    assert.equal(formatClock(1.23456, 2), '0:01.23');
    assert.equal(formatClock(61.5, 0), '1:01');
    assert.equal(formatClock(0.05 * 14, 2), '0:00.70');
    assert.equal(formatClock(0.1 + 0.2 + 0.2 + 0.2, 1), '0:00.7');
    assert.equal(formatClock(59.999, 2), '0:59.99');
  });

  it('treats NaN and negatives as zero', () => {
    assert.equal(formatClock(Number.NaN), '0:00.0');
    assert.equal(formatClock(-4), '0:00.0');
  });
});

describe('decimalsForStep', () => {
  it('gives labels a step apart distinct text', () => {
    assert.equal(decimalsForStep(5), 0);
    assert.equal(decimalsForStep(1), 0);
    assert.equal(decimalsForStep(0.2), 1);
    assert.equal(decimalsForStep(0.05), 2);
    assert.equal(decimalsForStep(0.005), 3);
    for (const step of [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]) {
      const texts = Array.from({ length: 20 }, (_, i) =>
        formatClock(i * step, decimalsForStep(step)),
      );
      assert.equal(new Set(texts).size, texts.length, `labels every ${step} s`);
    }
  });
});

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('uses words a person reads at a glance', () => {
    assert.equal(formatRelativeTime(ago(10), now), 'just now');
    assert.equal(formatRelativeTime(ago(180), now), '3 min ago');
    assert.equal(formatRelativeTime(ago(2 * 3600), now), '2 h ago');
    assert.equal(formatRelativeTime(ago(26 * 3600), now), 'yesterday');
    assert.equal(formatRelativeTime(ago(5 * 86400), now), '5 days ago');
    assert.equal(formatRelativeTime(ago(90 * 86400), now), '2025-12-10');
  });

  it('returns text it cannot parse unchanged', () => {
    assert.equal(formatRelativeTime('not a date', now), 'not a date');
  });
});

describe('fileNameOf', () => {
  it('takes the last segment of POSIX and Windows paths', () => {
    assert.equal(
      fileNameOf('/data/ravdess/Actor_01/03-01-05-01-01-01-01.wav'),
      '03-01-05-01-01-01-01.wav',
    );
    assert.equal(fileNameOf('C:\\corpora\\emodb\\03a01Fa.wav'), '03a01Fa.wav');
    assert.equal(fileNameOf('clip.wav'), 'clip.wav');
  });
});

describe('formatPercent', () => {
  it('rounds, and never shows a small probability as zero', () => {
    assert.equal(formatPercent(0.4567), '46%');
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatPercent(0.004), '<1%');
    assert.equal(formatPercent(0), '0%');
  });
});
