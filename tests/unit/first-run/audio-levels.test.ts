import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockLevelMeter, SILENCE_DB, measureLevels, toDbfs } from '../../../electron/backend/audio-levels.ts';
import { judgeRecording } from '../../../electron/backend/microphone-verdict.ts';

/** A sine of `amplitude` (ratio of full scale) at 440 Hz, 16 kHz. */
function sine(samples: number, amplitude: number): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / 16000)));
}

test('dBFS of ratios: full scale is 0, half is about −6, nothing is the silence floor', () => {
  assert.equal(toDbfs(1), 0);
  assert.ok(Math.abs(toDbfs(0.5) - -6.0206) < 1e-3);
  assert.equal(toDbfs(0), SILENCE_DB);
  assert.equal(toDbfs(1e-9), SILENCE_DB, 'floored, never below the silence value');
  assert.equal(toDbfs(Number.NaN), SILENCE_DB);
});

test('a sine reads its RMS (peak − 3 dB) and peak; a full-scale one counts as clipped', () => {
  const quiet = measureLevels(sine(16000, 0.25));
  assert.ok(Math.abs(quiet.peakDb - toDbfs(0.25)) < 0.05, `peak ${quiet.peakDb}`);
  assert.ok(Math.abs(quiet.rmsDb - (toDbfs(0.25) - 3.0103)) < 0.05, `rms ${quiet.rmsDb}`);
  assert.equal(quiet.clipped, false);
  assert.equal(quiet.clippedSamples, 0);

  const overdrivenSine = Int16Array.from({ length: 16000 }, (_, i) =>
    Math.max(-32768, Math.min(32767, Math.round(1.5 * 32767 * Math.sin((2 * Math.PI * 440 * i) / 16000)))),
  );
  const loud = measureLevels(overdrivenSine);
  const overdriven = measureLevels(Int16Array.from({ length: 1600 }, (_, i) => (i % 4 < 2 ? 32767 : -32768)));
  assert.equal(overdriven.clipped, true);
  assert.equal(overdriven.clippedSamples, 1600);
  assert.ok(loud.peakDb > -0.01, 'a clipped sine peaks at full scale');
  assert.equal(loud.clipped, true);

  const oneClick = new Int16Array(1600);
  oneClick[10] = 32767;
  assert.equal(measureLevels(oneClick).clipped, false, 'one full-scale sample is a click, not clipping');
  assert.deepEqual(measureLevels(new Int16Array(0)), { rmsDb: SILENCE_DB, peakDb: SILENCE_DB, clippedSamples: 0, clipped: false });
});

test('the block meter reads one level per block, whatever the chunk sizes', () => {
  const meter = new BlockLevelMeter(1600);
  const signal = new Int16Array(4000);
  signal.set(sine(1600, 0.5), 1600); // second block loud, first and third silent
  const readings = [
    ...meter.push(signal.subarray(0, 700)),
    ...meter.push(signal.subarray(700, 2500)),
    ...meter.push(signal.subarray(2500, 4000)),
  ];
  assert.deepEqual(
    readings.map((r) => r.endSample),
    [1600, 3200],
    'two whole blocks; the last 800 samples wait for more',
  );
  assert.equal(readings[0].peakDb, SILENCE_DB);
  assert.ok(Math.abs(readings[1].peakDb - toDbfs(0.5)) < 0.05);
  assert.deepEqual(meter.push(new Int16Array(800)).map((r) => r.endSample), [4800]);
  assert.throws(() => new BlockLevelMeter(0), RangeError);
});

test('the verdict names the first thing to fix, and nothing for a good recording', () => {
  assert.equal(judgeRecording(measureLevels(sine(48000, 0.3)), 3), null);
  assert.equal(judgeRecording(measureLevels(new Int16Array(0)), 0)?.kind, 'no-audio');
  assert.equal(judgeRecording(measureLevels(new Int16Array(48000)), 3)?.kind, 'silent');
  assert.equal(judgeRecording(measureLevels(sine(48000, 0.01)), 3)?.kind, 'too-quiet');
  const clipped = judgeRecording(measureLevels(Int16Array.from({ length: 48000 }, (_, i) => (i % 2 ? 32767 : -32768))), 3);
  assert.equal(clipped?.kind, 'clipped');
  assert.match(clipped?.message ?? '', /gain/);
  assert.match(judgeRecording(measureLevels(sine(48000, 0.01)), 3)?.message ?? '', /−40 dBFS/, 'says how quiet, in dBFS');
});
