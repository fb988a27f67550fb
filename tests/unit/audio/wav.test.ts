import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputFileError } from '../../../training/errors.ts';
import {
  describeNonWav,
  encodeWav,
  isWavHeader,
  parseWav,
  UnsupportedWavEncodingError,
} from '../../../training/audio/wav.ts';
import { ascii, chunk, fmtBody, riff, sampleBytes, simpleWav } from './wav-bytes.ts';

const FILE = '/data/clips/test.wav';
const hasFfmpeg = existsSync('/usr/bin/ffmpeg');

/** Decoded channels as plain arrays, for deepEqual against expected values. */
function decode(bytes: Uint8Array): { sampleRate: number; channels: number[][] } {
  const audio = parseWav(bytes, FILE);
  return { sampleRate: audio.sampleRate, channels: audio.channels.map((c) => Array.from(c)) };
}

/** Expected channels from frames of raw values, each mapped through `scale`. */
function expected(frames: number[][], scale: (v: number) => number): number[][] {
  return frames[0].map((_, c) => frames.map((frame) => Math.fround(scale(frame[c]))));
}

/** Assert that parsing throws an InputFileError naming FILE whose reason contains `text`. */
function assertRejects(bytes: Uint8Array, text: string | RegExp, type = InputFileError): void {
  assert.throws(
    () => parseWav(bytes, FILE),
    (error: unknown) => {
      assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
      assert.ok(error instanceof InputFileError);
      assert.equal(error.path, FILE);
      assert.ok(error.message.startsWith(`${FILE}: `), error.message);
      if (typeof text === 'string') assert.ok(error.reason.includes(text), error.reason);
      else assert.match(error.reason, text);
      return true;
    },
  );
}

