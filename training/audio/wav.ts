/**
 * WAV reading and writing, done natively: WAV is what corpora, recorders and sessions mostly
 * hold, so it must decode fast (a 1-hour file in well under a second: typed-array views, no
 * per-sample objects) and without ffmpeg. Integer scaling follows librosa/soundfile
 * (int16 → x/32768), so features computed here match the Python reference.
 */
import { endianness } from 'node:os';
import { InputFileError } from '../errors.ts';
import type { DecodedAudio } from './decoded-audio.ts';

// Typed-array views read in the host's byte order and WAV is little-endian. Every platform
// Node and Electron ship for is little-endian; fail loudly anywhere else rather than decode noise.
if (endianness() !== 'LE') throw new Error('training/audio/wav.ts needs a little-endian host');

/**
 * A well-formed WAV whose encoding (ADPCM, MP3-in-WAV, RIFX, 64-bit int, ...) is not decoded
 * here. Distinct from damage so that `loadAudio` can hand the file to ffmpeg instead.
 */
export class UnsupportedWavEncodingError extends InputFileError {}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Names for the format codes people actually meet, so an error says "MP3", not "0x0055". */
const ENCODING_NAMES: Record<number, string> = {
  0x0000: 'unknown',
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG audio',
  0x0055: 'MP3',
  0x0064: 'G.726 ADPCM',
  0x0092: 'Dolby AC-3',
  0x00ff: 'AAC',
  0x0161: 'WMA',
  0x1610: 'AAC',
  0x2000: 'Dolby AC-3',
  0x2001: 'DTS',
};

/** What a file misnamed `.wav` really is, from its leading bytes, for the error message. */
function guessFormat(b: Uint8Array): string | undefined {
  if (ascii(b, 0, 4) === 'fLaC') return 'FLAC';
  if (ascii(b, 0, 4) === 'OggS') return 'Ogg';
  if (ascii(b, 0, 3) === 'ID3') return 'MP3';
  if (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) return 'MPEG audio (MP3 or AAC)';
  if (ascii(b, 4, 4) === 'ftyp') return 'MP4/M4A';
  if (ascii(b, 0, 4) === 'FORM' && ascii(b, 8, 3) === 'AIF') return 'AIFF';
  if (ascii(b, 0, 4) === 'RIFF' && b.length >= 12) return `RIFF ${ascii(b, 8, 4).trim()}, not WAVE`;
  return undefined;
}

const WAV_MAGICS = new Set(['RIFF', 'RF64', 'BW64', 'RIFX']);

/** Whether these leading bytes (12 suffice) are a WAV header, so the file is parsed here. */
export function isWavHeader(head: Uint8Array): boolean {
  return head.length >= 12 && WAV_MAGICS.has(ascii(head, 0, 4)) && ascii(head, 8, 4) === 'WAVE';
}

/** The reason given for a file that does not start like a WAV: `not a WAV file (starts with "...")`. */
export function describeNonWav(head: Uint8Array): string {
  const kind = guessFormat(head);
  return `not a WAV file (starts with "${printable(head.subarray(0, 8))}"${kind ? `, which looks like ${kind}` : ''})`;
}

/** Bytes as text for a message: printable ASCII as is, other bytes (and quote, backslash) as \xNN. */
function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) =>
    byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
      ? String.fromCharCode(byte)
      : `\\x${byte.toString(16).padStart(2, '0')}`,
  ).join('');
}

/** Parse WAV bytes. `path` is only used in error messages. */
export function parseWav(bytes: Uint8Array, path: string): DecodedAudio {
  const fail = (reason: string): InputFileError => new InputFileError(path, reason);
  if (bytes.length === 0) throw fail('empty file (0 bytes)');
  if (!isWavHeader(bytes)) {
    const magic = ascii(bytes, 0, 4);
    throw fail(
      bytes.length < 12 && WAV_MAGICS.has(magic)
        ? `truncated WAV header (the file is only ${bytes.length} bytes)`
        : describeNonWav(bytes),
    );
  }
  const header = readWavHeaderFrom(bytes, path);
  const channels = decodeFrames(bytes, header);
  if (header.encoding === 'float') {
    const bad = firstNonFinite(channels);
    if (bad) {
      const seconds = (bad.frame / header.sampleRate).toFixed(2);
      throw fail(`contains ${bad.kind} samples at ${seconds} s (the float data is damaged)`);
    }
  }
  return { sampleRate: header.sampleRate, channels };
}

/** How the samples are stored; anything else is an UnsupportedWavEncodingError. */
export type WavEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

