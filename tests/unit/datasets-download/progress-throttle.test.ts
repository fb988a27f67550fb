import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgressThrottle } from '../../../electron/services/datasets/progress-throttle.ts';

function fakeClock(): { now: () => number; set: (ms: number) => void } {
  let time = 0;
  return { now: () => time, set: (ms) => (time = ms) };
}

test('sends the first report at once, then at most one per interval, and the last on flush', () => {
  const clock = fakeClock();
  const sent: number[] = [];
  const throttle = createProgressThrottle<number>((v) => sent.push(v), 100, clock.now);
  throttle.push(1);
  clock.set(50);
  throttle.push(2);
  throttle.push(3);
  assert.deepEqual(sent, [1]);
  clock.set(100);
  throttle.push(4);
  assert.deepEqual(sent, [1, 4]);
  clock.set(130);
  throttle.push(5);
  throttle.flush();
  throttle.flush();
  assert.deepEqual(sent, [1, 4, 5]);
});

test('a report every millisecond for a second comes out at most 10 times a second', () => {
  const clock = fakeClock();
  const sent: number[] = [];
  const throttle = createProgressThrottle<number>((v) => sent.push(v), 100, clock.now);
  for (let ms = 0; ms < 1000; ms++) {
    clock.set(ms);
    throttle.push(ms);
  }
  throttle.flush();
  assert.deepEqual(sent, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 999]);
});
