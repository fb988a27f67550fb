import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downmixToMono } from '../../../training/audio/load.ts';
import { parseWav } from '../../../training/audio/wav.ts';
import { MonoDecoder } from '../../../electron/services/media/mono-decoder.ts';
import { BYTES_PER_SAMPLE, sampleBytes, simpleWav } from '../audio/wav-bytes.ts';
import type { SampleEncoding } from '../audio/wav-bytes.ts';
import { assertClose } from './fixtures.ts';

/** Frames with full-range, sign-varied codes per channel for an encoding. */
function testFrames(encoding: SampleEncoding, channels: number, n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: channels }, (_, c) => {
      const v = Math.sin(i * (0.37 + c) + c);
      switch (encoding) {
        case 'uint8':
          return Math.min(255, Math.round(128 + 127.9 * v));
        case 'int16':
          return Math.round(32767 * v);
        case 'int24':
          return Math.round(8388607 * v);
        case 'int32':
          return Math.round(2147483647 * v);
        default:
          return v;
      }
    }),
  );
}

/** Feed `bytes` in pieces of the given sizes (cycled) and join the output. */
function decodeInPieces(decoder: MonoDecoder, bytes: Uint8Array, sizes: number[]): number[] {
  const out: number[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length];
    // A fresh copy at an odd offset, as pipe chunks come: alignment must not matter.
    const piece = new Uint8Array(size + 1).subarray(1);
    piece.set(bytes.subarray(at, at + size));
    out.push(...decoder.push(piece.subarray(0, Math.min(size, bytes.length - at))));
    at += size;
  }
  return out;
}

describe('MonoDecoder', () => {
  for (const encoding of ['uint8', 'int16', 'int24', 'int32', 'float32', 'float64'] as const) {
    for (const channels of [1, 2, 3]) {
      it(`decodes ${channels}-channel ${encoding} like parseWav + downmixToMono, in any chunking`, () => {
        const frames = testFrames(encoding, channels, 257);
        const expected = Array.from(
          downmixToMono(parseWav(simpleWav(frames, encoding), 'x.wav').channels),
        );
        const bytes = sampleBytes(frames, encoding);
        const format = {
          encoding: encoding.startsWith('float') ? ('float' as const) : ('pcm' as const),
          bytesPerSample: BYTES_PER_SAMPLE[encoding],
          channels,
        };
        for (const sizes of [[bytes.length], [1], [7, 5, 3], [1000, 1]]) {
          const decoder = new MonoDecoder(format);
          const actual = decodeInPieces(decoder, bytes, sizes);
          // The mix sums integer codes before scaling, so it may differ from averaging
          // float32 channel values in the last bit.
          assertClose(actual, expected, channels === 1 ? 0 : 1e-7, `${encoding} ${sizes}`);
        }
      });
    }
  }

  it('keeps an unfinished frame for the next chunk', () => {
    const decoder = new MonoDecoder({ encoding: 'pcm', bytesPerSample: 3, channels: 2 });
    assert.equal(decoder.push(new Uint8Array(10)).length, 1);
    assert.equal(decoder.push(new Uint8Array(1)).length, 0);
    assert.equal(decoder.push(new Uint8Array(1)).length, 1);
    assert.equal(decoder.push(new Uint8Array(6)).length, 1);
  });

  it('refuses formats it cannot decode', () => {
    assert.throws(
      () => new MonoDecoder({ encoding: 'float', bytesPerSample: 2, channels: 1 }),
      RangeError,
    );
    assert.throws(
      () => new MonoDecoder({ encoding: 'pcm', bytesPerSample: 5, channels: 1 }),
      RangeError,
    );
    assert.throws(
      () => new MonoDecoder({ encoding: 'pcm', bytesPerSample: 2, channels: 0 }),
      RangeError,
    );
  });
});
