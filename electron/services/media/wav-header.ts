/**
 * The layout of a WAV file read from its header chunks alone, through positioned reads on an
 * open file: a 1-hour (or multi-GB) recording must be probed in milliseconds, and its samples
 * are then streamed from `dataOffset` rather than loaded. The chunk walk and the fmt rules are
 * `parseWav`'s own (`walkWavHeader` in training/audio/wav.ts), so a file accepted there is
 * accepted here with the same numbers.
 */
import type { FileHandle } from 'node:fs/promises';
import { walkWavHeader } from '../../../training/audio/wav.ts';
import type { WavFormat, WavHeader } from '../../../training/audio/wav.ts';

export interface WavLayout extends WavHeader {
  /** ffprobe's name for the codec (pcm_s16le, pcm_f32le, pcm_mulaw, ...), so probes agree. */
  codec: string;
}

/**
 * Read the header of a file already known to start with a WAV magic (see `isWavHeader`).
 * `size` is the file's size; `path` only names the file in errors.
 */
export async function readWavLayout(
  handle: FileHandle,
  size: number,
  path: string,
): Promise<WavLayout> {
  const walk = walkWavHeader(size, path);
  let step = walk.next();
  while (!step.done) step = walk.next(await readAt(handle, step.value.offset, step.value.length));
  return { ...step.value, codec: ffprobeCodec(step.value) };
}

/** Read `length` bytes at `position` (fewer at the end of the file). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function ffprobeCodec({ encoding, bytesPerSample }: WavFormat): string {
  switch (encoding) {
    case 'pcm':
      return bytesPerSample === 1 ? 'pcm_u8' : `pcm_s${bytesPerSample * 8}le`;
    case 'float':
      return `pcm_f${bytesPerSample * 8}le`;
    case 'alaw':
      return 'pcm_alaw';
    case 'mulaw':
      return 'pcm_mulaw';
  }
}
