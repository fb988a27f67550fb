import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PcmRingBuffer } from '../../../training/audio/ring-buffer.ts';

const range = (from: number, to: number): Float32Array =>
  Float32Array.from({ length: to - from }, (_, i) => from + i);

describe('PcmRingBuffer', () => {
  it('returns fewer samples than asked before it has them', () => {
    const ring = new PcmRingBuffer(8);
    assert.deepEqual(Array.from(ring.latest(4)), []);
    ring.push(range(0, 3));
    assert.deepEqual(Array.from(ring.latest(5)), [0, 1, 2]);
    assert.deepEqual(Array.from(ring.latest(2)), [1, 2]);
    assert.deepEqual(Array.from(ring.latest(0)), []);
    assert.equal(ring.totalWritten, 3);
  });

  it('wraps around, keeping the newest samples oldest first', () => {
    const ring = new PcmRingBuffer(5);
    ring.push(range(0, 4));
    ring.push(range(4, 7)); // wraps: holds 2..6
    assert.deepEqual(Array.from(ring.latest(5)), [2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(ring.latest(3)), [4, 5, 6]);
    assert.deepEqual(Array.from(ring.latest(99)), [2, 3, 4, 5, 6]);
    assert.equal(ring.totalWritten, 7);
    assert.equal(ring.capacity, 5);
  });

  it('keeps only the tail of a chunk longer than its capacity', () => {
    const ring = new PcmRingBuffer(4);
    ring.push(range(0, 2));
    ring.push(range(2, 12));
    assert.deepEqual(Array.from(ring.latest(4)), [8, 9, 10, 11]);
    ring.push(range(12, 13));
    assert.deepEqual(Array.from(ring.latest(4)), [9, 10, 11, 12]);
    assert.equal(ring.totalWritten, 13);
  });

  it('matches a plain array model over many random pushes and reads', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const ring = new PcmRingBuffer(37);
    const all: number[] = [];
    for (let step = 0; step < 500; step++) {
      const chunk = range(all.length, all.length + random(50));
      ring.push(chunk);
      all.push(...chunk);
      const n = random(45);
      const want = all.slice(Math.max(0, all.length - Math.min(n, 37)));
      assert.deepEqual(Array.from(ring.latest(n)), want, `step ${step}`);
      assert.equal(ring.totalWritten, all.length);
    }
  });

  it('rejects bad sizes', () => {
    assert.throws(() => new PcmRingBuffer(0), RangeError);
    assert.throws(() => new PcmRingBuffer(2.5), RangeError);
    assert.throws(() => new PcmRingBuffer(4).latest(-1), RangeError);
  });
});