describe('parseWav: sample formats', () => {
  it('reads 8-bit unsigned PCM as (x - 128) / 128', () => {
    const frames = [[0], [128], [255], [64], [200]];
    const out = decode(simpleWav(frames, 'uint8', 8000));
    assert.equal(out.sampleRate, 8000);
    assert.deepEqual(out.channels, [[-1, 0, 127 / 128, -0.5, 72 / 128]]);
  });

  it('reads 16-bit PCM as x / 32768 and de-interleaves stereo', () => {
    const frames = [
      [-32768, 32767],
      [0, 1],
      [-1, 16384],
      [12345, -23456],
    ];
    const out = decode(simpleWav(frames, 'int16', 44100));
    assert.equal(out.sampleRate, 44100);
    assert.deepEqual(out.channels, [
      [-1, 0, -1 / 32768, 12345 / 32768],
      [32767 / 32768, 1 / 32768, 0.5, -23456 / 32768],
    ]);
  });

  it('reads 24-bit PCM as x / 2^23 with sign extension (3 channels)', () => {
    const frames = [
      [-8388608, 8388607, 0],
      [1, -1, 4194304],
      [-4194304, 123456, -7654321],
    ];
    const out = decode(simpleWav(frames, 'int24', 96000));
    assert.equal(out.sampleRate, 96000);
    assert.deepEqual(
      out.channels,
      expected(frames, (v) => v / 8388608),
    );
    assert.equal(out.channels[0][0], -1);
    assert.equal(out.channels[1][1], Math.fround(-1 / 8388608));
  });

  it('reads 32-bit PCM as x / 2^31', () => {
    const frames = [[-2147483648], [2147483647], [1 << 30], [-1], [0]];
    const out = decode(simpleWav(frames, 'int32'));
    assert.deepEqual(
      out.channels,
      expected(frames, (v) => v / 2147483648),
    );
    assert.equal(out.channels[0][0], -1);
    assert.equal(out.channels[0][2], 0.5);
  });

  it('reads 32-bit float unchanged, including values beyond ±1', () => {
    const frames = [
      [0.5, -0.25],
      [1.5, -1],
      [0.1, 1e-8],
    ];
    const out = decode(simpleWav(frames, 'float32', 22050));
    assert.equal(out.sampleRate, 22050);
    assert.deepEqual(
      out.channels,
      expected(frames, (v) => v),
    );
  });

  it('reads 64-bit float, rounded to float32', () => {
    const frames = [[0.1], [-0.3333333333333333], [0.75]];
    const out = decode(simpleWav(frames, 'float64'));
    assert.deepEqual(out.channels, [[Math.fround(0.1), Math.fround(-1 / 3), 0.75]]);
  });

  it('reads µ-law and A-law (G.711) to the 16-bit values scaled by 1/32768', () => {
    const codes = [[0x00], [0x80], [0xff], [0x7f], [0x70]];
    const mu = decode(simpleWav(codes, 'uint8', 8000, 7)).channels[0];
    // 0x00 and 0x80 are the extremes (∓32124); 0xFF and 0x7F both mean zero; 0x70 (after
    // inversion 0x8F: sign, segment 0, step 15) is -(15·8 + 132 - 132) = -120.
    assert.deepEqual(
      mu,
      [-32124, 32124, 0, 0, -120].map((v) => v / 32768),
    );
    const a = decode(simpleWav([[0x55], [0xd5], [0x2a], [0xaa]], 'uint8', 8000, 6)).channels[0];
    assert.deepEqual(
      a,
      [-8, 8, -32256, 32256].map((v) => v / 32768),
    );
  });

  it('treats WAVE_FORMAT_EXTENSIBLE as its sub-format (PCM 24-bit and float)', () => {
    const frames = [
      [100000, -100000],
      [-8388608, 8388607],
    ];
    const pcm = riff([
      chunk(
        'fmt ',
        fmtBody({
          code: 1,
          channels: 2,
          sampleRate: 48000,
          bitsPerSample: 24,
          extensible: { channelMask: 3 },
        }),
      ),
      chunk('data', sampleBytes(frames, 'int24')),
    ]);
    assert.deepEqual(
      decode(pcm).channels,
      expected(frames, (v) => v / 8388608),
    );

    const floats = [[0.25], [-0.5]];
    const float = riff([
      chunk(
        'fmt ',
        fmtBody({ code: 3, channels: 1, sampleRate: 48000, bitsPerSample: 32, extensible: {} }),
      ),
      chunk('data', sampleBytes(floats, 'float32')),
    ]);
    assert.deepEqual(decode(float).channels, [[0.25, -0.5]]);
  });

  it('reads 24 valid bits in 4-byte containers by the container size', () => {
    const codes = [[8388607], [-8388608], [1]];
    const bytes = riff([
      chunk(
        'fmt ',
        fmtBody({
          code: 1,
          channels: 1,
          sampleRate: 16000,
          bitsPerSample: 32,
          extensible: { validBits: 24 },
        }),
      ),
      chunk('data', sampleBytes(codes, 'int32-in-24')),
    ]);
    assert.deepEqual(
      decode(bytes).channels,
      expected(codes, (v) => v / 8388608),
    );
  });

  it('accepts an 18-byte fmt (cbSize = 0) as well as the bare 16-byte one', () => {
    const frames = [[1000], [-1000]];
    const bytes = riff([
      chunk(
        'fmt ',
        fmtBody({ code: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16, cbSize: true }),
      ),
      chunk('data', sampleBytes(frames, 'int16')),
    ]);
    assert.deepEqual(
      decode(bytes).channels,
      expected(frames, (v) => v / 32768),
    );
    assert.equal(fmtBody({ code: 1, channels: 1, sampleRate: 1, bitsPerSample: 16 }).length, 16);
  });

  it('de-interleaves any channel count', () => {
    const count = 7;
    const frames = Array.from({ length: 50 }, (_, i) =>
      Array.from({ length: count }, (_, c) => ((i * 31 + c * 1000) % 65536) - 32768),
    );
    const out = decode(simpleWav(frames, 'int16'));
    assert.equal(out.channels.length, count);
    assert.deepEqual(
      out.channels,
      expected(frames, (v) => v / 32768),
    );
  });

  it('keeps any sample rate', () => {
    for (const rate of [1, 7, 8000, 11025, 22050, 44100, 48000, 192000, 384000]) {
      assert.equal(decode(simpleWav([[1], [2]], 'int16', rate)).sampleRate, rate);
    }
  });

  it('decodes samples at any byte alignment of the input buffer', () => {
    const frames = [
      [0.5, -0.5],
      [0.25, 0.125],
    ];
    for (const encoding of ['int16', 'int32', 'float32', 'float64'] as const) {
      const raw = frames.map((frame) =>
        frame.map((v) =>
          encoding.startsWith('int') ? v * (encoding === 'int16' ? 32768 : 2147483648) : v,
        ),
      );
      const wav = simpleWav(raw, encoding);
      for (const shift of [1, 2, 3, 5]) {
        const backing = new Uint8Array(wav.length + shift);
        backing.set(wav, shift);
        assert.deepEqual(
          decode(backing.subarray(shift)).channels,
          [
            [0.5, 0.25],
            [-0.5, 0.125],
          ],
          `${encoding} at +${shift}`,
        );
        // A Node Buffer too, whose slice() is a view rather than a copy (ffmpeg output is one).
        const buffer = Buffer.from(backing).subarray(shift);
        assert.deepEqual(
          decode(buffer).channels,
          [
            [0.5, 0.25],
            [-0.5, 0.125],
          ],
          `${encoding} Buffer at +${shift}`,
        );
      }
    }
  });
});

