import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { downmixToMono } from '../../../training/audio/load.ts';
import { parseWav } from '../../../training/audio/wav.ts';
import { computePeaks, isPeaks } from '../../../electron/services/media/peaks.ts';
import {
  MAX_PEAK_PAIRS,
  PeakFolder,
  samplesPerPeak,
} from '../../../electron/services/media/peak-folder.ts';
import { assertRejectsForFile } from '../../helpers/input-file-error.ts';
import { chunk, fmtBody, riff, sampleBytes, simpleWav } from '../audio/wav-bytes.ts';
import {
  assertClose,
  bucketExtremes,
  FFMPEG,
  hasFfmpeg,
  tempDir,
  tone,
  writeMonoWav,
} from './fixtures.ts';

const run = promisify(execFile);
/** Peaks are rounded to 4 decimals. */
const ROUNDING = 0.00005 + 1e-9;

describe('samplesPerPeak', () => {
  it('gives short clips 400 pairs per second and caps long ones at ~100k pairs', () => {
    assert.equal(samplesPerPeak(3, 16000), 40);
    assert.equal(samplesPerPeak(3, 44100), 111);
    // 1 hour at 16 kHz: 576 samples per pair, exactly 100,000 pairs (~27.8 per second).
    assert.equal(samplesPerPeak(3600, 16000), 576);
    for (const [duration, rate] of [
      [3600, 16000],
      [3 * 3600, 48000],
      [601.3, 44100],
      [250.01, 8000],
    ]) {
      const pairs = Math.ceil((duration * rate) / samplesPerPeak(duration, rate));
      assert.ok(pairs <= MAX_PEAK_PAIRS, `${duration} s at ${rate} Hz gives ${pairs} pairs`);
      // Whole samples per pair cost at most one step of coarseness (20 → 21 at 8 kHz).
      assert.ok(
        pairs > 0.95 * Math.min(MAX_PEAK_PAIRS, 400 * duration),
        `${pairs} pairs: too coarse`,
      );
    }
    // Unknown length: finest first (PeakFolder coarsens if the stream is long).
    assert.equal(samplesPerPeak(undefined, 16000), 40);
  });
});

describe('PeakFolder', () => {
  it('folds min/max per bucket across pushes of any size', () => {
    const samples = tone(3, 1, 1000, (t) => 0.2 + 0.7 * t);
    const folder = new PeakFolder(7);
    for (let at = 0, k = 1; at < samples.length; at += k, k = ((k * 3) % 17) + 1) {
      folder.push(samples.subarray(at, at + k));
    }
    const folded = folder.finish();
    const expected = bucketExtremes(samples, 7);
    assert.equal(folded.samples, 1000);
    assert.equal(folded.samplesPerPeak, 7);
    assertClose(folded.min, expected.min, ROUNDING, 'min');
    assertClose(folded.max, expected.max, ROUNDING, 'max');
  });

  it('coarsens to stay within maxPairs when the stream is longer than announced', () => {
    const samples = tone(2.5, 1, 1001, (t) => Math.cos(9 * t));
    const folder = new PeakFolder(1, 64);
    for (let at = 0; at < samples.length; at += 13) folder.push(samples.subarray(at, at + 13));
    const folded = folder.finish();
    assert.ok(folded.min.length <= 64, `${folded.min.length} pairs`);
    assert.equal(folded.samplesPerPeak, 16);
    const expected = bucketExtremes(samples, folded.samplesPerPeak);
    assertClose(folded.min, expected.min, ROUNDING, 'min');
    assertClose(folded.max, expected.max, ROUNDING, 'max');
  });

  it('clips to [-1, 1] and skips NaN samples', () => {
    const folder = new PeakFolder(2);
    folder.push(Float32Array.from([1.5, -3, NaN, 0.25, NaN, NaN]));
    assert.deepEqual(folder.finish(), {
      min: [-1, 0.25, 0],
      max: [1, 0.25, 0],
      samplesPerPeak: 2,
      samples: 6,
    });
  });
});

