import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameScheduler } from '../../../renderer/src/lib/practice-frame.ts';

function fakeFrames() {
  const pending = new Map<number, (time: number) => void>();
  let next = 1;
  return {
    raf: (callback: (time: number) => void) => {
      pending.set(next, callback);
      return next++;
    },
    caf: (handle: number) => void pending.delete(handle),
    run() {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const callback of callbacks) callback(0);
    },
    get size() {
      return pending.size;
    },
  };
}

describe('frameScheduler', () => {
  it('draws once per frame however many requests came in', () => {
    const frames = fakeFrames();
    let draws = 0;
    const scheduler = frameScheduler(() => draws++, frames.raf, frames.caf);
    for (let i = 0; i < 5; i++) scheduler.request();
    assert.equal(frames.size, 1);
    frames.run();
    assert.equal(draws, 1);
    scheduler.request();
    frames.run();
    assert.equal(draws, 2);
  });

  it('cancels a pending draw and can be requested again', () => {
    const frames = fakeFrames();
    let draws = 0;
    const scheduler = frameScheduler(() => draws++, frames.raf, frames.caf);
    scheduler.request();
    scheduler.cancel();
    frames.run();
    assert.equal(draws, 0);
    scheduler.request();
    frames.run();
    assert.equal(draws, 1);
  });
});
