import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, quantile } from '../../../training/math.ts';

test('quantile interpolates like numpy.quantile', () => {
  const xs = [7, 1, 3, 5];
  // numpy.quantile([1, 3, 5, 7], [0, 0.25, 0.5, 0.95, 1]) → 1, 2.5, 4, 6.7, 7
  assert.equal(quantile(xs, 0), 1);
  assert.equal(quantile(xs, 0.25), 2.5);
  assert.equal(quantile(xs, 0.5), median(xs));
  assert.ok(Math.abs(quantile(xs, 0.95) - 6.7) < 1e-12);
  assert.equal(quantile(xs, 1), 7);
  assert.ok(Number.isNaN(quantile([], 0.5)));
  assert.deepEqual(xs, [7, 1, 3, 5], 'the input is not reordered');
});