describe('parseWav: chunk layout', () => {
  const frames = [
    [1000, -1000],
    [2000, -2000],
    [3000, -3000],
  ];
  const want = expected(frames, (v) => v / 32768);
  const fmt = chunk(
    'fmt ',
    fmtBody({ code: 1, channels: 2, sampleRate: 16000, bitsPerSample: 16 }),
  );
  const data = chunk('data', sampleBytes(frames, 'int16'));

  it('skips LIST, fact, bext and JUNK chunks before and after, with odd sizes padded', () => {
    const bytes = riff([
      chunk('JUNK', new Uint8Array(27)),
      chunk('bext', new Uint8Array(603).fill(0x41)),
      fmt,
      chunk('fact', new Uint8Array([3, 0, 0, 0])),
      chunk('LIST', ascii('INFOISFT\x05\x00\x00\x00test\x00')),
      data,
      chunk('LIST', ascii('INFOICMT\x03\x00\x00\x00hi\x00')),
      chunk('id3 ', new Uint8Array(11)),
    ]);
    assert.deepEqual(decode(bytes).channels, want);
  });

  it('finds fmt after data', () => {
    assert.deepEqual(decode(riff([chunk('JUNK', new Uint8Array(3)), data, fmt])).channels, want);
  });

  it('recovers when a writer omitted the pad byte after an odd chunk', () => {
    const bytes = riff([fmt, chunk('LIST', ascii('INFOabc'), { pad: false }), data]);
    assert.deepEqual(decode(bytes).channels, want);
  });

  it('reads a data size of 0xFFFFFFFF or 0 as "to the end of the file" (streamed writers)', () => {
    for (const declaredSize of [0xffffffff, 0]) {
      const bytes = riff([fmt, chunk('data', data.body, { declaredSize })]);
      assert.deepEqual(decode(bytes).channels, want, `declared ${declaredSize}`);
    }
  });

  it('ignores a trailing partial frame', () => {
    const body = new Uint8Array(data.body.length + 3);
    body.set(data.body);
    assert.deepEqual(decode(riff([fmt, chunk('data', body)])).channels, want);
  });

  it('reads RF64 with the data size in the ds64 chunk', () => {
    const ds64 = new Uint8Array(28);
    const view = new DataView(ds64.buffer);
    view.setBigUint64(8, BigInt(data.body.length), true);
    view.setBigUint64(16, 3n, true);
    const extra = new Uint8Array(data.body.length + 8); // more bytes than the ds64 size: ignored
    extra.set(data.body);
    const bytes = riff(
      [chunk('ds64', ds64), fmt, chunk('data', extra, { declaredSize: 0xffffffff })],
      'RF64',
    );
    assert.deepEqual(decode(bytes).channels, want);
  });
});

