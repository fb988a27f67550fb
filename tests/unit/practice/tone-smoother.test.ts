/** Tone smoothing: an exponential average of speech windows, cleared by silence. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ToneSmoother } from '../../../training/practice/tone-smoother.ts';
import type { StreamPrediction } from '../../../training/stream.ts';

const LABELS = ['neutral', 'happy', 'angry'];

/** The window ending at `endSec` (2 s long) with these probabilities. */
function windowAt(endSec: number, probs: number[], isSpeech = true): StreamPrediction {
  const startSec = endSec - 2;
  return { startSec, endSec, startFrame: Math.round(startSec * 100), probs: Float32Array.from(probs), speechFraction: isSpeech ? 0.8 : 0, isSpeech };
}

it('averages windows with a 1.5 s time constant, so one odd window does not flip the tone', () => {
  const smoother = new ToneSmoother(LABELS, 0.5);
  const alpha = 1 - Math.exp(-0.5 / 1.5);
  smoother.add(windowAt(2, [0.7, 0.2, 0.1]));
  smoother.add(windowAt(2.5, [0.1, 0.1, 0.8])); // one angry-looking window
  const tone = smoother.toneAt(2.6);
  const neutral = 0.7 + alpha * (0.1 - 0.7);
  const angry = 0.1 + alpha * (0.8 - 0.1);
  assert.equal(tone?.label, 'neutral');
  assert.ok(Math.abs((tone?.confidence ?? 0) - neutral) < 1e-6);
  assert.ok(Math.abs((tone?.probs[2] ?? 0) - angry) < 1e-6);
  assert.ok(Math.abs((tone?.dominantForSec ?? 0) - 0.6) < 1e-9, 'neutral since the first window ended at 2 s');
  // A lasting change takes over within a few windows, and its dominance starts then.
  smoother.add(windowAt(3, [0.1, 0.1, 0.8]));
  smoother.add(windowAt(3.5, [0.1, 0.1, 0.8]));
  const changed = smoother.toneAt(3.7);
  assert.equal(changed?.label, 'angry');
  assert.ok((changed?.dominantForSec ?? 99) <= 0.7 + 1e-9);
});

it('clears the tone on a silent window and starts afresh after it', () => {
  const smoother = new ToneSmoother(LABELS, 0.5);
  assert.equal(smoother.toneAt(1), null, 'nothing before the first window');
  smoother.add(windowAt(2, [0.1, 0.8, 0.1]));
  smoother.add(windowAt(2.5, [0.3, 0.3, 0.4], false));
  assert.equal(smoother.toneAt(2.6), null);
  smoother.add(windowAt(3, [0.2, 0.1, 0.7]));
  const tone = smoother.toneAt(3.2);
  assert.equal(tone?.label, 'angry');
  assert.ok(Math.abs((tone?.confidence ?? 0) - 0.7) < 1e-6, 'no memory of the happy window before the silence');
});

it('refuses windows whose probabilities do not match the labels', () => {
  assert.throws(() => new ToneSmoother(LABELS, 0.5).add(windowAt(2, [0.5, 0.5])), RangeError);
});