describe('computePeaks', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(() => cleanup());

  it('equals a direct min/max of a sine with a known envelope (float WAV)', async () => {
    const envelope = (t: number) => 0.1 + 0.4 * t;
    const samples = tone(50, 2, 16000, envelope);
    const file = await writeMonoWav(dir, 'envelope.wav', samples, 16000, 'float32');
    const peaks = await computePeaks(file);
    assert.ok(isPeaks(peaks));
    assert.equal(peaks.sampleRate, 16000);
    assert.equal(peaks.durationSec, 2);
    assert.equal(peaks.peaksPerSecond, 400);
    const expected = bucketExtremes(samples, 40);
    assertClose(peaks.min, expected.min, ROUNDING, 'min');
    assertClose(peaks.max, expected.max, ROUNDING, 'max');
    // And the envelope itself: a 50 Hz cycle spans 8 buckets, so per 8 buckets the max is
    // the envelope at that time (to within its growth over 20 ms).
    for (let b = 8; b < peaks.max.length; b += 8) {
      const windowMax = Math.max(...peaks.max.slice(b - 8, b));
      assert.ok(Math.abs(windowMax - envelope(b / 400)) < 0.01, `bucket ${b}: ${windowMax}`);
    }
  });

  it('averages the channels of a multichannel file (3-channel int16, stereo int24)', async () => {
    for (const [encoding, channels, full] of [
      ['int16', 3, 32767],
      ['int24', 2, 8388607],
    ] as const) {
      const frames = Array.from({ length: 4410 }, (_, i) =>
        Array.from({ length: channels }, (_, c) =>
          Math.round(
            full * (c === 0 ? 0.9 : 0.3) * Math.sin((2 * Math.PI * (100 + 300 * c) * i) / 44100),
          ),
        ),
      );
      const bytes = simpleWav(frames, encoding, 44100);
      const file = path.join(dir, `mix-${encoding}.wav`);
      await writeFile(file, bytes);
      const peaks = await computePeaks(file);
      const mono = downmixToMono(parseWav(bytes, file).channels);
      const expected = bucketExtremes(mono, samplesPerPeak(0.1, 44100));
      assertClose(peaks.min, expected.min, ROUNDING, `${encoding} min`);
      assertClose(peaks.max, expected.max, ROUNDING, `${encoding} max`);
      // The mix is an average: channel 0 alone reaches 0.9, the average stays far below.
      assert.ok(Math.max(...peaks.max) < 0.75, `${Math.max(...peaks.max)}`);
    }
  });

  it('gives the same peaks whatever the read size (frames split across chunks)', async () => {
    const frames = Array.from({ length: 8000 }, (_, i) => [
      Math.round(8388607 * 0.8 * Math.sin(i / 13)),
      Math.round(8388607 * 0.5 * Math.sin(i / 31)),
    ]);
    const file = path.join(dir, 'chunking.wav');
    await writeFile(file, simpleWav(frames, 'int24', 16000));
    const whole = await computePeaks(file);
    for (const chunkBytes of [7, 1001, 65536]) {
      assert.deepEqual(await computePeaks(file, { chunkBytes }), whole, `chunkBytes ${chunkBytes}`);
    }
  });

  it('decodes µ-law like the full decoder does', async () => {
    const codes = Uint8Array.from({ length: 8000 }, (_, i) => (i * 37) % 256);
    const fmt = fmtBody({ code: 7, channels: 1, sampleRate: 8000, bitsPerSample: 8, cbSize: true });
    const bytes = riff([chunk('fmt ', fmt), chunk('data', codes)]);
    const file = path.join(dir, 'mulaw.wav');
    await writeFile(file, bytes);
    const expected = bucketExtremes(parseWav(bytes, file).channels[0], 20);
    const peaks = await computePeaks(file);
    assertClose(peaks.min, expected.min, ROUNDING, 'min');
    assertClose(peaks.max, expected.max, ROUNDING, 'max');
  });

  it('keeps a 10-minute file within the pair cap, with its content in the right place', async () => {
    const rate = 16000;
    const seconds = 600;
    // Quiet everywhere, loud for one second at 5:00: that bucket range must stand out.
    const samples = tone(200, seconds, rate, (t) => (t >= 300 && t < 301 ? 0.9 : 0.05));
    const file = await writeMonoWav(dir, 'ten-minutes.wav', samples, rate, 'pcm16');
    const peaks = await computePeaks(file);
    assert.ok(peaks.min.length <= MAX_PEAK_PAIRS, `${peaks.min.length} pairs`);
    assert.ok(peaks.min.length >= 0.99 * MAX_PEAK_PAIRS, `${peaks.min.length} pairs: too coarse`);
    assert.equal(peaks.durationSec, seconds);
    assert.ok(Math.abs(peaks.peaksPerSecond * seconds - peaks.min.length) <= 1);
    const loud = peaks.max.flatMap((v, i) => (v > 0.5 ? [i / peaks.peaksPerSecond] : []));
    assert.ok(loud.length > 0);
    assert.ok(
      loud[0] >= 299.99 && loud[loud.length - 1] < 301,
      `loud from ${loud[0]} to ${loud.at(-1)}`,
    );
  });

  it('is exact for 16-bit PCM: values k/32768 round-trip', async () => {
    const samples = Float32Array.from({ length: 1600 }, (_, i) => ((i % 200) - 100) / 128);
    const file = await writeMonoWav(dir, 'ramp.wav', samples, 16000, 'pcm16');
    const peaks = await computePeaks(file, { maxPeaksPerSecond: 20 });
    assert.equal(peaks.peaksPerSecond, 20);
    // -100/128 and 99/128, rounded to 4 decimals (Math.round takes -7812.5 up to -7812).
    assert.deepEqual(peaks.min, [-0.7812, -0.7812]);
    assert.deepEqual(peaks.max, [0.7734, 0.7734]);
  });

  it('rejects a file that is not audio with the reason', async () => {
    const file = path.join(dir, 'notes.wav');
    await writeFile(file, 'just text');
    await assertRejectsForFile(computePeaks(file), file, /not a WAV file/);
  });

  describe(
    'other formats through ffmpeg',
    { skip: hasFfmpeg ? false : 'ffmpeg not installed' },
    () => {
      it('streams a stereo FLAC to the same peaks as its WAV source (channels averaged, not ffmpeg-mixed)', async () => {
        const frames = Array.from({ length: 22050 }, (_, i) => [
          Math.round(30000 * Math.sin(i / 10)),
          Math.round(30000 * Math.sin(i / 10)),
        ]);
        const wav = path.join(dir, 'stereo.wav');
        await writeFile(
          wav,
          riff([
            chunk('fmt ', fmtBody({ code: 1, channels: 2, sampleRate: 22050, bitsPerSample: 16 })),
            chunk('data', sampleBytes(frames, 'int16')),
          ]),
        );
        const flac = path.join(dir, 'stereo.flac');
        await run(FFMPEG, ['-nostdin', '-v', 'error', '-y', '-i', wav, flac]);
        const fromWav = await computePeaks(wav);
        const fromFlac = await computePeaks(flac);
        assert.deepEqual(fromFlac, fromWav);
        // Identical channels average to themselves: the peak stays at 30000/32768.
        assert.equal(Math.max(...fromFlac.max), 0.9155);
      });

      it('streams an MP3 at its own rate', async () => {
        // 1 kHz: every 2.5 ms bucket holds whole cycles, so each bucket's max is the amplitude.
        const wav = await writeMonoWav(dir, 'for-mp3.wav', tone(1000, 2, 44100), 44100, 'pcm16');
        const mp3 = path.join(dir, 'clip.mp3');
        await run(FFMPEG, ['-nostdin', '-v', 'error', '-y', '-i', wav, '-b:a', '192k', mp3]);
        const peaks = await computePeaks(mp3);
        assert.equal(peaks.sampleRate, 44100);
        assert.ok(Math.abs(peaks.durationSec - 2) < 0.08, `${peaks.durationSec}`);
        const inner = peaks.max.slice(100, -100);
        assert.ok(
          inner.every((v) => Math.abs(v - 0.5) < 0.03),
          `max ${Math.min(...inner)}…${Math.max(...inner)}`,
        );
      });
    },
  );
});
