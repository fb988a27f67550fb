import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  downmixToMono,
  loadAudio,
  loadMono16k,
  TARGET_SAMPLE_RATE,
} from '../../../training/audio/load.ts';
import { encodeWav } from '../../../training/audio/wav.ts';
import { simpleWav } from './wav-bytes.ts';
import { assertRejectsForFile } from '../../helpers/input-file-error.ts';

const FFMPEG = '/usr/bin/ffmpeg';
const hasFfmpeg = existsSync(FFMPEG);

async function withPath<T>(searchPath: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = searchPath;
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
  }
}

/** Normalised correlation of the first `length` samples (no lag). */
function correlation(a: Float32Array, b: Float32Array, length: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}


describe('downmixToMono', () => {
  it('averages the channels', () => {
    const mono = downmixToMono([
      Float32Array.from([1, 0.5, -1]),
      Float32Array.from([0, 0.25, -1]),
      Float32Array.from([0.5, 0.75, 0.5]),
    ]);
    assert.deepEqual(Array.from(mono), [0.5, 0.5, -0.5]);
    assert.deepEqual(
      Array.from(downmixToMono([Float32Array.from([0.5, -0.5]), Float32Array.from([-0.5, -0.25])])),
      [0, -0.375],
    );
  });

  it('returns a single channel as it is', () => {
    const channel = Float32Array.from([0.1, 0.2]);
    assert.equal(downmixToMono([channel]), channel);
  });

  it('rejects no channels and channels of different lengths', () => {
    assert.throws(() => downmixToMono([]), RangeError);
    assert.throws(() => downmixToMono([new Float32Array(3), new Float32Array(2)]), RangeError);
  });
});

