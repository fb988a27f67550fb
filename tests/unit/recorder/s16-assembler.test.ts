import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { floatToS16, S16Assembler } from '../../../electron/services/recorder/s16-assembler.ts';

function s16leBytes(values: readonly number[]): Uint8Array {
  const bytes = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => bytes.writeInt16LE(v, i * 2));
  return bytes;
}

describe('S16Assembler', () => {
  it('reassembles samples split across chunks at any byte', () => {
    const values = [0, 1, -1, 32767, -32768, 12345, -23456, 256, -256];
    const bytes = s16leBytes(values);
    for (const cuts of [[1], [3, 4], [1, 2, 3, 5, 7, 11], [17]]) {
      const assembler = new S16Assembler();
      const out: number[] = [];
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        out.push(...assembler.push(bytes.subarray(from, cut)));
        from = cut;
      }
      assert.deepEqual(out, values, `cuts at ${cuts.join(',')}`);
    }
  });

  it('holds an odd last byte until the next chunk', () => {
    const assembler = new S16Assembler();
    assert.equal(assembler.push(new Uint8Array([0x34])).length, 0);
    assert.deepEqual(Array.from(assembler.push(new Uint8Array([0x12]))), [0x1234]);
  });
});

describe('floatToS16', () => {
  it('rounds x·32768 and clips, so k/32768 survives a round trip', () => {
    const values = [0, 1 / 32768, -1 / 32768, 0.5, -1, 1, 2, -2, 12345.4 / 32768, 12345.6 / 32768];
    assert.deepEqual(Array.from(floatToS16(Float32Array.from(values))), [0, 1, -1, 16384, -32768, 32767, 32767, -32768, 12345, 12346]);
  });
});
