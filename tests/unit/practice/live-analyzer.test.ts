/**
 * The live analyzer with the shipped default model on generated audio: cadence, silence
 * never scored, windows identical to the stream's (and so to `ser predict`), chunk-size
 * independence, pauses, and speed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { computeClipFrames } from '../../../training/features/clip-frames.ts';
import { activeFrames } from '../../../training/features/level.ts';
import { selectBackend } from '../../../training/model/backend.ts';
import { predictorOf, predictWindows, type Predictor } from '../../../training/model/inference.ts';
import { loadModel } from '../../../training/model/model-io.ts';
import { DEFAULT_MODEL_DIR } from '../../../training/paths.ts';
import { LiveAnalyzer, type LiveAnalyzerOptions } from '../../../training/practice/live-analyzer.ts';
import { type LiveUpdate, liveUpdateSchema } from '../../../training/practice/live-update.ts';
import { SeededRandom } from '../../../training/random.ts';
import { EmotionStream } from '../../../training/stream.ts';
import { concat, espeak16k, espeakMissing, harmonicTone, SAMPLE_RATE, silence, withTempDir } from './fixtures.ts';

if (espeakMissing) console.log(`# skipping the speech tests of the live analyzer: ${espeakMissing}`);

let predictor: Predictor;
let labels: string[];
/** Two spoken sentences (espeak-ng), 16 kHz; empty when espeak-ng is missing. */
let sentenceA: Float32Array = new Float32Array(0);
let sentenceB: Float32Array = new Float32Array(0);
/** ~60 s of continuous espeak-ng speech for the speed measurement. */
let talk: Float32Array = new Float32Array(0);

before(async () => {
  await selectBackend('auto');
  const loaded = await loadModel(DEFAULT_MODEL_DIR);
  predictor = predictorOf(loaded);
  labels = loaded.metadata.labels;
  if (espeakMissing) return;
  await withTempDir(async (dir) => {
    sentenceA = await espeak16k(dir, 'a', 'Good morning everyone and thank you all for coming here today');
    sentenceB = await espeak16k(dir, 'b', 'I want to talk about how we can make our weekly meetings shorter and more useful');
    const paragraph =
      'Good morning everyone, and thank you for coming. Today I want to talk about our meetings. ' +
      'Most of them run too long, and many of us leave without knowing what was decided. ' +
      'So here is a simple plan. Every meeting gets a clear goal, a short agenda, and a person who writes down the decisions. ';
    talk = (await espeak16k(dir, 'talk', paragraph.repeat(4))).subarray(0, 60 * SAMPLE_RATE);
  });
});

after(() => predictor?.model.dispose());

function analyzer(over: Partial<LiveAnalyzerOptions> = {}): LiveAnalyzer {
  return new LiveAnalyzer({ predictor, labels, goal: 'calm-confident', paceTargetWpm: [140, 160], ...over });
}

/** Push `signal` in chunks of `size` samples (a number, or a function giving each size). */
function pushAll(a: LiveAnalyzer, signal: Float32Array, size: number | (() => number)): LiveUpdate[] {
  const updates: LiveUpdate[] = [];
  for (let i = 0; i < signal.length; ) {
    const n = typeof size === 'number' ? size : size();
    updates.push(...a.push(signal.subarray(i, i + n)));
    i += n;
  }
  return updates;
}

/** Voice-like syllable bursts (harmonic, 4 per second) for `seconds`. */
function syllables(seconds: number): Float32Array {
  const y = harmonicTone(seconds, 130, 0.2);
  for (let i = 0; i < y.length; i++) y[i] *= (i / SAMPLE_RATE) % 0.25 < 0.15 ? 1 : 0.2;
  return y;
}

/** Deep equality with numbers compared to within `tolerance`. */
function assertClose(a: unknown, b: unknown, tolerance: number, where = 'update'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(Math.abs(a - b) <= tolerance, `${where}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${where}: length`);
    a.forEach((x, i) => assertClose(x, b[i], tolerance, `${where}[${i}]`));
  } else if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    assert.deepEqual(Object.keys(ra).sort(), Object.keys(rb).sort(), `${where}: keys`);
    for (const key of Object.keys(ra)) assertClose(ra[key], rb[key], tolerance, `${where}.${key}`);
  } else assert.equal(a, b, where);
}

/** First and last active frame of a clip, in seconds. */
function speechBounds(clip: Float32Array): { start: number; end: number } {
  const active = activeFrames(computeClipFrames(clip).levelDb);
  return { start: active.indexOf(1) / 100, end: active.lastIndexOf(1) / 100 };
}