describe('parseWav: bad input', () => {
  it('rejects an empty file', () => {
    assertRejects(new Uint8Array(0), 'empty file (0 bytes)');
  });

  it('rejects a text file named .wav, quoting how it starts', () => {
    assertRejects(ascii('hello world, this is text\n'), 'not a WAV file (starts with "hello wo")');
  });

  it('says what a misnamed file looks like', () => {
    assertRejects(
      ascii('fLaC\x00\x00\x00"and more'),
      /^not a WAV file \(starts with "fLaC\\x00\\x00\\x00\\x22", which looks like FLAC\)$/,
    );
    assertRejects(ascii('ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00'), 'which looks like MP3');
    assertRejects(
      riff([chunk('avih', new Uint8Array(56))], 'RIFF', 'AVI '),
      'which looks like RIFF AVI, not WAVE',
    );
  });

  it('rejects a header cut short', () => {
    assertRejects(ascii('RIFF\x10\x00'), 'truncated WAV header (the file is only 6 bytes)');
  });

  it('rejects a missing fmt or data chunk', () => {
    const fmt = chunk(
      'fmt ',
      fmtBody({ code: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 }),
    );
    assertRejects(riff([chunk('data', new Uint8Array(8))]), 'no "fmt " chunk');
    assertRejects(riff([fmt, chunk('LIST', ascii('INFO'))]), 'no "data" chunk');
  });

  it('rejects a data chunk declaring more bytes than the file holds', () => {
    const fmt = chunk(
      'fmt ',
      fmtBody({ code: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 }),
    );
    assertRejects(
      riff([fmt, chunk('data', new Uint8Array(100), { declaredSize: 1000 })]),
      'truncated: the data chunk declares 1000 bytes but only 100 are present',
    );
  });

  it('rejects another chunk running past the end before the data', () => {
    const fmt = chunk(
      'fmt ',
      fmtBody({ code: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 }),
    );
    assertRejects(
      riff([fmt, chunk('LIST', new Uint8Array(10), { declaredSize: 5000 })]),
      'truncated: the "LIST" chunk at byte 36 declares 5000 bytes but only 10',
    );
  });

  it('names unsupported encodings, as UnsupportedWavEncodingError', () => {
    const wavWith = (code: number, bits: number, extensible = false): Uint8Array =>
      riff([
        chunk(
          'fmt ',
          fmtBody({
            code,
            channels: 1,
            sampleRate: 8000,
            bitsPerSample: bits,
            ...(extensible ? { extensible: {} } : {}),
          }),
        ),
        chunk('data', new Uint8Array(64)),
      ]);
    assertRejects(
      wavWith(0x0002, 4),
      'Microsoft ADPCM (format code 0x0002)',
      UnsupportedWavEncodingError,
    );
    assertRejects(wavWith(0x0055, 16), 'MP3 (format code 0x0055)', UnsupportedWavEncodingError);
    assertRejects(
      wavWith(0x0011, 4, true),
      'IMA ADPCM (format code 0x0011)',
      UnsupportedWavEncodingError,
    );
    assertRejects(
      wavWith(0x1234, 16),
      'unsupported WAV encoding: format code 0x1234',
      UnsupportedWavEncodingError,
    );
    assertRejects(wavWith(1, 64), '64-bit integer PCM', UnsupportedWavEncodingError);
    assertRejects(wavWith(3, 16), '16-bit float', UnsupportedWavEncodingError);
    assertRejects(wavWith(7, 16), '16-bit µ-law', UnsupportedWavEncodingError);
    const rifx = riff([chunk('fmt ', new Uint8Array(16))], 'RIFX');
    assertRejects(rifx, 'big-endian WAV (RIFX)', UnsupportedWavEncodingError);
  });

  it('rejects impossible fmt chunks', () => {
    const data = chunk('data', new Uint8Array(8));
    assertRejects(
      riff([chunk('fmt ', new Uint8Array(14)), data]),
      'the fmt chunk is too short (14 bytes',
    );
    const extensibleShort = fmtBody({
      code: 1,
      channels: 1,
      sampleRate: 8000,
      bitsPerSample: 16,
      extensible: {},
    }).subarray(0, 18);
    assertRejects(
      riff([chunk('fmt ', extensibleShort), data]),
      'WAVE_FORMAT_EXTENSIBLE fmt chunk is too short (18 bytes',
    );
    assertRejects(
      riff([
        chunk(
          'fmt ',
          fmtBody({ code: 1, channels: 0, sampleRate: 8000, bitsPerSample: 16, blockAlign: 2 }),
        ),
        data,
      ]),
      '0 channels',
    );
    assertRejects(
      riff([
        chunk('fmt ', fmtBody({ code: 1, channels: 1, sampleRate: 0, bitsPerSample: 16 })),
        data,
      ]),
      'sample rate is 0 Hz',
    );
  });

  it('rejects a file with no samples', () => {
    const fmt = chunk(
      'fmt ',
      fmtBody({ code: 1, channels: 2, sampleRate: 8000, bitsPerSample: 16 }),
    );
    assertRejects(riff([fmt, chunk('data', new Uint8Array(0))]), 'no audio samples');
    assertRejects(riff([fmt, chunk('data', new Uint8Array(3))]), 'no audio samples');
  });

  it('rejects NaN and infinite float samples, saying where the first one is', () => {
    const samples = new Float32Array(300);
    samples[123] = NaN;
    samples[200] = Infinity;
    const at100Hz = (s: Float32Array): Uint8Array => encodeWav(s, 100, 'float32');
    assertRejects(at100Hz(samples), 'contains NaN samples at 1.23 s');
    samples[50] = -Infinity;
    assertRejects(at100Hz(samples), 'contains infinite samples at 0.50 s');
    // The earliest across channels wins, and float64 beyond float32's range is infinite.
    const stereo = simpleWav(
      [
        [0, 0],
        [0, 1e300],
        [NaN, 0],
      ],
      'float64',
      10,
    );
    assertRejects(stereo, 'contains infinite samples at 0.10 s');
  });
});

