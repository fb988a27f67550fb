import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeWithFfmpeg, isFfmpegAvailable } from '../../../training/audio/ffmpeg.ts';
import { simpleWav } from './wav-bytes.ts';
import { assertRejectsForFile } from '../../helpers/input-file-error.ts';

const FFMPEG = '/usr/bin/ffmpeg';
const SOX = '/usr/bin/sox';
const hasFfmpeg = existsSync(FFMPEG);
const hasSox = existsSync(SOX);
const RATE = 44100;
const SECONDS = 1.5;

/** The source: stereo, different content per channel, as int16 codes (`| 0` turns -0 into 0). */
const source = (() => {
  const n = RATE * SECONDS;
  const left = Array.from(
    { length: n },
    (_, i) =>
      Math.round(
        8000 * Math.sin((2 * Math.PI * 440 * i) / RATE) +
          4000 * Math.sin((2 * Math.PI * 1234 * i) / RATE),
      ) | 0,
  );
  const right = Array.from({ length: n }, (_, i) => {
    const t = i / RATE;
    return Math.round(10000 * Math.sin(2 * Math.PI * (300 * t + 400 * t * t))) | 0;
  });
  return { left, right, frames: left.map((l, i) => [l, right[i]]) };
})();

/** Best normalised correlation of `actual` against `reference` (both int16-scaled) over small lags. */
function bestCorrelation(
  actual: Float32Array,
  reference: number[],
  maxLag: number,
): { r: number; lag: number } {
  const start = 4000;
  const length = 22050;
  let best = { r: -Infinity, lag: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let i = start; i < start + length; i++) {
      const x = actual[i + lag];
      const y = reference[i] / 32768;
      xy += x * y;
      xx += x * x;
      yy += y * y;
    }
    const r = xy / Math.sqrt(xx * yy);
    if (r > best.r) best = { r, lag };
  }
  return best;
}

async function withPath<T>(searchPath: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = searchPath;
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
  }
}


describe(
  'decodeWithFfmpeg',
  { skip: !hasFfmpeg && 'ffmpeg is not installed (/usr/bin/ffmpeg)' },
  () => {
    let dir = '';
    const file = (name: string): string => path.join(dir, name);
    const ffmpeg = (...args: string[]): void => {
      execFileSync(FFMPEG, ['-v', 'error', '-y', ...args]);
    };

    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ser-ffmpeg-'));
      await writeFile(file('source.wav'), simpleWav(source.frames, 'int16', RATE));
      ffmpeg('-i', file('source.wav'), '-c:a', 'flac', file('clip.flac'));
      ffmpeg('-i', file('source.wav'), '-c:a', 'libmp3lame', '-b:a', '192k', file('clip.mp3'));
      ffmpeg('-i', file('source.wav'), '-c:a', 'libvorbis', '-q:a', '6', file('clip.ogg'));
      ffmpeg('-i', file('source.wav'), '-c:a', 'aac', '-b:a', '192k', file('clip.m4a'));
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('is found on PATH', () => {
      assert.equal(isFfmpegAvailable(), true);
    });

    it('decodes FLAC losslessly', async () => {
      const audio = await decodeWithFfmpeg(file('clip.flac'));
      assert.equal(audio.sampleRate, RATE);
      assert.equal(audio.channels.length, 2);
      assert.deepEqual(
        Array.from(audio.channels[0]),
        source.left.map((v) => v / 32768),
      );
      assert.deepEqual(
        Array.from(audio.channels[1]),
        source.right.map((v) => v / 32768),
      );
    });

    for (const name of ['clip.mp3', 'clip.ogg', 'clip.m4a']) {
      it(`decodes ${name.slice(5).toUpperCase()} close to the source (rate, channels, duration, correlation)`, async () => {
        const audio = await decodeWithFfmpeg(file(name));
        assert.equal(audio.sampleRate, RATE);
        assert.equal(audio.channels.length, 2);
        const duration = audio.channels[0].length / audio.sampleRate;
        assert.ok(Math.abs(duration - SECONDS) < 0.03, `duration ${duration} s`);
        for (const [channel, reference] of [
          [0, source.left],
          [1, source.right],
        ] as const) {
          const { r, lag } = bestCorrelation(audio.channels[channel], reference, 64);
          assert.ok(r > 0.999, `channel ${channel}: correlation ${r}`);
          assert.ok(Math.abs(lag) <= 2, `channel ${channel}: offset by ${lag} samples`);
        }
      });
    }

    it(
      'decodes a FLAC made by sox at its own rate',
      { skip: !hasSox && 'sox is not installed (/usr/bin/sox)' },
      async () => {
        const tone = file('sox tone.flac');
        execFileSync(SOX, [
          '-n',
          '-r',
          '22050',
          '-c',
          '1',
          '-b',
          '16',
          tone,
          'synth',
          '0.5',
          'sine',
          '1000',
          'vol',
          '0.5',
        ]);
        const audio = await decodeWithFfmpeg(tone);
        assert.equal(audio.sampleRate, 22050);
        assert.equal(audio.channels.length, 1);
        assert.equal(audio.channels[0].length, 11025);
        const peak = audio.channels[0].reduce((max, v) => Math.max(max, Math.abs(v)), 0);
        assert.ok(Math.abs(peak - 0.5) < 0.01, `peak ${peak}`);
      },
    );

    it('keeps more than two channels (6-channel FLAC arrives as WAVE_FORMAT_EXTENSIBLE)', async () => {
      const frames = Array.from({ length: 1000 }, (_, i) =>
        Array.from({ length: 6 }, (_, c) => (c + 1) * 1000 * Math.sign(Math.sin(i / 10 + c))),
      );
      await writeFile(file('six.wav'), simpleWav(frames, 'int16', 48000));
      ffmpeg('-i', file('six.wav'), '-c:a', 'flac', file('six.flac'));
      const audio = await decodeWithFfmpeg(file('six.flac'));
      assert.equal(audio.channels.length, 6);
      audio.channels.forEach((channel, c) =>
        assert.deepEqual(
          Array.from(channel),
          frames.map((frame) => frame[c] / 32768),
        ),
      );
    });

    it('reads paths that ffmpeg would otherwise take for options or protocols', async () => {
      const odd = file('-odd name: ü.flac');
      ffmpeg('-i', file('clip.flac'), '-c:a', 'copy', odd);
      const audio = await decodeWithFfmpeg(odd);
      assert.equal(audio.channels[0].length, RATE * SECONDS);
    });

    it("passes on ffmpeg's reason when it cannot decode", async () => {
      const text = file('notes.m4a');
      await writeFile(text, 'this is not audio at all\n'.repeat(20));
      await assertRejectsForFile(
        decodeWithFfmpeg(text),
        text,
        /^ffmpeg could not decode it: Invalid data found when processing input( \(moov atom not found\))?$/,
      );
      // Where ffmpeg's last line is vague, the line before it says more; no "file:" or "[mp3 @ 0x…]" noise.
      const mp3 = file('notes.mp3');
      await writeFile(mp3, 'this is not audio at all\n'.repeat(20));
      await assertRejectsForFile(
        decodeWithFfmpeg(mp3),
        mp3,
        /^ffmpeg could not decode it: Invalid argument \(Failed to read frame size: [^@]*\)$/,
      );
      const missing = file('missing.ogg');
      await assertRejectsForFile(
        decodeWithFfmpeg(missing),
        missing,
        /^ffmpeg could not decode it: No such file or directory$/,
      );
    });

    it('says when a file has no audio stream', async () => {
      const video = file('silent-film.mp4');
      ffmpeg('-f', 'lavfi', '-i', 'testsrc=duration=0.2:size=64x48', '-c:v', 'mpeg4', video);
      await assertRejectsForFile(
        decodeWithFfmpeg(video),
        video,
        /^ffmpeg could not decode it: it has no audio stream$/,
      );
    });
  },
);

