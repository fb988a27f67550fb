/**
 * The layout of a WAV file read from its header chunks alone, through positioned reads on an
 * open file: a 1-hour (or multi-GB) recording must be probed in milliseconds, and its samples
 * are then streamed from `dataOffset` rather than loaded.
 *
 * The chunk walk and the fmt rules mirror `parseWav` in training/audio/wav.ts (RF64/BW64 with
 * ds64, WAVE_FORMAT_EXTENSIBLE, missing pad bytes after odd chunks, "to the end" data sizes
 * from streaming writers), so a file accepted there is accepted here with the same numbers.
 * wav.ts only exposes a whole-buffer parser, hence this header-only reader; exporting its
 * `findChunks`/`parseFmt` over a byte-source would let the two share one implementation.
 */
import type { FileHandle } from 'node:fs/promises';
import { InputFileError } from '../../../training/errors.ts';
import { UnsupportedWavEncodingError } from '../../../training/audio/wav.ts';

/** How the samples are stored; anything else is an UnsupportedWavEncodingError. */
export type WavEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

export interface WavLayout {
  encoding: WavEncoding;
  /** ffprobe's name for the codec (pcm_s16le, pcm_f32le, pcm_mulaw, ...), so probes agree. */
  codec: string;
  channels: number;
  sampleRate: number;
  /** Bytes each sample occupies (the container: 24-bit audio may sit in 4 bytes). */
  bytesPerSample: number;
  /** File offset of the first sample. */
  dataOffset: number;
  /** Bytes of whole frames in the data chunk (a trailing partial frame is left out). */
  dataLength: number;
  frames: number;
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;

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

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** A chunk id for messages: printable ASCII as is, other bytes as \xNN. */
function printableId(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) =>
    byte >= 0x20 && byte < 0x7f
      ? String.fromCharCode(byte)
      : `\\x${byte.toString(16).padStart(2, '0')}`,
  ).join('');
}

function isChunkId(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 4).every((byte) => byte >= 0x20 && byte <= 0x7e);
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
  const fail = (reason: string): InputFileError => new InputFileError(path, reason);
  const head = await readAt(handle, 0, 12);
  const magic = ascii(head, 0, 4);
  if (head.length < 12) throw fail(`truncated WAV header (the file is only ${size} bytes)`);
  if (magic === 'RIFX') {
    throw new UnsupportedWavEncodingError(path, 'big-endian WAV (RIFX) is not read directly');
  }
  const rf64 = magic !== 'RIFF';
  let rf64DataSize: number | undefined;
  let fmt: Uint8Array | undefined;
  let data: { offset: number; length: number } | undefined;
  let pos = 12;
  while (pos + 8 <= size && !(fmt && data)) {
    const header = await readAt(handle, pos, 8);
    if (header.length < 8) break;
    const id = ascii(header, 0, 4);
    const chunkSize = new DataView(header.buffer).getUint32(4, true);
    const body = pos + 8;
    const remaining = size - body;
    if (id === 'data') {
      let length = chunkSize;
      if (chunkSize === 0xffffffff && rf64DataSize !== undefined) length = rf64DataSize;
      // Streaming writers (ffmpeg to a pipe) cannot seek back, so they leave "to the end".
      else if (chunkSize === 0xffffffff || chunkSize === 0) length = remaining;
      if (length > remaining) {
        throw fail(
          `truncated: the data chunk declares ${length} bytes but only ${remaining} are present ` +
            '(the file is damaged or was not completely written)',
        );
      }
      data = { offset: body, length };
      pos = body + length + (length & 1);
      continue;
    }
    if (chunkSize > remaining) {
      throw fail(
        `truncated: the "${printableId(header.subarray(0, 4))}" chunk at byte ${pos} declares ` +
          `${chunkSize} bytes but only ${remaining} are present (the file is damaged or was not ` +
          'completely written)',
      );
    }
    // 40 bytes hold everything read from fmt, extensible included; the rest is cbSize extras.
    if (id === 'fmt ') fmt = await readAt(handle, body, Math.min(chunkSize, 40));
    if (id === 'ds64' && rf64 && chunkSize >= 16) {
      const ds64 = await readAt(handle, body, 16);
      rf64DataSize = Number(new DataView(ds64.buffer).getBigUint64(8, true));
    }
    pos = await nextChunkOffset(handle, body, chunkSize);
  }
  if (!fmt) throw fail('no "fmt " chunk, so the sample format is unknown (the file is damaged)');
  if (!data) throw fail('no "data" chunk: the file holds no audio (it may be truncated)');
  const format = parseFmt(fmt, path);
  const blockAlign = format.bytesPerSample * format.channels;
  const frames = Math.floor(data.length / blockAlign);
  if (frames === 0) throw fail('no audio samples (the data chunk is empty)');
  return { ...format, dataOffset: data.offset, dataLength: frames * blockAlign, frames };
}