/** A WAV's sample format, from its fmt chunk. */
export interface WavFormat {
  encoding: WavEncoding;
  channels: number;
  sampleRate: number;
  /** Bytes each sample occupies in the data (the container: 24-bit audio may sit in 4 bytes). */
  bytesPerSample: number;
}

/** What a WAV's header chunks say: the sample format and where the samples lie. */
export interface WavHeader extends WavFormat {
  /** Offset of the first sample. */
  dataOffset: number;
  /** Bytes of whole frames in the data chunk (a trailing partial frame is left out). */
  dataLength: number;
  frames: number;
}

/** Bytes the header walk asks for: `length` of them at `offset` (fewer where the file ends). */
export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * The header walk of a WAV file of `size` bytes whose magic is already known to be a WAV's
 * (`isWavHeader`). It yields each byte range it needs and is resumed with those bytes, so one
 * implementation serves a buffer in memory (`parseWav`) and positioned reads on an open file
 * (the app probes a multi-GB recording by reading its headers only). Throws InputFileError for
 * a damaged file and UnsupportedWavEncodingError for an encoding not decoded here; `path` only
 * names the file in errors.
 *
 * Chunks other than fmt and data (LIST, fact, bext, JUNK, ...) are skipped, in any order. A data
 * size of 0 or 0xFFFFFFFF means "to the end of the file": that is what streaming writers
 * (`ffmpeg -f wav -`) put there, since they cannot seek back to fill it in; RF64/BW64 files
 * state the real size in their ds64 chunk.
 */
export function* walkWavHeader(
  size: number,
  path: string,
): Generator<ByteRange, WavHeader, Uint8Array> {
  const fail = (reason: string): InputFileError => new InputFileError(path, reason);
  const head = yield { offset: 0, length: 12 };
  if (head.length < 12) throw fail(`truncated WAV header (the file is only ${size} bytes)`);
  const magic = ascii(head, 0, 4);
  if (magic === 'RIFX') {
    throw new UnsupportedWavEncodingError(path, 'big-endian WAV (RIFX) is not read directly');
  }
  const rf64 = magic !== 'RIFF';
  let rf64DataSize: number | undefined;
  let fmt: Uint8Array | undefined;
  let data: { offset: number; length: number } | undefined;
  let pos = 12;
  while (pos + 8 <= size && !(fmt && data)) {
    const header = yield { offset: pos, length: 8 };
    // Only a file that shrank while being read is shorter than its size said.
    if (header.length < 8) break;
    const id = ascii(header, 0, 4);
    const chunkSize = dataView(header).getUint32(4, true);
    const body = pos + 8;
    const remaining = size - body;
    if (id === 'data') {
      let length = chunkSize;
      if (chunkSize === 0xffffffff && rf64DataSize !== undefined) length = rf64DataSize;
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
        `truncated: the "${printable(header.subarray(0, 4))}" chunk at byte ${pos} declares ` +
          `${chunkSize} bytes but only ${remaining} are present (the file is damaged or was not ` +
          'completely written)',
      );
    }
    // 40 bytes hold everything read from fmt, extensible included; the rest is cbSize extras.
    if (id === 'fmt ') fmt = yield { offset: body, length: Math.min(chunkSize, 40) };
    if (id === 'ds64' && rf64 && chunkSize >= 16) {
      const ds64 = yield { offset: body, length: 16 };
      rf64DataSize = Number(dataView(ds64).getBigUint64(8, true));
    }
    pos = yield* nextChunkOffset(body, chunkSize);
  }
  if (!fmt) throw fail('no "fmt " chunk, so the sample format is unknown (the file is damaged)');
  if (!data) throw fail('no "data" chunk: the file holds no audio (it may be truncated)');
  const format = parseFmt(fmt, path);
  const blockAlign = format.bytesPerSample * format.channels;
  const frames = Math.floor(data.length / blockAlign);
  if (frames === 0) throw fail('no audio samples (the data chunk is empty)');
  return { ...format, dataOffset: data.offset, dataLength: frames * blockAlign, frames };
}

/** `walkWavHeader` answered from WAV bytes held in memory. */
function readWavHeaderFrom(bytes: Uint8Array, path: string): WavHeader {
  const walk = walkWavHeader(bytes.length, path);
  let step = walk.next();
  while (!step.done) {
    const { offset, length } = step.value;
    step = walk.next(bytes.subarray(offset, offset + length));
  }
  return step.value;
}

/**
 * Chunks are word-aligned: an odd-sized chunk is followed by a pad byte. Some writers omit it;
 * when the padded offset does not start a chunk id but the unpadded one does, trust the latter.
 */
