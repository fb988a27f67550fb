/**
 * The audio message's sample encoding (protocol.ts): Int16 little-endian, base64. The host
 * encodes what the recorder delivered; the engine decodes to float32 as WAV int16 decodes
 * (x/32768), so a live stream sees exactly the samples `ser predict` reads from the same
 * 16-bit file.
 */

export function encodePcm16(samples: Int16Array): string {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i], i * 2);
  return bytes.toString('base64');
}

/** Throws RangeError when the bytes are not whole samples. */
export function decodePcm16(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 2 !== 0) throw new RangeError(`audio of ${bytes.length} bytes is not whole 16-bit samples`);
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2) / 32768;
  return out;
}
