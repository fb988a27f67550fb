/** Live prosody measures on synthetic frames with known pitch, level and timing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ACTIVITY } from '../../../training/features/level.ts';
import { LiveProsody, type ProsodyMeasures } from '../../../training/practice/live-prosody.ts';
import type { StreamFrame } from '../../../training/stream.ts';

const SILENT = -120;

/** A frame of speech at `levelDb`, voiced at `hz` (or unvoiced when hz is null). */
function frame(index: number, levelDb: number, hz: number | null): StreamFrame {
  return { index, levelDb, f0Octaves: hz === null ? 0 : Math.log2(hz / 150), voiced: hz === null || levelDb < -55 ? 0 : 1 };
}

/** Feed frames built by `make(i)` for frame indices [from, to); return the measures after each frame. */
function feed(prosody: LiveProsody, from: number, to: number, make: (i: number) => StreamFrame): ProsodyMeasures[] {
  const out: ProsodyMeasures[] = [];
  for (let i = from; i < to; i++) {
    prosody.add(make(i));
    out.push(prosody.measures());
  }
  return out;
}

function rmsSemitones(hz: readonly number[]): number {
  const sorted = [...hz].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return Math.sqrt(hz.reduce((s, f) => s + (12 * Math.log2(f / median)) ** 2, 0) / hz.length);
}

