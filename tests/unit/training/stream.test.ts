/**
 * The live stream must score the same windows as offline prediction of the whole clip,
 * whatever the chunk sizes: frames are computed from the same samples either way.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeClipFrames } from '../../../training/features/clip-frames.ts';
import { buildModel } from '../../../training/model/architectures.ts';
import { predictWindows, type Predictor } from '../../../training/model/inference.ts';
import { DEFAULT_INPUT_CONFIG, inputChannels } from '../../../training/model/model-input.ts';
import { SeededRandom } from '../../../training/random.ts';
import { EmotionStream } from '../../../training/stream.ts';

/** 6 s of syllable-like tone bursts with pauses and noise. */
function speechLikeSignal(seconds: number, random: SeededRandom): Float32Array {
  const y = new Float32Array(seconds * 16000);
  for (let i = 0; i < y.length; i++) {
    const t = i / 16000;
    const syllable = Math.sin(2 * Math.PI * 4 * t) > 0.2 && t % 2 < 1.6 ? 1 : 0;
    y[i] = 0.2 * syllable * Math.sin(2 * Math.PI * (150 + 30 * Math.sin(t)) * t) + 0.002 * random.normal();
  }
  return y;
}

test('stream windows equal offline windows at the same start frames', () => {
  const random = new SeededRandom(3);
  const signal = speechLikeSignal(6, random);
  const input = DEFAULT_INPUT_CONFIG;
  const model = buildModel('stats-mlp', { frames: input.windowFrames, channels: inputChannels(input), nClasses: 4, seed: 5, learningRate: 1e-3 });
  const predictor: Predictor = {
    model,
    input,
    normalisation: { mean: new Array(66).fill(-40), std: new Array(66).fill(15) },
  };

  const stream = new EmotionStream(predictor);
  const streamed = [];
  for (let i = 0; i < signal.length; ) {
    const size = 100 + random.int(3000); // irregular chunks, like a recorder
    streamed.push(...stream.push(signal.subarray(i, i + size)));
    i += size;
  }
  const offline = predictWindows(predictor, computeClipFrames(signal), streamed.map((w) => w.startFrame));

  // 6 s = 96,000 samples. Frame t is final once samples reach 160·t + 512 (half of YIN's
  // frame), so frames 0..596 are; the window at 400 would need frame 599.
  assert.deepEqual(streamed.map((w) => w.startFrame), [0, 50, 100, 150, 200, 250, 300, 350]);
  streamed.forEach((w, i) => {
    assert.equal(w.speechFraction, offline[i].speechFraction, `speech fraction of window ${i}`);
    assert.ok(Math.abs(w.probs[0] - offline[i].probs[0]) < 1e-5);
    for (let c = 0; c < 4; c++) assert.ok(Math.abs(w.probs[c] - offline[i].probs[c]) < 1e-5, `window ${i} class ${c}`);
  });
  assert.ok(streamed.some((w) => w.isSpeech), 'tone bursts count as speech');
  // One huge push (processed internally in slices) gives the very same windows.
  const whole = new EmotionStream(predictor).push(signal);
  assert.deepEqual(whole.map((w) => [w.startFrame, Array.from(w.probs)]), streamed.map((w) => [w.startFrame, Array.from(w.probs)]));
  assert.equal(streamed[0].endSec, 2);
  model.dispose();
});

test('a silent stream is never scored as speech', () => {
  const input = DEFAULT_INPUT_CONFIG;
  const model = buildModel('stats-mlp', { frames: input.windowFrames, channels: inputChannels(input), nClasses: 3, seed: 1, learningRate: 1e-3 });
  const stream = new EmotionStream({ model, input, normalisation: { mean: new Array(66).fill(0), std: new Array(66).fill(1) } });
  const out = stream.push(new Float32Array(16000 * 3));
  assert.ok(out.length > 0);
  assert.ok(out.every((w) => !w.isSpeech && w.speechFraction === 0));
  model.dispose();
});
