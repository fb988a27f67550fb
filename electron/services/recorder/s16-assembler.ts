/**
 * Recorder output (raw s16le bytes in chunks of any size) to whole Int16 samples. A chunk
 * can end in the middle of a sample; its odd byte is carried to the next chunk, since
 * dropping it would shift every later sample by a byte and turn the stream into noise.
 */
export class S16Assembler {
  /** The low byte of a sample split across chunks, or -1 when none is pending. */
  private carry = -1;

  push(bytes: Uint8Array): Int16Array {
    const carried = this.carry >= 0 ? 1 : 0;
    const out = new Int16Array((bytes.length + carried) >> 1);
    let byte = 0;
    let sample = 0;
    if (carried === 1 && bytes.length > 0) {
      out[sample++] = this.carry | (bytes[0] << 8);
      this.carry = -1;
      byte = 1;
    }
    // Assigning to an Int16Array wraps the 16-bit pattern to its signed value.
    for (; byte + 1 < bytes.length; byte += 2) out[sample++] = bytes[byte] | (bytes[byte + 1] << 8);
    if (byte < bytes.length) this.carry = bytes[byte];
    return out;
  }
}

/** Float samples in [-1, 1] to s16 as a WAV writer stores them: round(x·32768), clipped. */
export function floatToS16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768)));
  }
  return out;
}