describe('isWavHeader and describeNonWav', () => {
  it('recognise WAV by magic bytes only', () => {
    assert.equal(isWavHeader(simpleWav([[0]], 'int16')), true);
    assert.equal(isWavHeader(ascii('RIFF\x00\x00\x00\x00AVI ')), false);
    assert.equal(isWavHeader(ascii('RIFF\x00\x00')), false);
    assert.equal(
      describeNonWav(ascii('OggS\x00\x02')),
      'not a WAV file (starts with "OggS\\x00\\x02", which looks like Ogg)',
    );
  });
});

describe('encodeWav', () => {
  it('round-trips 16-bit PCM exactly for multiples of 1/32768, clipping beyond ±1', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 1 / 32768, -1, 1, 1.5, -2, 12345 / 32768]);
    const bytes = encodeWav(samples, 22050);
    assert.equal(bytes.length, 44 + samples.length * 2);
    const out = parseWav(bytes, FILE);
    assert.equal(out.sampleRate, 22050);
    assert.deepEqual(Array.from(out.channels[0]), [
      0,
      0.5,
      -0.5,
      1 / 32768,
      -1,
      32767 / 32768,
      32767 / 32768,
      -1,
      12345 / 32768,
    ]);
  });

  it('round-trips 32-bit float bit for bit', () => {
    const samples = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.37) * 1.2);
    const out = parseWav(encodeWav(samples, 48000, 'float32'), FILE);
    assert.deepEqual(out.channels[0], samples);
  });

  it(
    'writes files that ffmpeg reads as the same samples',
    { skip: !hasFfmpeg && 'ffmpeg is not installed' },
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-wav-'));
      try {
        const samples = Float32Array.from(
          { length: 4000 },
          (_, i) => Math.round(Math.sin(i * 0.05) * 20000) / 32768,
        );
        for (const format of ['pcm16', 'float32'] as const) {
          const file = path.join(dir, `${format}.wav`);
          await writeFile(file, encodeWav(samples, 8000, format));
          const raw = execFileSync('ffmpeg', [
            '-v',
            'error',
            '-i',
            file,
            '-f',
            'f32le',
            '-c:a',
            'pcm_f32le',
            '-',
          ]);
          const decoded = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
          assert.deepEqual(decoded, samples, format);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('G.711 tables against ffmpeg', { skip: !hasFfmpeg && 'ffmpeg is not installed' }, () => {
  it('decodes all 256 µ-law and A-law codes as ffmpeg does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-g711-'));
    try {
      const codes = Array.from({ length: 256 }, (_, i) => [i]);
      for (const [code, name] of [
        [6, 'alaw'],
        [7, 'mulaw'],
      ] as const) {
        const wav = simpleWav(codes, 'uint8', 8000, code);
        const file = path.join(dir, `${name}.wav`);
        await writeFile(file, wav);
        const raw = execFileSync('ffmpeg', [
          '-v',
          'error',
          '-i',
          file,
          '-f',
          's16le',
          '-c:a',
          'pcm_s16le',
          '-',
        ]);
        const reference = Array.from(
          new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2),
          (v) => v / 32768,
        );
        assert.deepEqual(decode(wav).channels[0], reference, name);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parseWav on long input', () => {
  // Speed is a benchmark concern (npm run bench); this checks one hour decodes correctly.
  it('decodes one hour of 16 kHz 16-bit mono', () => {
    const samples = 16000 * 3600;
    const body = new Uint8Array(samples * 2);
    const pcm = new Int16Array(body.buffer);
    for (let i = 0; i < samples; i += 97) pcm[i] = i & 0x7fff;
    const bytes = riff([
      chunk('fmt ', fmtBody({ code: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 })),
      chunk('data', body),
    ]);
    const audio = parseWav(bytes, FILE);
    assert.equal(audio.channels[0].length, samples);
    assert.equal(audio.channels[0][97 * 1000], ((97 * 1000) & 0x7fff) / 32768);
    assert.equal(audio.channels[0][samples - 1], 0);
  });
});