function* nextChunkOffset(
  body: number,
  size: number,
): Generator<ByteRange, number, Uint8Array> {
  const padded = body + size + (size & 1);
  if ((size & 1) === 0) return padded;
  const unpadded = body + size;
  const candidates = yield { offset: unpadded, length: 9 };
  return !startsChunk(candidates.subarray(1)) && startsChunk(candidates) ? unpadded : padded;
}

/** Whether these bytes can start a chunk: a printable id and room for the size after it. */
function startsChunk(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 4).every((byte) => byte >= 0x20 && byte <= 0x7e);
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The fmt chunk's sample format; `fmt` holds its first (up to) 40 bytes. */
function parseFmt(fmt: Uint8Array, path: string): WavFormat {
  const fail = (reason: string): InputFileError => new InputFileError(path, reason);
  if (fmt.length < 16) {
    throw fail(`the fmt chunk is too short (${fmt.length} bytes, at least 16 needed)`);
  }
  const view = dataView(fmt);
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

  // The container size comes from blockAlign (24-bit audio may sit in 4-byte containers);
  // when blockAlign is missing or contradicts bitsPerSample, bitsPerSample wins.
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
      return { ...base, encoding: 'pcm' };
    case FORMAT_FLOAT:
      if (bytesPerSample !== 4 && bytesPerSample !== 8) {
        throw unsupported(`${bits}-bit float (32 and 64 bits are read directly)`);
      }
      return { ...base, encoding: 'float' };
    case FORMAT_ALAW:
    case FORMAT_MULAW:
      if (bytesPerSample !== 1) {
        throw unsupported(
          `${bits}-bit ${code === FORMAT_ALAW ? 'A-law' : 'µ-law'} (8 bits expected)`,
        );
      }
      return { ...base, encoding: code === FORMAT_ALAW ? 'alaw' : 'mulaw' };
    default: {
      const hex = `0x${code.toString(16).padStart(4, '0')}`;
      const name = ENCODING_NAMES[code];
      throw unsupported(
        `${name ? `${name} (format code ${hex})` : `format code ${hex}`}; only PCM, IEEE float, ` +
          'A-law and µ-law WAV files are read directly',
      );
    }
  }
}

/** De-interleave the whole frames the header locates into one float array per channel. */
function decodeFrames(bytes: Uint8Array, header: WavHeader): Float32Array[] {
  const { encoding, channels: count, bytesPerSample, dataOffset: offset, frames } = header;
  const channels = Array.from({ length: count }, () => new Float32Array(frames));
  const samples = frames * count;
  if (encoding === 'float') {
    if (bytesPerSample === 4) deinterleave(view(Float32Array, bytes, offset, samples), channels, 1);
    else deinterleave(view(Float64Array, bytes, offset, samples), channels, 1);
  } else if (encoding === 'alaw' || encoding === 'mulaw') {
    const table = encoding === 'alaw' ? ALAW_TABLE : MULAW_TABLE;
    const codes = bytes.subarray(offset, offset + samples);
    for (let c = 0; c < count; c++) {
      const out = channels[c];
      for (let i = 0, j = c; i < frames; i++, j += count) out[i] = table[codes[j]];
    }
  } else if (bytesPerSample === 1) {
    // 8-bit WAV is unsigned with 128 as silence.
    const codes = bytes.subarray(offset, offset + samples);
    for (let c = 0; c < count; c++) {
      const out = channels[c];
      for (let i = 0, j = c; i < frames; i++, j += count) out[i] = (codes[j] - 128) / 128;
    }
  } else if (bytesPerSample === 2) {
    deinterleaveInt16(view(Int16Array, bytes, offset, samples), channels);
  } else if (bytesPerSample === 3) {
    for (let c = 0; c < count; c++) {
      const out = channels[c];
      for (let i = 0, b = offset + 3 * c; i < frames; i++, b += 3 * count) {
        // Assemble the 24-bit value in the top of an int32 so the shift back sign-extends it.
        out[i] = (((bytes[b] << 8) | (bytes[b + 1] << 16) | (bytes[b + 2] << 24)) >> 8) / 8388608;
      }
    }
  } else {
    deinterleave(view(Int32Array, bytes, offset, samples), channels, 1 / 2147483648);
  }
  return channels;
}

interface TypedArrayType<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** A typed view of the samples, copying them first only when the offset is misaligned. */
function view<T>(type: TypedArrayType<T>, bytes: Uint8Array, offset: number, length: number): T {
  const start = bytes.byteOffset + offset;
  if (start % type.BYTES_PER_ELEMENT === 0) return new type(bytes.buffer, start, length);
  // Copied by hand: Buffer#slice (ffmpeg's output is a Buffer) would return a view, not a copy.
  const copy = new Uint8Array(length * type.BYTES_PER_ELEMENT);
  copy.set(bytes.subarray(offset, offset + copy.length));
  return new type(copy.buffer, 0, length);
}

