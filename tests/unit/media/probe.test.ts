import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { probeAudio } from '../../../electron/services/media/probe.ts';
import { assertRejectsForFile } from '../../helpers/input-file-error.ts';
import { chunk, fmtBody, riff, sampleBytes, simpleWav } from '../audio/wav-bytes.ts';
import type { SampleEncoding } from '../audio/wav-bytes.ts';
import { FFMPEG, hasFfmpeg, tempDir, tone, writeMonoWav } from './fixtures.ts';

const run = promisify(execFile);

/** `n` stereo frames of distinct integer codes (or floats) for an encoding. */
function frames(n: number, encoding: SampleEncoding): number[][] {
  const full: Record<SampleEncoding, number> = {
    uint8: 100,
    int16: 20000,
    int24: 5_000_000,
    int32: 1_000_000_000,
    'int32-in-24': 5_000_000,
    float32: 0.5,
    float64: 0.5,
  };
  const offset = encoding === 'uint8' ? 128 : 0;
  return Array.from({ length: n }, (_, i) => {
    const v = Math.sin(i / 7) * full[encoding];
    const code = encoding.startsWith('float') ? v : Math.round(v);
    return [offset + code, offset - code];
  });
}

/** ffprobe's own reading of a file, to check ours against. */
async function ffprobe(
  file: string,
): Promise<{ codec: string; duration: number; rate: number; channels: number }> {
  const { stdout } = await run('/usr/bin/ffprobe', [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_streams',
    '-select_streams',
    'a:0',
    file,
  ]);
  const [stream] = JSON.parse(stdout).streams;
  return {
    codec: stream.codec_name,
    duration: Number(stream.duration),
    rate: Number(stream.sample_rate),
    channels: stream.channels,
  };
}