describe('without a working ffmpeg', () => {
  it('says how to install ffmpeg when it is not on PATH', async () => {
    await withPath('/nonexistent', async () => {
      assert.equal(isFfmpegAvailable(), false);
      const expected =
        process.platform === 'linux'
          ? /^ffmpeg is not installed; install it \(e\.g\. apt install ffmpeg\) to read \.mp3 files$/
          : /^ffmpeg is not installed/;
      await assertRejectsForFile(decodeWithFfmpeg('/music/song.MP3'), '/music/song.MP3', expected);
      await assertRejectsForFile(
        decodeWithFfmpeg('/music/track'),
        '/music/track',
        /to read audio files other than WAV$/,
      );
    });
  });

  it("ignores a non-executable file named ffmpeg, and reports a failing ffmpeg's last line", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-fake-ffmpeg-'));
    try {
      const notExecutable = path.join(dir, 'plain');
      await mkdir(notExecutable);
      await writeFile(path.join(notExecutable, 'ffmpeg'), '#!/bin/sh\nexit 0\n');
      await withPath(notExecutable, async () => assert.equal(isFfmpegAvailable(), false));

      const failing = path.join(dir, 'failing');
      await mkdir(failing);
      await writeFile(
        path.join(failing, 'ffmpeg'),
        '#!/bin/sh\necho "[mp3 @ 0x55aa] first complaint" >&2\necho "[mp3 @ 0x55ab] the real reason" >&2\nexit 1\n',
      );
      await chmod(path.join(failing, 'ffmpeg'), 0o755);
      await withPath(failing, async () => {
        assert.equal(isFfmpegAvailable(), true);
        await assertRejectsForFile(
          decodeWithFfmpeg('/x/a.ogg'),
          '/x/a.ogg',
          /^ffmpeg could not decode it: the real reason \(first complaint\)$/,
        );
      });

      const silent = path.join(dir, 'silent');
      await mkdir(silent);
      await writeFile(path.join(silent, 'ffmpeg'), '#!/bin/sh\nexit 0\n');
      await chmod(path.join(silent, 'ffmpeg'), 0o755);
      await withPath(silent, () =>
        assertRejectsForFile(
          decodeWithFfmpeg('/x/b.ogg'),
          '/x/b.ogg',
          /^ffmpeg decoded no audio from it$/,
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
