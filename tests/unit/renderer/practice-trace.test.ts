import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LOUDNESS_LOUD_DBFS,
  LOUDNESS_QUIET_DBFS,
  LOUDNESS_RANGE,
  lineRuns,
  niceTicks,
  paceGauge,
  pitchRange,
  windowTicks,
  yOf,
} from '../../../renderer/src/lib/practice-trace.ts';

describe('pitchRange', () => {
  it('keeps its minimum span for an ordinary voice', () => {
    assert.deepEqual(pitchRange([120, 150, null, 200]), { min: 80, max: 260 });
    assert.deepEqual(pitchRange([]), { min: 80, max: 260 });
  });
  it('widens in 20 Hz steps to fit high or low voices, never below 0', () => {
    assert.deepEqual(pitchRange([300, 180]), { min: 80, max: 320 });
    assert.deepEqual(pitchRange([65, 120]), { min: 40, max: 260 });
    assert.deepEqual(pitchRange([5]), { min: 0, max: 260 });
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten inside the range', () => {
    assert.deepEqual(niceTicks(-50, 0, 5), [-50, -40, -30, -20, -10, 0]);
    assert.deepEqual(niceTicks(80, 260, 4), [100, 150, 200, 250]);
    assert.deepEqual(niceTicks(0, 1, 4), [0, 0.25, 0.5, 0.75, 1]);
  });
  it('is empty for an empty range', () => {
    assert.deepEqual(niceTicks(5, 5), []);
    assert.deepEqual(niceTicks(10, 0), []);
  });
});

describe('yOf', () => {
  it('maps the range onto the pixels, max at the top, clamped', () => {
    assert.equal(yOf(0, LOUDNESS_RANGE, 10, 110), 10);
    assert.equal(yOf(-50, LOUDNESS_RANGE, 10, 110), 110);
    assert.equal(yOf(-25, LOUDNESS_RANGE, 10, 110), 60);
    assert.equal(yOf(-90, LOUDNESS_RANGE, 10, 110), 110);
    assert.equal(yOf(12, LOUDNESS_RANGE, 10, 110), 10);
  });
  it('puts the shaded bands inside the loudness axis', () => {
    assert.ok(
      LOUDNESS_RANGE.min < LOUDNESS_QUIET_DBFS &&
        LOUDNESS_QUIET_DBFS < LOUDNESS_LOUD_DBFS &&
        LOUDNESS_LOUD_DBFS < LOUDNESS_RANGE.max,
    );
  });
});

describe('lineRuns', () => {
  it('breaks the line at missing values', () => {
    const t = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];
    assert.deepEqual(lineRuns(t, [1, 2, null, 3, 4, null]), [
      [0, 1],
      [3, 4],
    ]);
    assert.deepEqual(lineRuns(t, [null, null, 1, null, null, 2]), [
      [2, 2],
      [5, 5],
    ]);
    assert.deepEqual(lineRuns([], []), []);
  });
  it('breaks the line where reports are too far apart', () => {
    assert.deepEqual(lineRuns([0.2, 0.4, 2.0, 2.2], [1, 2, 3, 4], 0.6), [
      [0, 1],
      [2, 3],
    ]);
  });
});

describe('paceGauge', () => {
  it('puts the band and the needle on a scale 80 wpm either side of the band', () => {
    const gauge = paceGauge(150, [140, 160]);
    assert.deepEqual(gauge.range, { min: 60, max: 240 });
    assert.equal(gauge.status, 'on-target');
    assert.ok(Math.abs(gauge.bandFrom - 80 / 180) < 1e-9);
    assert.ok(Math.abs(gauge.bandTo - 100 / 180) < 1e-9);
    assert.ok(Math.abs((gauge.needle ?? -1) - 90 / 180) < 1e-9);
  });
  it('says slow or fast and pins an out-of-scale pace to the edge', () => {
    assert.equal(paceGauge(100, [140, 160]).status, 'slow');
    const fast = paceGauge(400, [140, 160]);
    assert.equal(fast.status, 'fast');
    assert.equal(fast.needle, 1);
    assert.equal(paceGauge(10, [140, 160]).needle, 0);
  });
  it('has no needle without a pace, never goes below 0 and accepts a reversed band', () => {
    const none = paceGauge(null, [40, 60]);
    assert.equal(none.needle, null);
    assert.equal(none.status, 'none');
    assert.equal(none.range.min, 0);
    assert.deepEqual(paceGauge(150, [160, 140]).range, { min: 60, max: 240 });
  });
});

describe('windowTicks', () => {
  it('labels a rolling window from its start to now', () => {
    assert.deepEqual(
      windowTicks(60).map((t) => t.text),
      ['−60 s', '−45 s', '−30 s', '−15 s', 'now'],
    );
    assert.deepEqual(
      windowTicks(30, 10).map((t) => t.offset),
      [-30, -20, -10, 0],
    );
  });
});
