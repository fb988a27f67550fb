/**
 * Live recorder output to float samples. node-record-lpcm16 delivers raw s16le bytes in chunks
 * of arbitrary size, so a chunk can end in the middle of a sample: the odd byte is carried
 * over to the next chunk rather than dropped, which would shift every later sample by a byte
 * and turn the stream into noise.
 */
export class S16leDecoder {
  /** The low byte of a sample split across chunks, or -1 when none is pending. */
  #carry = -1;

  /** Decode a chunk to float32 in [-1, 1) (x/32768, as WAV int16 decodes). */
  push(chunk: Uint8Array): Float32Array {
    const carried = this.#carry >= 0 ? 1 : 0;
    const out = new Float32Array((chunk.length + carried) >> 1);
    let byte = 0;
    let sample = 0;
    if (carried && chunk.length > 0) {
      out[sample++] = (((this.#carry | (chunk[0] << 8)) << 16) >> 16) / 32768;
      this.#carry = -1;
      byte = 1;
    }
    for (; byte + 1 < chunk.length; byte += 2) {
      // Shift the 16-bit value to the top of an int32 and back to sign-extend it.
      out[sample++] = (((chunk[byte] | (chunk[byte + 1] << 8)) << 16) >> 16) / 32768;
    }
    if (byte < chunk.length) this.#carry = chunk[byte];
    return out;
  }
}
