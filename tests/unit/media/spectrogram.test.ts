import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  computeSpectrogram,
  isSpectrogramData,
} from '../../../electron/services/media/spectrogram.ts';
import {
  RowSampler,
  rowFrequencies,
  toColorIndices,
} from '../../../electron/services/media/spectrogram-rows.ts';
import { planStft, StftPooler } from '../../../electron/services/media/stft-pooler.ts';
import { FFMPEG, hasFfmpeg, tempDir, tone, writeMonoWav } from './fixtures.ts';

const run = promisify(execFile);

function argmax(values: number[]): number {
  return values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
}

/** The row whose frequency is nearest `hz` for a scale. */
function nearestRow(scale: 'linear' | 'mel', hz: number): number {
  const rows = Array.from(rowFrequencies(scale));
  return argmax(rows.map((f) => -Math.abs(f - hz)));
}

describe('spectrogram rows', () => {
  it('places rows where the plugin labels them: linear 31.25 Hz apart, mel by HTK mel', () => {
    const linear = rowFrequencies('linear');
    assert.equal(linear.length, 256);
    assert.equal(linear[0], 0);
    assert.equal(linear[32], 1000);
    assert.equal(linear[255], 8000 - 31.25);
    const mel = rowFrequencies('mel');
    // wavesurfer's mel: 2595·log10(1 + f/700); row i at i/256 of mel(8000).
    const melOf = (hz: number) => 2595 * Math.log10(1 + hz / 700);
    assert.ok(Math.abs(melOf(mel[128]) - melOf(8000) / 2) < 1e-9);
    assert.ok(mel[1] < 10 && mel[255] > 7900);
  });

  it('interpolates between FFT bins and leaves rows above Nyquist dark', () => {
    // Bins at 0, 20 and 40 Hz (the last is Nyquist).
    const sampler = new RowSampler(Float64Array.from([0, 15, 30, 40, 45]), 20, 3);
    const out = new Float32Array(5);
    sampler.sample(Float32Array.from([1, 3, 5]), out);
    assert.deepEqual(Array.from(out), [1, 2.5, 4, 5, 0]);
  });

  it('maps dB linearly: the loudest value to 255, rangeDb below it to 0, silence to 0', () => {
    const values = Float32Array.from([1, 0.1, 0.01, 0.0001, 0]);
    const [column] = toColorIndices([values], 80);
    // -20 dB and -40 dB (as float32 holds 0.1 and 0.01), -80 dB and silence.
    const index = (v: number) => Math.round(((20 * Math.log10(v) + 80) / 80) * 255);
    assert.deepEqual(column, [255, index(values[1]), index(values[2]), 0, 0]);
    assert.ok(column[1] === 191 && column[2] >= 127 && column[2] <= 128);
    assert.deepEqual(toColorIndices([new Float32Array(3)]), [[0, 0, 0]]);
  });
});

describe('planStft', () => {
  it('uses 25 ms windows, a 10 ms hop for short clips, and wider hops and pooling for long ones', () => {
    assert.deepEqual(planStft(16000, 3), {
      nFft: 512,
      winLength: 400,
      hop: 160,
      framesPerColumn: 1,
    });
    assert.deepEqual(planStft(44100, 3), {
      nFft: 2048,
      winLength: 1103,
      hop: 441,
      framesPerColumn: 1,
    });
    // An hour at 16 kHz: ~147k FFTs (hop just under the 400-sample window), 49 per column.
    assert.deepEqual(planStft(16000, 3600), {
      nFft: 512,
      winLength: 400,
      hop: 392,
      framesPerColumn: 49,
    });
    for (const rate of [8000, 16000, 44100, 48000]) {
      for (const seconds of [1, 29, 31, 60, 75, 600, 3600, 3 * 3600]) {
        const plan = planStft(rate, seconds);
        const frames = 1 + Math.floor((seconds * rate) / plan.hop);
        const columns = Math.ceil(frames / plan.framesPerColumn);
        const what = `${seconds} s at ${rate} Hz: ${JSON.stringify(plan)}`;
        assert.ok(columns <= 3000, what);
        // Whole-sample hops cost at most ~1/hop of the columns (1.2 % at 8 kHz).
        assert.ok(
          columns >= 0.985 * Math.min(3000, 100 * seconds),
          `${what}: only ${columns} columns`,
        );
        assert.ok(plan.hop <= plan.winLength, `${what}: samples skipped`);
        assert.ok(plan.hop >= Math.round(rate / 100), `${what}: hop under 10 ms`);
      }
    }
  });
});

