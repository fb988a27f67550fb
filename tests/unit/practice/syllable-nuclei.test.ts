/**
 * Syllable nuclei: one per voiced intensity peak with ≥ 2 dB of contrast — counted on
 * synthetic syllable trains, and rate-sensitive on real (espeak-ng) speech.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeClipFrames } from '../../../training/features/clip-frames.ts';
import { activeFrames } from '../../../training/features/level.ts';
import { findPauses } from '../../../training/features/prosody.ts';
import { detectSyllableNuclei, SyllableNucleusDetector } from '../../../training/practice/syllable-nuclei.ts';
import { SeededRandom } from '../../../training/random.ts';
import { concat, espeak16k, espeakMissing, harmonicTone, SAMPLE_RATE, silence, withTempDir } from './fixtures.ts';

if (espeakMissing) console.log(`# skipping the espeak-ng speaking-rate test: ${espeakMissing}`);

interface Bursts {
  count: number;
  perSec: number;
  onSec: number;
  /** Level of the gaps below the bursts (dB). */
  dipDb: number;
  carrier: 'harmonic' | 'noise';
}

/** `count` bursts (a carrier at full level for onSec, then dipDb lower), framed by 0.5 s of silence. */
function bursts({ count, perSec, onSec, dipDb, carrier }: Bursts): { signal: Float32Array; starts: number[] } {
  const period = 1 / perSec;
  const seconds = count * period;
  const random = new SeededRandom(7);
  const tone = carrier === 'harmonic' ? harmonicTone(seconds, 140, 0.3) : Float32Array.from({ length: Math.round(seconds * SAMPLE_RATE) }, () => 0.1 * random.normal());
  const dip = 10 ** (-dipDb / 20);
  for (let i = 0; i < tone.length; i++) {
    const phase = (i / SAMPLE_RATE) % period;
    tone[i] = tone[i] * (phase < onSec ? 1 : dip) + 0.0005 * random.normal();
  }
  const starts = Array.from({ length: count }, (_, k) => 0.5 + k * period);
  return { signal: concat(silence(0.5), tone, silence(0.5)), starts };
}

function nucleiOf(signal: Float32Array): number[] {
  const frames = computeClipFrames(signal);
  return detectSyllableNuclei(frames.levelDb, frames.voiced, activeFrames(frames.levelDb));
}

/** Syllables per second of speaking time (first to last active frame, pauses of ≥ 0.25 s excluded). */
function syllableRate(signal: Float32Array): number {
  const frames = computeClipFrames(signal);
  const active = activeFrames(frames.levelDb);
  const nuclei = detectSyllableNuclei(frames.levelDb, frames.voiced, active);
  const span = (active.lastIndexOf(1) - active.indexOf(1) + 1) / 100;
  const paused = findPauses(active, 0.01, 0.25).reduce((s, p) => s + p.endSec - p.startSec, 0);
  return nuclei.length / (span - paused);
}