describe('loadAudio and loadMono16k', () => {
  let dir = '';
  const file = (name: string): string => path.join(dir, name);

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-load-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads WAV natively by its magic bytes, whatever the name, with no ffmpeg around', async () => {
    const samples = Float32Array.from([0.5, -0.25, 0, 1 / 32768]);
    await writeFile(file('recording.dat'), encodeWav(samples, 22050));
    const audio = await withPath('/nonexistent', () => loadAudio(file('recording.dat')));
    assert.equal(audio.sampleRate, 22050);
    assert.deepEqual(audio.channels, [samples]);
  });

  it('resamples a stereo 48 kHz file to 16 kHz mono (the average of the channels)', async () => {
    const n = 48000 * 2 + 7;
    const tone = (amplitude: number, rate: number, i: number): number =>
      amplitude * Math.sin((2 * Math.PI * 1000 * i) / rate);
    // Left 0.5, right 0.3 of the same tone: the mix is 0.4. Plus a 12 kHz tone only in the
    // left channel, which must not survive the trip to 16 kHz.
    const frames = Array.from({ length: n }, (_, i) => [
      Math.round(
        (tone(0.5, 48000, i) + 0.1 * Math.sin((2 * Math.PI * 12000 * i) / 48000)) * 2 ** 23,
      ),
      Math.round(tone(0.3, 48000, i) * 2 ** 23),
    ]);
    await writeFile(file('stereo48k.wav'), simpleWav(frames, 'int24', 48000));
    const result = await loadMono16k(file('stereo48k.wav'));
    assert.equal(TARGET_SAMPLE_RATE, 16000);
    assert.equal(result.sourceSampleRate, 48000);
    assert.equal(result.sourceChannels, 2);
    assert.equal(result.durationSec, n / 48000);
    assert.equal(result.samples.length, Math.ceil(n / 3));
    let worst = 0;
    for (let k = 400; k < result.samples.length - 400; k++) {
      worst = Math.max(worst, Math.abs(result.samples[k] - tone(0.4, 16000, k)));
    }
    assert.ok(worst < 1e-3, `max error ${worst}`);
  });

  it('passes 16 kHz mono through untouched', async () => {
    const samples = Float32Array.from(
      { length: 1600 },
      (_, i) => Math.round(Math.sin(i / 7) * 9000) / 32768,
    );
    await writeFile(file('mono16k.wav'), encodeWav(samples, 16000));
    const result = await loadMono16k(file('mono16k.wav'));
    assert.deepEqual(result.samples, samples);
    assert.deepEqual(
      [result.sourceSampleRate, result.sourceChannels, result.durationSec],
      [16000, 1, 0.1],
    );
  });

  it('turns file-system problems into InputFileErrors', async () => {
    await assertRejectsForFile(loadAudio(file('nope.wav')), file('nope.wav'), /^file not found$/);
    await mkdir(file('folder.wav'));
    await assertRejectsForFile(
      loadAudio(file('folder.wav')),
      file('folder.wav'),
      /^is a directory, not an audio file$/,
    );
    await writeFile(file('empty.wav'), new Uint8Array(0));
    await assertRejectsForFile(
      loadAudio(file('empty.wav')),
      file('empty.wav'),
      /^empty file \(0 bytes\)$/,
    );
    await writeFile(file('empty.mp3'), new Uint8Array(0));
    await assertRejectsForFile(
      loadAudio(file('empty.mp3')),
      file('empty.mp3'),
      /^empty file \(0 bytes\)$/,
    );
  });

  it("reports damaged WAVs with parseWav's reason", async () => {
    const wav = encodeWav(new Float32Array(1000), 16000);
    await writeFile(file('cut.wav'), wav.subarray(0, 500));
    await assertRejectsForFile(
      loadAudio(file('cut.wav')),
      file('cut.wav'),
      /^truncated: the data chunk declares 2000 bytes but only 456 are present/,
    );
  });

  it('says a text file named .wav is not a WAV file (without ffmpeg)', async () => {
    await writeFile(file('notes.wav'), 'hello world\n');
    await withPath('/nonexistent', () =>
      assertRejectsForFile(
        loadAudio(file('notes.wav')),
        file('notes.wav'),
        /^not a WAV file \(starts with "hello wo"\)$/,
      ),
    );
  });

  it('says what it needs for other formats without ffmpeg', async () => {
    await writeFile(file('song.mp3'), 'ID3\x04\x00\x00\x00\x00\x00\x00 not really');
    await withPath('/nonexistent', () =>
      assertRejectsForFile(
        loadAudio(file('song.mp3')),
        file('song.mp3'),
        /^ffmpeg is not installed; install it \(.*\) to read \.mp3 files$/,
      ),
    );
  });

  describe(
    'with ffmpeg',
    { skip: !hasFfmpeg && 'ffmpeg is not installed (/usr/bin/ffmpeg)' },
    () => {
      const ffmpeg = (...args: string[]): void => {
        execFileSync(FFMPEG, ['-v', 'error', '-y', ...args]);
      };
      const samples = Float32Array.from(
        { length: 8000 },
        (_, i) => (Math.round(Math.sin(i / 5) * 12000) | 0) / 32768,
      );

      before(async () => {
        await writeFile(file('source.wav'), encodeWav(samples, 8000));
      });

      it('decodes a FLAC named .wav through ffmpeg (by magic bytes, not name)', async () => {
        ffmpeg('-i', file('source.wav'), '-c:a', 'flac', '-f', 'flac', file('really-flac.wav'));
        const audio = await loadAudio(file('really-flac.wav'));
        assert.equal(audio.sampleRate, 8000);
        assert.deepEqual(audio.channels, [samples]);
      });

      it('hands WAV encodings it does not decode (ADPCM) to ffmpeg', async () => {
        ffmpeg('-i', file('source.wav'), '-c:a', 'adpcm_ms', file('adpcm.wav'));
        const audio = await loadAudio(file('adpcm.wav'));
        assert.equal(audio.sampleRate, 8000);
        assert.ok(Math.abs(audio.channels[0].length - samples.length) < 600);
        const r = correlation(audio.channels[0], samples, 4000);
        assert.ok(r > 0.999, `correlation ${r}`);
        await withPath('/nonexistent', () =>
          assertRejectsForFile(
            loadAudio(file('adpcm.wav')),
            file('adpcm.wav'),
            /^unsupported WAV encoding: Microsoft ADPCM \(format code 0x0002\); .*; install ffmpeg \(.*\) to read it$/,
          ),
        );
      });

      it("says a text file named .wav is not a WAV file, with ffmpeg's view too", async () => {
        await writeFile(file('notes2.wav'), 'hello world\n'.repeat(10));
        await assertRejectsForFile(
          loadAudio(file('notes2.wav')),
          file('notes2.wav'),
          /^not a WAV file \(starts with "hello wo"\), and ffmpeg could not decode it: .+$/,
        );
      });

      it('loads a 44.1 kHz MP3 as 16 kHz mono', async () => {
        const tone = Float32Array.from(
          { length: 44100 },
          (_, i) => 0.5 * Math.sin((2 * Math.PI * 500 * i) / 44100),
        );
        await writeFile(file('tone.wav'), encodeWav(tone, 44100, 'float32'));
        ffmpeg('-i', file('tone.wav'), '-c:a', 'libmp3lame', '-b:a', '128k', file('tone.mp3'));
        const result = await loadMono16k(file('tone.mp3'));
        assert.equal(result.sourceSampleRate, 44100);
        assert.equal(result.sourceChannels, 1);
        assert.ok(Math.abs(result.durationSec - 1) < 0.03, `duration ${result.durationSec}`);
        const ideal = Float32Array.from(
          { length: 16000 },
          (_, k) => 0.5 * Math.sin((2 * Math.PI * 500 * k) / 16000),
        );
        const r = correlation(result.samples, ideal, 15000);
        assert.ok(r > 0.9999, `correlation ${r}`);
      });
    },
  );
});