describe('live prosody', () => {
  it('reports pitch variation in semitones over the last 10 s, only after 1 s of voicing', () => {
    const prosody = new LiveProsody(DEFAULT_ACTIVITY);
    // A slow intonation contour: ±4 semitones around 120 Hz, one cycle per 3 s.
    const hzAt = (i: number) => 120 * 2 ** ((4 * Math.sin((2 * Math.PI * i) / 300)) / 12);
    const measures = feed(prosody, 0, 1500, (i) => frame(i, -20, hzAt(i)));
    assert.equal(measures[98].pitchVariationSt, null, 'not before 1 s of voiced frames');
    assert.notEqual(measures[99].pitchVariationSt, null);
    const expected = rmsSemitones(Array.from({ length: 1000 }, (_, k) => hzAt(500 + k)));
    assert.ok(Math.abs((measures[1499].pitchVariationSt ?? 0) - expected) < 1e-3, `${measures[1499].pitchVariationSt} vs ${expected}`);
    assert.ok(expected > 2.5 && expected < 3.1, 'the contour has the spread of a sine of ±4 st');
    // pitchHz: the median of the last 0.5 s.
    const recent = Array.from({ length: 50 }, (_, k) => hzAt(1450 + k)).sort((a, b) => a - b);
    assert.ok(Math.abs((measures[1499].pitchHz ?? 0) - (recent[24] + recent[25]) / 2) < 1e-3);
  });

  it('ignores octave errors in the pitch variation', () => {
    const clean = new LiveProsody(DEFAULT_ACTIVITY);
    const noisy = new LiveProsody(DEFAULT_ACTIVITY);
    const hzAt = (i: number) => 120 * 2 ** ((1.5 * Math.sin((2 * Math.PI * i) / 250)) / 12);
    const a = feed(clean, 0, 1000, (i) => frame(i, -20, hzAt(i))).at(-1);
    const b = feed(noisy, 0, 1000, (i) => frame(i, -20, i % 20 === 0 ? 2 * hzAt(i) : hzAt(i))).at(-1); // 5 % octave jumps
    assert.ok(a?.pitchVariationSt !== null && b?.pitchVariationSt !== null);
    assert.ok(Math.abs((a?.pitchVariationSt ?? 0) - (b?.pitchVariationSt ?? 0)) < 0.15, `${a?.pitchVariationSt} vs ${b?.pitchVariationSt}`);
    assert.ok((b?.pitchVariationSt ?? 0) < 2, 'a flat voice stays flat despite octave errors');
  });

  it('reads loudness as the power mean of the active frames of the last 0.5 s, and nothing in silence', () => {
    const prosody = new LiveProsody(DEFAULT_ACTIVITY);
    const m = feed(prosody, 0, 200, (i) => frame(i, i % 2 ? -20 : -26, 120));
    const expected = 10 * Math.log10((10 ** -2 + 10 ** -2.6) / 2);
    assert.ok(Math.abs((m[199].loudnessDbfs ?? 0) - expected) < 1e-4);
    assert.equal(m[199].speech, true);
    const after = feed(prosody, 200, 260, (i) => frame(i, SILENT, null));
    assert.equal(after.at(-1)?.speech, false);
    assert.equal(after.at(-1)?.loudnessDbfs, null);
    // Speech needs 30 % of the last 0.5 s: 15 active frames.
    const onset = feed(prosody, 260, 300, (i) => frame(i, -20, 120));
    assert.equal(onset[13].speech, false);
    assert.equal(onset[14].speech, true);
  });

  it('counts gaps of 0.25 s or more between speech as pauses, 2 s or more as long', () => {
    const prosody = new LiveProsody(DEFAULT_ACTIVITY);
    // speech 1 s | gap 0.2 s | speech 1 s | gap 0.3 s | speech 1 s | gap 2.5 s | speech 1 s | trailing silence 1 s
    const plan: [number, boolean][] = [[100, true], [20, false], [100, true], [30, false], [100, true], [250, false], [100, true], [100, false]];
    let index = 0;
    const seen: ProsodyMeasures[] = [];
    for (const [frames, speech] of plan) {
      seen.push(...feed(prosody, index, index + frames, (i) => frame(i, speech ? -20 : SILENT, speech ? 120 : null)));
      index += frames;
    }
    const end = seen.at(-1);
    assert.deepEqual({ count: end?.pauses.count, long: end?.pauses.long }, { count: 2, long: 1 }, 'the trailing silence is no pause yet');
    assert.ok(Math.abs((end?.pauses.currentSec ?? 0) - 1) < 1e-9, 'the ongoing silence is reported');
    const longGap = seen.slice(350, 600).map((m) => m.pauses.currentSec);
    assert.ok(Math.abs(Math.max(...longGap) - 2.5) < 1e-9, `longest silence ${Math.max(...longGap)}`);
    assert.equal(seen[230].pauses.currentSec, 0, 'no pause shown while under 0.25 s');
    assert.ok(seen.slice(0, 100).every((m) => m.pauses.currentSec === 0));
  });

  it('measures pace as syllable nuclei per second of speaking time, pauses excluded', () => {
    const prosody = new LiveProsody(DEFAULT_ACTIVITY);
    // 4 syllables per second: 150 ms at −18 dB, 100 ms at −30 dB; a 3 s pause after 5 s.
    const level = (i: number) => (i % 25 < 15 ? -18 : -30);
    const talk1 = feed(prosody, 0, 500, (i) => frame(i, level(i), 120));
    const paused = feed(prosody, 500, 800, (i) => frame(i, SILENT, null));
    const talk2 = feed(prosody, 800, 1000, (i) => frame(i, level(i), 120));
    assert.equal(talk1[150].syllablesPerSec, null, 'not before 2 s of speaking');
    const rate = talk2.at(-1)?.syllablesPerSec ?? 0;
    assert.ok(Math.abs(rate - 4) < 0.3, `rate ${rate} syll/s`);
    assert.ok(Math.abs((talk2.at(-1)?.wordsPerMinute ?? 0) - (rate * 60) / 1.5) < 1e-9);
    assert.ok(Math.abs((paused.at(-1)?.syllablesPerSec ?? 0) - 4) < 0.4, 'the pause does not dilute the rate');
  });

  it('insists on consecutive frames', () => {
    const prosody = new LiveProsody(DEFAULT_ACTIVITY);
    prosody.add(frame(0, -20, 120));
    assert.throws(() => prosody.add(frame(2, -20, 120)), RangeError);
  });
});
