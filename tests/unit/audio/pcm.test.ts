import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S16leDecoder } from '../../../training/audio/pcm.ts';

const values = [0, 1, -1, 32767, -32768, 12345, -23456, 256, -256, 255, 1000];
const bytes = new Uint8Array(Int16Array.from(values).buffer);
const expected = values.map((v) => v / 32768);

function concat(parts: Float32Array[]): number[] {
  return parts.flatMap((part) => Array.from(part));
}

describe('S16leDecoder', () => {
  it('decodes s16le as x / 32768', () => {
    assert.deepEqual(Array.from(new S16leDecoder().push(bytes)), expected);
  });

  it('gives the same samples however the bytes are split, carrying an odd byte over', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = new S16leDecoder();
      const first = decoder.push(bytes.subarray(0, cut));
      assert.equal(first.length, cut >> 1);
      assert.deepEqual(
        concat([first, decoder.push(bytes.subarray(cut))]),
        expected,
        `cut at ${cut}`,
      );
    }
  });

  it('handles one byte at a time and empty chunks in between', () => {
    const decoder = new S16leDecoder();
    const parts: Float32Array[] = [];
    for (const byte of bytes) {
      parts.push(decoder.push(Uint8Array.of(byte)));
      parts.push(decoder.push(new Uint8Array(0)));
    }
    assert.deepEqual(concat(parts), expected);
  });

  it('accepts Node Buffers at odd offsets (how recorder chunks arrive)', () => {
    const backing = Buffer.alloc(bytes.length + 1);
    backing.set(bytes, 1);
    const decoder = new S16leDecoder();
    assert.deepEqual(
      concat([decoder.push(backing.subarray(1, 6)), decoder.push(backing.subarray(6))]),
      expected,
    );
  });
});
