import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideRange } from '../../../electron/services/media/http-range.ts';

describe('decideRange', () => {
  const size = 1000;
  const cases: [string | null, ReturnType<typeof decideRange>][] = [
    [null, { kind: 'full' }],
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'partial', start: 100, end: 999 }],
    ['bytes=-50', { kind: 'partial', start: 950, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=990-5000', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
    ['Bytes = 10 - 20', { kind: 'partial', start: 10, end: 20 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-2000', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    // Ignored (the whole file is sent): malformed, reversed, other units, several ranges.
    ['bytes=20-10', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
    ['bytes=a-b', { kind: 'full' }],
    ['items=0-10', { kind: 'full' }],
    ['bytes=0-10,20-30', { kind: 'full' }],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} on ${size} bytes → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(decideRange(header, size), expected);
    });
  }

  it('finds nothing to send in an empty file', () => {
    assert.deepEqual(decideRange('bytes=0-', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(decideRange('bytes=-10', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(decideRange(null, 0), { kind: 'full' });
  });
});