/**
 * Chunks are word-aligned: an odd-sized chunk is followed by a pad byte. Some writers omit it;
 * when the padded offset does not start a chunk id but the unpadded one does, trust the latter.
 */
async function nextChunkOffset(handle: FileHandle, body: number, size: number): Promise<number> {
  const padded = body + size + (size & 1);
  if ((size & 1) === 0) return padded;
  const unpadded = body + size;
  const candidates = await readAt(handle, unpadded, 9);
  return !isChunkId(candidates.subarray(1)) && isChunkId(candidates) ? unpadded : padded;
}

/** The fmt chunk's sample format; `fmt` holds its first (up to) 40 bytes. */
function parseFmt(
  fmt: Uint8Array,
  path: string,
): Pick<WavLayout, 'encoding' | 'codec' | 'channels' | 'sampleRate' | 'bytesPerSample'> {
  const fail = (reason: string): InputFileError => new InputFileError(path, reason);
  if (fmt.length < 16)
    throw fail(`the fmt chunk is too short (${fmt.length} bytes, at least 16 needed)`);
  const view = new DataView(fmt.buffer, fmt.byteOffset, fmt.byteLength);
  let code = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const blockAlign = view.getUint16(12, true);
  const bits = view.getUint16(14, true);
  if (code === FORMAT_EXTENSIBLE) {
    if (fmt.length < 40) {
      throw fail(
        `the WAVE_FORMAT_EXTENSIBLE fmt chunk is too short (${fmt.length} bytes, 40 needed)`,
      );
    }
    // The sub-format GUID's first two bytes are the classic format code.
    code = view.getUint16(24, true);
  }
  if (channels === 0) throw fail('the fmt chunk says the file has 0 channels');
  if (sampleRate === 0) throw fail('the fmt chunk says the sample rate is 0 Hz');
  // The container size comes from blockAlign; when it is missing or contradicts
  // bitsPerSample, bitsPerSample wins (as in wav.ts).
  const minimumBytes = Math.ceil(bits / 8);
  const bytesPerSample =
    blockAlign > 0 && blockAlign % channels === 0 && blockAlign / channels >= minimumBytes
      ? blockAlign / channels
      : minimumBytes;
  const unsupported = (what: string): UnsupportedWavEncodingError =>
    new UnsupportedWavEncodingError(path, `unsupported WAV encoding: ${what}`);
  const base = { channels, sampleRate, bytesPerSample };
  switch (code) {
    case FORMAT_PCM:
      if (bytesPerSample < 1 || bytesPerSample > 4) {
        throw unsupported(`${bits}-bit integer PCM (8, 16, 24 and 32 bits are read directly)`);
      }
      return {
        ...base,
        encoding: 'pcm',
        codec: bytesPerSample === 1 ? 'pcm_u8' : `pcm_s${bytesPerSample * 8}le`,
      };
    case FORMAT_FLOAT:
      if (bytesPerSample !== 4 && bytesPerSample !== 8) {
        throw unsupported(`${bits}-bit float (32 and 64 bits are read directly)`);
      }
      return { ...base, encoding: 'float', codec: `pcm_f${bytesPerSample * 8}le` };
    case FORMAT_ALAW:
    case FORMAT_MULAW:
      if (bytesPerSample !== 1) {
        throw unsupported(
          `${bits}-bit ${code === FORMAT_ALAW ? 'A-law' : 'µ-law'} (8 bits expected)`,
        );
      }
      return code === FORMAT_ALAW
        ? { ...base, encoding: 'alaw', codec: 'pcm_alaw' }
        : { ...base, encoding: 'mulaw', codec: 'pcm_mulaw' };
    default:
      throw unsupported(
        `format code 0x${code.toString(16).padStart(4, '0')}; only PCM, IEEE float, A-law and ` +
          'µ-law WAV files are read directly',
      );
  }
}