describe('probeAudio', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(() => cleanup());

  const encodings: [SampleEncoding, string][] = [
    ['uint8', 'pcm_u8'],
    ['int16', 'pcm_s16le'],
    ['int24', 'pcm_s24le'],
    ['int32', 'pcm_s32le'],
    ['float32', 'pcm_f32le'],
    ['float64', 'pcm_f64le'],
  ];
  for (const [encoding, codec] of encodings) {
    it(`reads a ${encoding} WAV header: duration from the data size, rate, channels, codec`, async () => {
      const n = 2205 + encodings.findIndex(([e]) => e === encoding);
      const file = path.join(dir, `${encoding}.wav`);
      await writeFile(file, simpleWav(frames(n, encoding), encoding, 22050));
      const info = await probeAudio(file);
      assert.deepEqual(info, { durationSec: n / 22050, sampleRate: 22050, channels: 2, codec });
      if (hasFfmpeg) {
        const reference = await ffprobe(file);
        assert.equal(info.codec, reference.codec);
        assert.equal(info.sampleRate, reference.rate);
        assert.equal(info.channels, reference.channels);
        assert.ok(Math.abs(info.durationSec - reference.duration) < 1e-5, `${reference.duration}`);
      }
    });
  }

  it('reads WAVE_FORMAT_EXTENSIBLE (24-bit audio in 4-byte containers, 3 channels)', async () => {
    const data = sampleBytes(
      Array.from({ length: 1000 }, (_, i) => [i, -i, 2 * i]),
      'int32-in-24',
    );
    const file = path.join(dir, 'extensible.wav');
    const fmt = fmtBody({
      code: 1,
      channels: 3,
      sampleRate: 48000,
      bitsPerSample: 32,
      extensible: { validBits: 24, channelMask: 7 },
    });
    await writeFile(file, riff([chunk('fmt ', fmt), chunk('data', data)]));
    assert.deepEqual(await probeAudio(file), {
      durationSec: 1000 / 48000,
      sampleRate: 48000,
      channels: 3,
      codec: 'pcm_s32le',
    });
  });

  it('reads RF64: the data size comes from the ds64 chunk', async () => {
    const data = sampleBytes(frames(3000, 'int16'), 'int16');
    const ds64 = new Uint8Array(28);
    new DataView(ds64.buffer).setBigUint64(8, BigInt(data.length), true);
    const file = path.join(dir, 'rf64.wav');
    const fmt = fmtBody({ code: 1, channels: 2, sampleRate: 16000, bitsPerSample: 16 });
    await writeFile(
      file,
      riff(
        [
          chunk('ds64', ds64),
          chunk('fmt ', fmt),
          chunk('data', data, { declaredSize: 0xffffffff }),
          // Trailing metadata after the data: only ds64 says where the samples end.
          chunk('LIST', new Uint8Array(100)),
        ],
        'RF64',
      ),
    );
    assert.equal((await probeAudio(file)).durationSec, 3000 / 16000);
  });

  it('skips odd-sized chunks with and without their pad byte, and float fact chunks', async () => {
    const fmt = fmtBody({
      code: 3,
      channels: 1,
      sampleRate: 8000,
      bitsPerSample: 32,
      cbSize: true,
    });
    const data = sampleBytes(
      Array.from({ length: 800 }, (_, i) => [Math.sin(i)]),
      'float32',
    );
    for (const pad of [true, false]) {
      const file = path.join(dir, `odd-${pad}.wav`);
      await writeFile(
        file,
        riff([
          chunk('bext', new Uint8Array(7), { pad }),
          chunk('fmt ', fmt),
          chunk('fact', new Uint8Array(4)),
          chunk('JUNK', new Uint8Array(3), { pad }),
          chunk('data', data),
        ]),
      );
      assert.deepEqual(await probeAudio(file), {
        durationSec: 0.1,
        sampleRate: 8000,
        channels: 1,
        codec: 'pcm_f32le',
      });
    }
  });

  it('reads µ-law and A-law WAV headers', async () => {
    for (const [code, codec] of [
      [7, 'pcm_mulaw'],
      [6, 'pcm_alaw'],
    ] as const) {
      const file = path.join(dir, `${codec}.wav`);
      const fmt = fmtBody({ code, channels: 1, sampleRate: 8000, bitsPerSample: 8, cbSize: true });
      await writeFile(
        file,
        riff([chunk('fmt ', fmt), chunk('data', new Uint8Array(4000).fill(0x55))]),
      );
      assert.deepEqual(await probeAudio(file), {
        durationSec: 0.5,
        sampleRate: 8000,
        channels: 1,
        codec,
      });
    }
  });

  it('treats a data size of 0 (a streaming writer) as "to the end of the file"', async () => {
    const file = path.join(dir, 'streamed.wav');
    const fmt = fmtBody({ code: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 });
    const data = sampleBytes(
      Array.from({ length: 1600 }, (_, i) => [i]),
      'int16',
    );
    await writeFile(file, riff([chunk('fmt ', fmt), chunk('data', data, { declaredSize: 0 })]));
    assert.equal((await probeAudio(file)).durationSec, 0.1);
  });

  it('reads only the header: a 3 GB (sparse) WAV is probed from a few kilobytes', async (t) => {
    const file = path.join(dir, 'huge.wav');
    const size = 3_000_000_044;
    const fmt = fmtBody({ code: 1, channels: 2, sampleRate: 48000, bitsPerSample: 16 });
    const header = riff([
      chunk('fmt ', fmt),
      chunk('data', new Uint8Array(0), { declaredSize: size - 44 }),
    ]);
    const handle = await open(file, 'w');
    await handle.write(header, 0, header.length, 0);
    await handle.truncate(size);
    // Count the bytes every FileHandle.read asks for (the prototype all handles share).
    const fileHandlePrototype: { read: (...args: never[]) => Promise<{ bytesRead: number }> } =
      Object.getPrototypeOf(handle);
    await handle.close();
    let bytesRead = 0;
    const original = fileHandlePrototype.read;
    t.mock.method(fileHandlePrototype, 'read', async function (this: unknown, ...args: never[]) {
      const result = await original.apply(this, args);
      bytesRead += result.bytesRead;
      return result;
    });
    const info = await probeAudio(file);
    assert.equal(info.durationSec, (size - 44) / 4 / 48000);
    assert.ok(bytesRead > 0 && bytesRead <= 64 * 1024, `probing read ${bytesRead} bytes`);
  });

  it('says what is wrong with files it cannot use', async () => {
    const missing = path.join(dir, 'missing.wav');
    await assertRejectsForFile(probeAudio(missing), missing, /^file not found$/);

    const folder = path.join(dir, 'folder.wav');
    await mkdir(folder);
    await assertRejectsForFile(probeAudio(folder), folder, /directory/);

    const empty = path.join(dir, 'empty.wav');
    await writeFile(empty, '');
    await assertRejectsForFile(probeAudio(empty), empty, /empty file/);

    const tiny = path.join(dir, 'tiny.wav');
    await writeFile(tiny, 'RIFF\x10\x00\x00');
    await assertRejectsForFile(probeAudio(tiny), tiny, /truncated WAV header/);

    const cut = path.join(dir, 'cut-fmt.wav');
    await writeFile(cut, simpleWav(frames(100, 'int16'), 'int16').subarray(0, 30));
    await assertRejectsForFile(
      probeAudio(cut),
      cut,
      /truncated: the "fmt " chunk at byte 12 declares 16 bytes/,
    );

    const shortData = path.join(dir, 'short-data.wav');
    await writeFile(shortData, simpleWav(frames(100, 'int16'), 'int16').subarray(0, 300));
    await assertRejectsForFile(
      probeAudio(shortData),
      shortData,
      /truncated: the data chunk declares 400 bytes but only 256/,
    );

    const noData = path.join(dir, 'no-data.wav');
    const fmt = fmtBody({ code: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 });
    await writeFile(noData, riff([chunk('fmt ', fmt)]));
    await assertRejectsForFile(probeAudio(noData), noData, /no "data" chunk/);
  });

  it('names a non-WAV file with a .wav name for what it is', async () => {
    const file = path.join(dir, 'text.wav');
    await writeFile(file, 'hello, this is text\n');
    await assertRejectsForFile(
      probeAudio(file),
      file,
      /^not a WAV file \(starts with "hello, t"\)/,
    );
  });

  describe(
    'other formats through ffprobe',
    { skip: hasFfmpeg ? false : 'ffmpeg/ffprobe not installed' },
    () => {
      let source: string;
      before(async () => {
        source = await writeMonoWav(dir, 'source.wav', tone(440, 1.5, 44100), 44100, 'pcm16');
      });

      for (const [extension, codec, tolerance] of [
        ['flac', 'flac', 1e-6],
        ['mp3', 'mp3', 0.08],
        ['ogg', 'vorbis', 0.01],
        ['webm', 'opus', 0.03],
      ] as const) {
        it(`probes ${extension} (${codec})`, async () => {
          const file = path.join(dir, `clip.${extension}`);
          await run(FFMPEG, ['-nostdin', '-v', 'error', '-y', '-i', source, '-ac', '2', file]);
          const info = await probeAudio(file);
          assert.equal(info.codec, codec);
          assert.equal(info.channels, 2);
          // Opus always decodes at 48 kHz; the others keep the source rate.
          assert.equal(info.sampleRate, codec === 'opus' ? 48000 : 44100);
          assert.ok(Math.abs(info.durationSec - 1.5) <= tolerance, `duration ${info.durationSec}`);
        });
      }

      it('probes a WAV in an encoding read by ffmpeg only (IMA ADPCM)', async () => {
        const file = path.join(dir, 'adpcm.wav');
        await run(FFMPEG, [
          '-nostdin',
          '-v',
          'error',
          '-y',
          '-i',
          source,
          '-c:a',
          'adpcm_ima_wav',
          file,
        ]);
        const info = await probeAudio(file);
        assert.equal(info.codec, 'adpcm_ima_wav');
        assert.equal(info.sampleRate, 44100);
        assert.ok(Math.abs(info.durationSec - 1.5) < 0.05, `duration ${info.durationSec}`);
      });

      it('rejects files that are not audio', async () => {
        const text = path.join(dir, 'notes.mp3');
        await writeFile(text, 'not audio at all, just some words\n'.repeat(20));
        await assertRejectsForFile(
          probeAudio(text),
          text,
          /not an audio file ffprobe can read|no audio stream/,
        );
      });

      it('says how to install ffmpeg when ffprobe is missing', async () => {
        const file = path.join(dir, 'clip.flac');
        const savedPath = process.env.PATH;
        process.env.PATH = path.join(dir, 'no-tools-here');
        try {
          await assertRejectsForFile(
            probeAudio(file),
            file,
            /^ffprobe is not installed; install ffmpeg \(e\.g\. \w+ install ffmpeg.*\) to read \.flac files$/,
          );
        } finally {
          process.env.PATH = savedPath;
        }
      });
    },
  );
});