/** int16 gets its own loop: it is by far the commonest format and a monomorphic loop is fastest. */
function deinterleaveInt16(source: Int16Array, channels: Float32Array[]): void {
  const count = channels.length;
  for (let c = 0; c < count; c++) {
    const out = channels[c];
    for (let i = 0, j = c; i < out.length; i++, j += count) out[i] = source[j] / 32768;
  }
}

function deinterleave(
  source: Int32Array | Float32Array | Float64Array,
  channels: Float32Array[],
  scale: number,
): void {
  const count = channels.length;
  for (let c = 0; c < count; c++) {
    const out = channels[c];
    for (let i = 0, j = c; i < out.length; i++, j += count) out[i] = source[j] * scale;
  }
}

/** The earliest NaN or ±Infinity sample across channels, if any. */
function firstNonFinite(
  channels: Float32Array[],
): { frame: number; kind: 'NaN' | 'infinite' } | undefined {
  let found: { frame: number; kind: 'NaN' | 'infinite' } | undefined;
  for (const channel of channels) {
    const end = found ? found.frame : channel.length;
    for (let i = 0; i < end; i++) {
      const v = channel[i];
      // v - v is 0 for every finite v and NaN for NaN and ±Infinity.
      if (v - v !== 0) {
        found = { frame: i, kind: Number.isNaN(v) ? 'NaN' : 'infinite' };
        break;
      }
    }
  }
  return found;
}

/** ITU-T G.711 µ-law expansion to 16-bit linear, scaled like int16 (x/32768). */
function mulawToFloat(byte: number): number {
  const u = ~byte & 0xff;
  const biased = (((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07);
  return (u & 0x80 ? 0x84 - biased : biased - 0x84) / 32768;
}

/** ITU-T G.711 A-law expansion to 16-bit linear, scaled like int16 (x/32768). */
function alawToFloat(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a >> 4) & 0x07;
  let magnitude = (a & 0x0f) << 4;
  magnitude = segment === 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
  return (a & 0x80 ? magnitude : -magnitude) / 32768;
}

const MULAW_TABLE = Float32Array.from({ length: 256 }, (_, byte) => mulawToFloat(byte));
const ALAW_TABLE = Float32Array.from({ length: 256 }, (_, byte) => alawToFloat(byte));

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/**
 * Encode mono float samples as a WAV file (16-bit PCM by default, or 32-bit float). Used for
 * sessions, fixtures and tests. PCM16 clips to [-1, 1) and rounds x·32768, so values k/32768
 * survive a round trip through `parseWav` exactly; float32 stores the samples as they are.
 */
export function encodeWav(
  samples: Float32Array,
  sampleRate: number,
  format: 'pcm16' | 'float32' = 'pcm16',
): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff) {
    throw new RangeError(`encodeWav: invalid sample rate ${sampleRate}`);
  }
  const float = format === 'float32';
  const bytesPerSample = float ? 4 : 2;
  // A non-PCM fmt carries cbSize and is followed by a fact chunk (the frame count), per the spec.
  const fmtSize = float ? 18 : 16;
  const headerBytes = 12 + 8 + fmtSize + (float ? 12 : 0) + 8;
  const dataBytes = samples.length * bytesPerSample;
  if (headerBytes - 8 + dataBytes > 0xffffffff) {
    throw new RangeError('encodeWav: too long for a WAV file (4 GiB limit)');
  }
  const out = new Uint8Array(headerBytes + dataBytes);
  const header = new DataView(out.buffer);
  let pos = 0;
  const text = (value: string): void => {
    for (let i = 0; i < 4; i++) out[pos++] = value.charCodeAt(i);
  };
  const u16 = (value: number): void => {
    header.setUint16(pos, value, true);
    pos += 2;
  };
  const u32 = (value: number): void => {
    header.setUint32(pos, value, true);
    pos += 4;
  };
  text('RIFF');
  u32(out.length - 8);
  text('WAVE');
  text('fmt ');
  u32(fmtSize);
  u16(float ? FORMAT_FLOAT : FORMAT_PCM);
  u16(1);
  u32(sampleRate);
  u32(sampleRate * bytesPerSample);
  u16(bytesPerSample);
  u16(bytesPerSample * 8);
  if (float) {
    u16(0);
    text('fact');
    u32(4);
    u32(samples.length);
  }
  text('data');
  u32(dataBytes);

  if (float) {
    out.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), pos);
  } else {
    const pcm = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const v = Math.round(samples[i] * 32768);
      pcm[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v; // NaN stores as 0
    }
    out.set(new Uint8Array(pcm.buffer), pos);
  }
  return out;
}
