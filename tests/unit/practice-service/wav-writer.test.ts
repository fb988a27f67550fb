// The session recording: written with placeholder sizes as audio arrives (readable as is
// after a crash, by this app and by ffmpeg), patched with the real sizes and fsynced at the end.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pcm16WavHeader, StreamingWavWriter } from '../../../electron/services/practice/wav-writer.ts';
import { decodeWithFfmpeg, isFfmpegAvailable } from '../../../training/audio/ffmpeg.ts';
import { encodeWav, parseWav } from '../../../training/audio/wav.ts';

function chunk(from: number, length: number): Int16Array {
  return Int16Array.from({ length }, (_, i) => ((from + i) * 37) % 65536 - 32768);
}

describe('StreamingWavWriter', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-wav-writer-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes a header equal to encodeWav’s once finished', async () => {
    const file = path.join(dir, 'finished.wav');
    const writer = await StreamingWavWriter.create(file, 16000);
    const parts = [chunk(0, 1600), chunk(1600, 1601), chunk(3201, 7)];
    for (const part of parts) writer.append(part);
    assert.equal(await writer.finish(), 3208);
    const all = Int16Array.from(parts.flatMap((p) => Array.from(p)));
    const expected = encodeWav(Float32Array.from(all, (v) => v / 32768), 16000);
    assert.deepEqual(new Uint8Array(await readFile(file)), expected);
  });

  it('leaves a readable file before it is finished (a crash mid-session)', async () => {
    const file = path.join(dir, 'crashed.wav');
    const writer = await StreamingWavWriter.create(file, 16000);
    writer.append(chunk(0, 4000));
    writer.append(chunk(4000, 4000));
    // Nothing waits on the writer here but the queued writes; give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bytes = new Uint8Array(await readFile(file));
    const view = new DataView(bytes.buffer);
    assert.equal(view.getUint32(4, true), 0xffffffff, 'RIFF size is the placeholder');
    assert.equal(view.getUint32(40, true), 0xffffffff, 'data size is the placeholder');
    assert.equal(bytes.length, 44 + 16000);
    const expected = Float32Array.from(chunk(0, 8000), (v) => v / 32768);
    assert.deepEqual(parseWav(bytes, file).channels[0], expected);
    if (isFfmpegAvailable()) {
      const decoded = await decodeWithFfmpeg(file);
      assert.equal(decoded.sampleRate, 16000);
      assert.deepEqual(decoded.channels[0], expected);
    } else console.log('# ffmpeg is not installed: the crash-left WAV was read by parseWav only');
    await writer.finish();
  });

  it('refuses to overwrite an existing recording', async () => {
    const file = path.join(dir, 'finished.wav');
    await assert.rejects(StreamingWavWriter.create(file, 16000), /EEXIST/);
  });

  it('has placeholder sizes only while unfinished', () => {
    const open = pcm16WavHeader(16000, null);
    const done = pcm16WavHeader(16000, 3200);
    assert.equal(open.readUInt32LE(40), 0xffffffff);
    assert.equal(done.readUInt32LE(40), 3200);
    assert.equal(done.readUInt32LE(4), 36 + 3200);
    assert.deepEqual(open.subarray(8, 40), done.subarray(8, 40));
  });
});
