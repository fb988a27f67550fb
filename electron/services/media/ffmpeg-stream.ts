/**
 * Decoding through the user's ffmpeg as a stream of raw float32 samples, read while ffmpeg
 * writes them: memory stays flat for a file of any length, where training/audio/ffmpeg.ts
 * collects the whole decode (right for training clips, wrong for a 3-hour recording).
 */
import { spawn } from 'node:child_process';
import { InputFileError } from '../../../training/errors.ts';
import { findExecutable } from '../../../training/find-executable.ts';
import { missingToolError, toolFailureReason, toolInput } from './ffmpeg-messages.ts';

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
  const ffmpeg = findExecutable('ffmpeg');
  if (!ffmpeg) throw missingToolError(filePath, 'ffmpeg');
  const input = toolInput(filePath);
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    // Only local files: a playlist or concat file must not make ffmpeg open URLs.
    '-protocol_whitelist',
    'file',
    '-i',
    input,
    '-map',
    '0:a:0',
    '-map_metadata',
    '-1',
    '-ac',
    String(options.channels),
    '-ar',
    String(options.sampleRate),
    '-c:a',
    'pcm_f32le',
    '-f',
    'f32le',
    'pipe:1',
  ];
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-65536);
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('close', (code) => resolve({ code }));
  });
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const { code, error } = await exited;
    if (error) {
      throw new InputFileError(filePath, `could not run ffmpeg (${ffmpeg}): ${error.message}`);
    }
    if (code !== 0) {
      const reason = stderr.includes('matches no streams')
        ? 'it has no audio stream'
        : toolFailureReason(stderr, input);
      throw new InputFileError(filePath, `ffmpeg could not decode it: ${reason}`);
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}