describe('live analyzer', () => {
  it('delivers one valid update per 0.2 s of audio, whatever the chunk sizes', () => {
    const random = new SeededRandom(2);
    const signal = concat(silence(1), syllables(4), silence(1.3));
    const a = analyzer();
    let pushed = 0;
    let updates: LiveUpdate[] = [];
    while (pushed < signal.length) {
      const n = 1 + random.int(5000);
      updates = updates.concat(a.push(signal.subarray(pushed, pushed + n)));
      pushed = Math.min(signal.length, pushed + n);
      assert.equal(updates.length, Math.floor(pushed / 3200), `after ${pushed} samples`);
      assert.equal(a.seconds, pushed / SAMPLE_RATE);
    }
    updates.forEach((u, k) => {
      assert.ok(Math.abs(u.t - 0.2 * (k + 1)) < 1e-9, `update ${k} at ${u.t}`);
      liveUpdateSchema.parse(u);
    });
    // Another interval: 0.5 s gives two updates per second.
    assert.equal(pushAll(analyzer({ updateIntervalSec: 0.5 }), signal, 1600).length, Math.floor(signal.length / 8000));
  });

  it('never scores silence: no tone, no measures, no pauses, no hints', () => {
    const random = new SeededRandom(4);
    const quietRoom = Float32Array.from({ length: 5 * SAMPLE_RATE }, () => 3e-4 * random.normal()); // ≈ −70 dBFS
    const updates = pushAll(analyzer(), concat(silence(1), quietRoom), 1600);
    assert.equal(updates.length, 30);
    for (const u of updates) {
      assert.equal(u.speech, false, `speech at ${u.t}`);
      assert.equal(u.tone, null, `tone at ${u.t}`);
      assert.deepEqual(
        [u.pitchHz, u.pitchVariationSt, u.loudnessDbfs, u.syllablesPerSec, u.wordsPerMinute],
        [null, null, null, null, null],
      );
      assert.deepEqual(u.pauses, { count: 0, long: 0, currentSec: 0 });
      assert.deepEqual(u.hints, []);
    }
  });

  it('scores a tone over speech and none over the silence around it', { skip: espeakMissing }, () => {
    const lead = 3;
    const gap = 4;
    const signal = concat(silence(lead), sentenceA, silence(gap), sentenceB);
    const a = speechBounds(sentenceA);
    const speechStart = lead + a.start;
    const speechEnd = lead + a.end;
    const nextStart = lead + sentenceA.length / SAMPLE_RATE + gap;
    const updates = pushAll(analyzer(), signal, 1600);
    const during = (from: number, to: number) => updates.filter((u) => u.t >= from && u.t <= to);

    for (const u of during(0, speechStart)) assert.equal(u.tone, null, `tone before speech at ${u.t}`);
    const speaking = during(speechStart + 1.5, speechEnd);
    assert.ok(speaking.length >= 5);
    for (const u of speaking) {
      assert.notEqual(u.tone, null, `no tone during speech at ${u.t}`);
      assert.ok(u.tone && labels.includes(u.tone.label) && u.tone.probs.length === labels.length);
      assert.ok(Math.abs((u.tone?.probs ?? []).reduce((s, p) => s + p, 0) - 1) < 1e-3, 'smoothed probabilities sum to 1');
    }
    // Once a whole 2 s window is silent (plus the 0.5 s hop and the 32 ms frame delay), no tone.
    const silent = during(speechEnd + 2.6, nextStart);
    assert.ok(silent.length >= 3);
    for (const u of silent) assert.deepEqual([u.speech, u.tone], [false, null], `at ${u.t}`);

    const voiced = updates.filter((u) => u.speech && u.pitchHz !== null);
    assert.ok(voiced.length > 10);
    for (const u of voiced) assert.ok(u.pitchHz !== null && u.pitchHz > 60 && u.pitchHz < 300, `pitch ${u.pitchHz} Hz`);
    assert.ok(updates.some((u) => u.wordsPerMinute !== null && u.wordsPerMinute > 60 && u.wordsPerMinute < 320), 'a plausible pace');
    assert.ok(updates.some((u) => u.loudnessDbfs !== null && u.loudnessDbfs < -3 && u.loudnessDbfs > -50), 'a plausible loudness');
    // dominantForSec grows with time while the label stays.
    for (let i = 1; i < updates.length; i++) {
      const [p, u] = [updates[i - 1].tone, updates[i].tone];
      if (p && u && p.label === u.label) assert.ok(Math.abs(u.dominantForSec - p.dominantForSec - 0.2) < 1e-9);
    }
  });

  it('scores exactly the windows EmotionStream scores, which are those of offline prediction', { skip: espeakMissing }, () => {
    const random = new SeededRandom(9);
    const signal = concat(silence(1), sentenceA, silence(0.7), sentenceB);
    const a = analyzer();
    pushAll(a, signal, () => 1 + random.int(6000));
    const streamed = new EmotionStream(predictor).push(signal);
    assert.ok(a.windows.length >= 8);
    assert.deepEqual(
      a.windows.map((w) => [w.startFrame, w.startSec, w.endSec, w.speechFraction, w.isSpeech, Array.from(w.probs)]),
      streamed.map((w) => [w.startFrame, w.startSec, w.endSec, w.speechFraction, w.isSpeech, Array.from(w.probs)]),
    );
    const offline = predictWindows(predictor, computeClipFrames(signal), a.windows.map((w) => w.startFrame));
    a.windows.forEach((w, i) => {
      assert.equal(w.speechFraction, offline[i].speechFraction);
      w.probs.forEach((p, c) => assert.ok(Math.abs(p - offline[i].probs[c]) < 1e-5, `window ${i} class ${c}`));
    });
  });

  it('gives the same updates for 0.1 s chunks, odd chunks and one big push', { skip: espeakMissing }, () => {
    const random = new SeededRandom(13);
    const signal = concat(silence(0.8), sentenceA, silence(2.5), sentenceB, silence(0.6));
    const small = pushAll(analyzer(), signal, 1600);
    const odd = pushAll(analyzer(), signal, () => 1 + random.int(9000));
    const whole = analyzer().push(signal);
    assert.equal(small.length, Math.floor(signal.length / 3200));
    assert.ok(small.some((u) => u.tone !== null) && small.some((u) => u.hints.length > 0), 'the signal exercises tone and hints');
    assertClose(whole, small, 1e-6, 'one push vs 0.1 s chunks');
    assertClose(odd, small, 1e-6, 'odd chunks vs 0.1 s chunks');
  });

  it('counts pauses between speech: 0.5 s and 3 s of inserted silence give 2 pauses, 1 long', { skip: espeakMissing }, () => {
    const signal = concat(sentenceA, silence(0.5), sentenceB, silence(3), sentenceA);
    const updates = pushAll(analyzer(), signal, 1600);
    const last = updates[updates.length - 1];
    assert.deepEqual({ count: last.pauses.count, long: last.pauses.long }, { count: 2, long: 1 });
    // The silences as the updates saw them: the inserted silence plus the clips' own quiet ends.
    const firstEnd = sentenceA.length / SAMPLE_RATE;
    const longest = (from: number, to: number) => Math.max(...updates.filter((u) => u.t > from && u.t <= to).map((u) => u.pauses.currentSec));
    const first = longest(firstEnd - 0.5, firstEnd + 1.5);
    const secondStart = firstEnd + 0.5 + sentenceB.length / SAMPLE_RATE;
    const second = longest(secondStart - 0.5, secondStart + 4);
    assert.ok(first >= 0.5 && first < 2, `first pause seen as ${first} s`);
    assert.ok(second >= 3 && second < 4, `second pause seen as ${second} s`);
    assert.ok(updates.some((u) => u.hints.some((h) => h.id === 'long-pause')), 'the long pause is hinted');
    assert.equal(updates.filter((u) => u.pauses.count === 1).length > 0, true);
  });

  // Speed is measured by `npm run bench -- practice`, never asserted in a test.
  it('gives one update per 0.2 s over a minute of audio in 0.1 s chunks', { skip: espeakMissing }, () => {
    const signal = concat(talk, silence(Math.max(0, 60 - talk.length / SAMPLE_RATE)));
    const a = analyzer();
    const updates = pushAll(a, signal, 1600);
    assert.equal(updates.length, 300);
    assert.deepEqual(
      updates.slice(0, 3).map((u) => Number(u.t.toFixed(6))),
      [0.2, 0.4, 0.6],
    );
    assert.equal(a.seconds, signal.length / SAMPLE_RATE);
  });

  it('refuses options it cannot honour', () => {
    assert.throws(() => analyzer({ labels: labels.slice(1) }), /8 probabilities but 7 labels/);
    assert.throws(() => analyzer({ updateIntervalSec: 0 }), RangeError);
    assert.throws(() => analyzer({ paceTargetWpm: [160, 140] }), RangeError);
  });
});
