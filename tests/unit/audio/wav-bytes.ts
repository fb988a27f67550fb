/**
 * Builds WAV files byte by byte for tests, including the odd and broken ones real writers
 * produce: any chunks in any order, wrong sizes, missing pad bytes, extensible headers.
 */

export interface ChunkSpec {
  id: string;
  body: Uint8Array;
  /** Size written in the chunk header; defaults to the body length. */
  declaredSize?: number;
  /** Whether an odd-sized body is followed by a pad byte; defaults to true (as the spec says). */
  pad?: boolean;
}

export function chunk(
  id: string,
  body: Uint8Array,
  options: Omit<ChunkSpec, 'id' | 'body'> = {},
): ChunkSpec {
  return { id, body, ...options };
}

/** A RIFF (or RF64) container of `form` type holding these chunks. */
export function riff(chunks: ChunkSpec[], magic = 'RIFF', form = 'WAVE'): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const spec of chunks) {
    const header = new Uint8Array(8);
    header.set(ascii(spec.id));
    new DataView(header.buffer).setUint32(4, spec.declaredSize ?? spec.body.length, true);
    parts.push(header, spec.body);
    if (spec.body.length % 2 === 1 && spec.pad !== false) parts.push(new Uint8Array(1));
  }
  const bodyLength = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(12 + bodyLength);
  out.set(ascii(magic));
  new DataView(out.buffer).setUint32(4, magic === 'RIFF' ? 4 + bodyLength : 0xffffffff, true);
  out.set(ascii(form), 8);
  let pos = 12;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

export interface FmtSpec {
  code: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Defaults to channels × ceil(bits / 8). */
  blockAlign?: number;
  /** Append cbSize = 0 (an 18-byte fmt), as writers of non-PCM formats do. */
  cbSize?: boolean;
  /** Write WAVE_FORMAT_EXTENSIBLE (0xFFFE) with this sub-format code instead of `code`. */
  extensible?: { validBits?: number; channelMask?: number };
}

/** A fmt chunk body: 16 bytes by default, 18 with cbSize, 40 when extensible. */
export function fmtBody(spec: FmtSpec): Uint8Array {
  const blockAlign = spec.blockAlign ?? spec.channels * Math.ceil(spec.bitsPerSample / 8);
  const size = spec.extensible ? 40 : spec.cbSize ? 18 : 16;
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  view.setUint16(0, spec.extensible ? 0xfffe : spec.code, true);
  view.setUint16(2, spec.channels, true);
  view.setUint32(4, spec.sampleRate, true);
  view.setUint32(8, spec.sampleRate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, spec.bitsPerSample, true);
  if (spec.extensible) {
    view.setUint16(16, 22, true);
    view.setUint16(18, spec.extensible.validBits ?? spec.bitsPerSample, true);
    view.setUint32(20, spec.extensible.channelMask ?? 0, true);
    // KSDATAFORMAT_SUBTYPE_*: the format code, then the fixed GUID tail.
    view.setUint16(24, spec.code, true);
    body.set(
      [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71],
      26,
    );
  }
  return body;
}

export type SampleEncoding =
  'uint8' | 'int16' | 'int24' | 'int32' | 'float32' | 'float64' | 'int32-in-24';

/** Bytes one sample of each encoding occupies in the data chunk. */
export const BYTES_PER_SAMPLE: Record<SampleEncoding, number> = {
  uint8: 1,
  int16: 2,
  int24: 3,
  int32: 4,
  float32: 4,
  float64: 8,
  'int32-in-24': 4,
};

/**
 * Interleaved sample bytes from raw per-frame values (`frames[i][c]`): integer codes for the
 * integer encodings, floats for the float ones.
 */
export function sampleBytes(frames: number[][], encoding: SampleEncoding): Uint8Array {
  const width = BYTES_PER_SAMPLE[encoding];
  const values = frames.flat();
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => {
    const at = i * width;
    switch (encoding) {
      case 'uint8':
        view.setUint8(at, value);
        break;
      case 'int16':
        view.setInt16(at, value, true);
        break;
      case 'int24':
        view.setUint8(at, value & 0xff);
        view.setUint8(at + 1, (value >> 8) & 0xff);
        view.setUint8(at + 2, (value >> 16) & 0xff);
        break;
      case 'int32':
        view.setInt32(at, value, true);
        break;
      case 'int32-in-24':
        // A 24-bit code left-justified in a 4-byte container.
        view.setInt32(at, value * 256, true);
        break;
      case 'float32':
        view.setFloat32(at, value, true);
        break;
      case 'float64':
        view.setFloat64(at, value, true);
        break;
    }
  });
  return out;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** A simple valid WAV: fmt + data for these frames. */
export function simpleWav(
  frames: number[][],
  encoding: SampleEncoding,
  sampleRate = 16000,
  code = encoding.startsWith('float') ? 3 : 1,
): Uint8Array {
  const bits = BYTES_PER_SAMPLE[encoding] * 8;
  return riff([
    chunk('fmt ', fmtBody({ code, channels: frames[0].length, sampleRate, bitsPerSample: bits })),
    chunk('data', sampleBytes(frames, encoding)),
  ]);
}
