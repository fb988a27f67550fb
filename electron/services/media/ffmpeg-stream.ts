/**
 * Decoding through the user's ffmpeg as a stream of raw float32 samples, read while ffmpeg
 * writes them: memory stays flat for a file of any length, where `decodeWithFfmpeg` collects
 * the whole decode (right for training clips, wrong for a 3-hour recording). Both start ffmpeg
 * through `startFfmpegDecode`, so files are opened and failures explained the same way.
 */
import { startFfmpegDecode } from '../../../training/audio/ffmpeg.ts';

export interface RawDecodeOptions {
  /** Output rate; ffmpeg resamples to it when the stream differs (set it to the probed rate). */
  sampleRate: number;
  /** Output channels, interleaved. Downmixing is left to the caller: ffmpeg's `-ac 1` scales
   * stereo by 1/√2 per channel, where WAV and librosa average. */
  channels: number;
}

/**
 * The first audio stream of `filePath` as interleaved little-endian float32 bytes, in chunks
 * of whatever size the pipe delivers (not sample-aligned). Throws InputFileError when ffmpeg
 * is missing or fails; ffmpeg is stopped when the consumer stops early.
 */
export async function* decodeRawFloat32(
  filePath: string,
  options: RawDecodeOptions,
): AsyncGenerator<Uint8Array> {
  const decode = startFfmpegDecode(filePath, [
    '-ac',
    String(options.channels),
    '-ar',
    String(options.sampleRate),
    '-c:a',
    'pcm_f32le',
    '-f',
    'f32le',
  ]);
  try {
    for await (const chunk of decode.stdout) yield chunk as Buffer;
    const failure = await decode.outcome;
    if (failure) throw failure;
  } finally {
    decode.stop();
  }
}
