/** Live activity must decide each frame as level.ts `activeFrames` does over the span ending with it. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { activeFrames, DEFAULT_ACTIVITY } from '../../../training/features/level.ts';
import { RollingActivity } from '../../../training/practice/rolling-activity.ts';
import { SeededRandom } from '../../../training/random.ts';

it('equals activeFrames over the trailing context, frame by frame', () => {
  const random = new SeededRandom(11);
  // Speech-like levels: loud stretches, quiet stretches, digital silence, a level change.
  const levels = Float32Array.from({ length: 3000 }, (_, i) => {
    const loud = Math.sin(i / 37) > -0.2;
    const base = i < 1500 ? -20 : -40; // the speaker moves away from the microphone
    if (i > 2200 && i < 2400) return -120;
    return loud ? base + 6 * random.normal() : -62 + 3 * random.normal();
  });
  const context = 500;
  const rolling = new RollingActivity(DEFAULT_ACTIVITY, context);
  let active = 0;
  for (let j = 0; j < levels.length; j++) {
    const expected = activeFrames(levels, Math.max(0, j - context + 1), j + 1, DEFAULT_ACTIVITY).at(-1) === 1;
    const got = rolling.push(levels[j]);
    assert.equal(got, expected, `frame ${j} (${levels[j]} dBFS)`);
    active += +got;
  }
  assert.ok(active > 500 && active < 2500, `${active} active frames: the test signal exercises both outcomes`);
});

it('rejects a context that is not a positive integer', () => {
  assert.throws(() => new RollingActivity(DEFAULT_ACTIVITY, 0), RangeError);
});
