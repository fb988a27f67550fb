/**
 * Interleaved PCM bytes, arriving in chunks of any size, to mono float samples: the average of
 * the channels (librosa.to_mono, as `downmixToMono` does), each channel scaled as wav.ts scales
 * it (uint8 → (x−128)/128, int16 → x/32768, int24 → x/2^23, int32 → x/2^31, float as is).
 *
 * File and pipe reads end wherever they like, often inside a frame; the bytes of an unfinished
 * frame are carried to the next chunk, never dropped (a lost byte would turn the rest into noise).
 */

export interface MonoDecoderFormat {
  encoding: 'pcm' | 'float';
  /** 1–4 for integer PCM, 4 or 8 for float. */
  bytesPerSample: number;
  channels: number;
}

export class MonoDecoder {
  readonly #format: MonoDecoderFormat;
  readonly #frameBytes: number;
  /** Bytes of a frame split across chunks (fewer than #frameBytes). */
  #carry = new Uint8Array(0);

  constructor(format: MonoDecoderFormat) {
    const { encoding, bytesPerSample, channels } = format;
    const valid =
      Number.isInteger(channels) &&
      channels > 0 &&
      (encoding === 'float'
        ? bytesPerSample === 4 || bytesPerSample === 8
        : Number.isInteger(bytesPerSample) && bytesPerSample >= 1 && bytesPerSample <= 4);
    if (!valid) {
      throw new RangeError(`MonoDecoder: unsupported format ${JSON.stringify(format)}`);
    }
    this.#format = format;
    this.#frameBytes = bytesPerSample * channels;
  }

  /** Mono samples for every frame completed by `chunk`. */
  push(chunk: Uint8Array): Float32Array {
    let bytes = chunk;
    if (this.#carry.length > 0) {
      bytes = new Uint8Array(this.#carry.length + chunk.length);
      bytes.set(this.#carry);
      bytes.set(chunk, this.#carry.length);
    }
    const frames = Math.floor(bytes.length / this.#frameBytes);
    const used = frames * this.#frameBytes;
    // Copied (Buffer#slice would return a view): the caller may reuse `chunk`'s memory.
    this.#carry = new Uint8Array(bytes.subarray(used));
    return decodeFrames(bytes.subarray(0, used), frames, this.#format);
  }
}

function decodeFrames(bytes: Uint8Array, frames: number, format: MonoDecoderFormat): Float32Array {
  const { encoding, bytesPerSample, channels } = format;
  const out = new Float32Array(frames);
  if (encoding === 'float') {
    const samples = bytesPerSample === 4 ? view(Float32Array, bytes) : view(Float64Array, bytes);
    mix(samples, channels, 1, out);
  } else if (bytesPerSample === 2) {
    mixInt16(view(Int16Array, bytes), channels, out);
  } else if (bytesPerSample === 4) {
    mix(view(Int32Array, bytes), channels, 1 / 2147483648, out);
  } else if (bytesPerSample === 1) {
    // 8-bit WAV is unsigned with 128 as silence.
    const scale = 1 / (128 * channels);
    for (let i = 0, j = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += bytes[j++] - 128;
      out[i] = sum * scale;
    }
  } else {
    const scale = 1 / (8388608 * channels);
    for (let i = 0, b = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++, b += 3) {
        // The 24-bit value in the top of an int32, shifted back down to sign-extend it.
        sum += ((bytes[b] << 8) | (bytes[b + 1] << 16) | (bytes[b + 2] << 24)) >> 8;
      }
      out[i] = sum * scale;
    }
  }
  return out;
}

/** int16 gets its own loops: by far the commonest format, and monomorphic loops are fastest. */
function mixInt16(samples: Int16Array, channels: number, out: Float32Array): void {
  if (channels === 1) {
    for (let i = 0; i < out.length; i++) out[i] = samples[i] / 32768;
    return;
  }
  const scale = 1 / (32768 * channels);
  for (let i = 0, j = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[j++];
    out[i] = sum * scale;
  }
}

function mix(
  samples: Int32Array | Float32Array | Float64Array,
  channels: number,
  scale: number,
  out: Float32Array,
): void {
  if (channels === 1) {
    for (let i = 0; i < out.length; i++) out[i] = samples[i] * scale;
    return;
  }
  const perChannel = scale / channels;
  for (let i = 0, j = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[j++];
    out[i] = sum * perChannel;
  }
}

interface TypedArrayType<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** A typed view of `bytes`, copying them first only when their offset is misaligned. */
function view<T>(type: TypedArrayType<T>, bytes: Uint8Array): T {
  const length = bytes.length / type.BYTES_PER_ELEMENT;
  if (bytes.byteOffset % type.BYTES_PER_ELEMENT === 0) {
    return new type(bytes.buffer, bytes.byteOffset, length);
  }
  // `new Uint8Array(bytes)` copies; Buffer#slice would return a view with the same offset.
  return new type(new Uint8Array(bytes).buffer, 0, length);
}
