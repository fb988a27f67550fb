import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TransferRate } from '../../../electron/backend/transfer-rate.ts';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

test('speed comes from byte differences, so bytes kept from an earlier run do not count', () => {
  const c = clock();
  const rate = new TransferRate(c.now);
  // Resumed with 100 MB on disk, then 1 MB/s.
  assert.deepEqual(rate.sample(100e6, 200e6), { bytesPerSec: null, etaSec: null });
  c.advance(1000);
  const first = rate.sample(101e6, 200e6);
  assert.equal(first.bytesPerSec, 1e6);
  assert.equal(first.etaSec, 99);
  c.advance(1000);
  assert.equal(rate.sample(102e6, 200e6).etaSec, 98);
});

test('nothing is claimed over a span too short to measure, or without a total', () => {
  const c = clock();
  const rate = new TransferRate(c.now);
  rate.sample(0, null);
  c.advance(100);
  assert.deepEqual(rate.sample(5e6, null), { bytesPerSec: null, etaSec: null }, 'a 100 ms burst is not a speed');
  c.advance(900);
  const measured = rate.sample(6e6, null);
  assert.equal(measured.bytesPerSec, 6e6);
  assert.equal(measured.etaSec, null, 'no total, no time left');
});

test('the speed follows a slower connection within the window', () => {
  const c = clock();
  const rate = new TransferRate(c.now, 5000);
  let bytes = 0;
  rate.sample(bytes, 1e9);
  for (let s = 0; s < 10; s++) {
    c.advance(1000);
    bytes += 4e6; // 4 MB/s for 10 s
    rate.sample(bytes, 1e9);
  }
  let last = rate.sample(bytes, 1e9);
  for (let s = 0; s < 6; s++) {
    c.advance(1000);
    bytes += 1e6; // then 1 MB/s
    last = rate.sample(bytes, 1e9);
  }
  assert.ok(last.bytesPerSec !== null && Math.abs(last.bytesPerSec - 1e6) < 1, `speed ${last.bytesPerSec}`);
  assert.ok(last.etaSec !== null && Math.abs(last.etaSec - (1e9 - bytes) / 1e6) < 1e-3);
});

test('a count that goes down (the server restarted the file) starts the measurement again', () => {
  const c = clock();
  const rate = new TransferRate(c.now);
  rate.sample(50e6, 100e6);
  c.advance(1000);
  rate.sample(51e6, 100e6);
  c.advance(1000);
  assert.deepEqual(rate.sample(1e6, 100e6), { bytesPerSec: null, etaSec: null });
  c.advance(1000);
  assert.equal(rate.sample(3e6, 100e6).bytesPerSec, 2e6);
});