describe('syllable nuclei', () => {
  it('counts one nucleus per voiced burst (5 per second, 120 ms on, 80 ms 10 dB lower)', () => {
    const n = 40;
    const { signal, starts } = bursts({ count: n, perSec: 5, onSec: 0.12, dipDb: 10, carrier: 'harmonic' });
    const nuclei = nucleiOf(signal);
    assert.ok(Math.abs(nuclei.length - n) <= 0.1 * n, `${nuclei.length} nuclei for ${n} bursts`);
    // Each nucleus sits in a burst (allowing for the 32 ms RMS frame and 50 ms smoothing).
    for (const frame of nuclei) {
      const t = frame / 100;
      assert.ok(starts.some((s) => t >= s - 0.04 && t <= s + 0.12 + 0.04), `nucleus at ${t} s is outside every burst`);
    }
  });

  it('counts bursts at another rate and length too (3 per second, 200 ms on)', () => {
    const n = 24;
    const nuclei = nucleiOf(bursts({ count: n, perSec: 3, onSec: 0.2, dipDb: 12, carrier: 'harmonic' }).signal);
    assert.ok(Math.abs(nuclei.length - n) <= 0.1 * n, `${nuclei.length} nuclei for ${n} bursts`);
  });

  it('needs 2 dB of contrast: bursts only 1 dB above their gaps are one long sound, not syllables', () => {
    const n = 40;
    const nuclei = nucleiOf(bursts({ count: n, perSec: 5, onSec: 0.12, dipDb: 1, carrier: 'harmonic' }).signal);
    assert.ok(nuclei.length <= 2, `${nuclei.length} nuclei`);
  });

  it('needs voicing: noise bursts are not syllable nuclei', () => {
    const n = 40;
    const nuclei = nucleiOf(bursts({ count: n, perSec: 5, onSec: 0.12, dipDb: 10, carrier: 'noise' }).signal);
    assert.ok(nuclei.length <= n / 10, `${nuclei.length} nuclei in unvoiced noise`);
  });

  it('keeps nuclei at least minSeparationFrames apart', () => {
    // 12 bursts a second (83 ms apart) are faster than speech: with 100 ms separation at most ~10/s survive.
    const { signal } = bursts({ count: 48, perSec: 12, onSec: 0.04, dipDb: 12, carrier: 'harmonic' });
    const frames = computeClipFrames(signal);
    const nuclei = detectSyllableNuclei(frames.levelDb, frames.voiced, activeFrames(frames.levelDb), { smoothingFrames: 1 });
    assert.ok(nuclei.length > 0);
    for (let i = 1; i < nuclei.length; i++) assert.ok(nuclei[i] - nuclei[i - 1] >= 10, `nuclei ${nuclei[i - 1]} and ${nuclei[i]}`);
  });

  it('streams: pushing frames one at a time reports each nucleus once, a few frames after its peak', () => {
    const { signal } = bursts({ count: 10, perSec: 5, onSec: 0.12, dipDb: 10, carrier: 'harmonic' });
    const frames = computeClipFrames(signal);
    const active = activeFrames(frames.levelDb);
    const detector = new SyllableNucleusDetector();
    const reported: { nucleus: number; at: number }[] = [];
    for (let t = 0; t < frames.levelDb.length; t++) {
      const nucleus = detector.push({ levelDb: frames.levelDb[t], voiced: frames.voiced[t] === 1, active: active[t] === 1 });
      if (nucleus !== undefined) reported.push({ nucleus, at: t });
    }
    assert.deepEqual(reported.map((r) => r.nucleus), detectSyllableNuclei(frames.levelDb, frames.voiced, active));
    for (const { nucleus, at } of reported) assert.ok(at > nucleus && at - nucleus <= 15, `nucleus ${nucleus} reported at frame ${at}`);
  });

  it('rejects an even smoothing span', () => {
    assert.throws(() => new SyllableNucleusDetector({ smoothingFrames: 4 }), RangeError);
  });

  it('measures a clearly higher rate for fast than for slow espeak-ng speech, both plausible', { skip: espeakMissing }, async () => {
    const sentence = 'The quick brown fox jumps over the lazy dog while the children watch from the garden wall.';
    const [slow, fast] = await withTempDir((dir) =>
      Promise.all([espeak16k(dir, 'slow', sentence, ['-s', '120']), espeak16k(dir, 'fast', sentence, ['-s', '240'])]),
    );
    const slowRate = syllableRate(slow);
    const fastRate = syllableRate(fast);
    console.log(`# espeak-ng -s 120: ${slowRate.toFixed(2)} syll/s; -s 240: ${fastRate.toFixed(2)} syll/s`);
    for (const rate of [slowRate, fastRate]) assert.ok(rate >= 2 && rate <= 8, `rate ${rate} syllables/s`);
    assert.ok(fastRate / slowRate > 1.5, `fast/slow = ${fastRate / slowRate}`);
  });
});