describe('StftPooler', () => {
  it('gives the same columns whatever the push sizes', () => {
    const samples = tone(700, 1.3, 16000, (t) => 0.3 + 0.5 * t);
    const make = () =>
      new StftPooler(
        planStft(16000, 1.3),
        new RowSampler(rowFrequencies('linear'), 16000 / 512, 257),
        256,
      );
    const whole = make();
    whole.push(samples);
    const pieces = make();
    for (let at = 0, k = 1; at < samples.length; at += k, k = ((k * 7) % 997) + 1) {
      pieces.push(samples.subarray(at, at + k));
    }
    assert.deepEqual(pieces.finish(), whole.finish());
  });

  it('stays within maxColumns when the length was unknown, keeping a short loud event', () => {
    const rate = 8000;
    const samples = tone(1000, 20, rate, () => 0.01);
    // 20 ms of a loud 3 kHz tone at 12.5 s.
    const at = 12.5 * rate;
    for (let i = 0; i < 160; i++)
      samples[at + i] += 0.8 * Math.sin((2 * Math.PI * 3000 * i) / rate);
    const pooler = new StftPooler(
      planStft(rate, undefined, 50),
      new RowSampler(rowFrequencies('linear'), rate / 256, 129),
      256,
      50,
    );
    for (let i = 0; i < samples.length; i += 4096) pooler.push(samples.subarray(i, i + 4096));
    const pooled = pooler.finish();
    assert.ok(pooled.columns.length <= 50, `${pooled.columns.length} columns`);
    assert.ok(pooled.columns.length > 25, `${pooled.columns.length} columns: coarsened too far`);
    const [indices] = [toColorIndices(pooled.columns)];
    const row3k = nearestRow('linear', 3000);
    const secondsPerColumn = (pooled.hop * pooled.framesPerColumn) / rate;
    const bright = indices.flatMap((column, c) =>
      column[row3k] > 200 ? [c * secondsPerColumn] : [],
    );
    assert.ok(bright.length >= 1 && bright.length <= 2, `3 kHz bright in ${bright.length} columns`);
    assert.ok(Math.abs(bright[0] - 12.5) < 2 * secondsPerColumn, `at ${bright[0]} s`);
    // Rows above 4 kHz (this file's Nyquist) are dark.
    assert.ok(indices.every((column) => column.slice(129).every((v) => v === 0)));
  });
});

describe('computeSpectrogram', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(() => cleanup());

  for (const [rate, hz, scale] of [
    [16000, 1000, 'linear'],
    [16000, 1000, 'mel'],
    [44100, 3000, 'linear'],
    [8000, 440, 'mel'],
  ] as const) {
    it(`shows a ${hz} Hz tone (${rate} Hz file, ${scale} rows) in its row, in every column`, async () => {
      const file = await writeMonoWav(dir, `tone-${rate}-${hz}.wav`, tone(hz, 2, rate), rate);
      const data = await computeSpectrogram(file, { scale });
      assert.ok(isSpectrogramData(data));
      assert.equal(data.sampleRate, 16000);
      assert.equal(data.frequencyMax, 8000);
      assert.equal(data.scale, scale);
      assert.equal(data.durationSec, 2);
      const [columns] = data.frequencies;
      assert.equal(data.frequencies.length, 1);
      assert.equal(columns.length, 201);
      assert.equal(data.columnsPerSecond, 100);
      const expected = nearestRow(scale, hz);
      // Away from the zero-padded ends, the loudest row is the tone's.
      for (const column of columns.slice(3, -3)) {
        assert.equal(column.length, 256);
        assert.ok(
          Math.abs(argmax(column) - expected) <= 1,
          `argmax ${argmax(column)}, expected ${expected}`,
        );
        assert.equal(Math.max(...column), 255);
      }
    });
  }

  it('follows the signal in time: 500 Hz then 2 kHz', async () => {
    const rate = 16000;
    const samples = new Float32Array(4 * rate);
    samples.set(tone(500, 2, rate));
    samples.set(tone(2000, 2, rate), 2 * rate);
    const file = await writeMonoWav(dir, 'two-tones.wav', samples, rate);
    const [columns] = (await computeSpectrogram(file)).frequencies;
    const rows = columns.map(argmax);
    assert.ok(
      rows.slice(5, 195).every((row) => row === 16),
      'first half at 500 Hz',
    );
    assert.ok(
      rows.slice(205, -5).every((row) => row === 64),
      'second half at 2 kHz',
    );
  });

  it('caps a 10-minute clip at 3000 columns × 256 rows, a JSON of a few MB', async () => {
    const rate = 8000;
    const file = await writeMonoWav(
      dir,
      'long.wav',
      tone(1000, 600, rate, (t) => 0.1 + (t % 60) / 100),
      rate,
      'pcm16',
    );
    const data = await computeSpectrogram(file);
    const [columns] = data.frequencies;
    assert.ok(columns.length <= 3000 && columns.length > 2900, `${columns.length} columns`);
    assert.ok(columns.every((column) => column.length === 256));
    assert.ok(Math.abs(data.columnsPerSecond * 600 - columns.length) < 1.5);
    const bytes = JSON.stringify(data.frequencies).length;
    assert.ok(bytes < 4e6, `${bytes} bytes`);
  });

  it('draws digital silence blank', async () => {
    const file = await writeMonoWav(dir, 'silence.wav', new Float32Array(8000), 16000);
    const [columns] = (await computeSpectrogram(file)).frequencies;
    assert.ok(columns.every((column) => column.every((v) => v === 0)));
  });

  it(
    'reads other formats through ffmpeg',
    { skip: hasFfmpeg ? false : 'ffmpeg not installed' },
    async () => {
      const wav = await writeMonoWav(dir, 'for-flac.wav', tone(2500, 1, 22050), 22050, 'pcm16');
      const flac = path.join(dir, 'tone.flac');
      await run(FFMPEG, ['-nostdin', '-v', 'error', '-y', '-i', wav, flac]);
      assert.deepEqual(await computeSpectrogram(flac), await computeSpectrogram(wav));
      assert.equal(argmax((await computeSpectrogram(flac)).frequencies[0][50]), 80);
    },
  );
});
