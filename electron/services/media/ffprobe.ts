/**
 * Probing files that are not WAV (MP3, FLAC, Ogg, M4A, WebM, ADPCM-in-WAV, ...) with the user's
 * ffprobe, which reads container headers only: fast for any length, unlike a decode.
 */
import { execFile } from 'node:child_process';
import { z } from 'zod';
import { InputFileError } from '../../../training/errors.ts';
import { findExecutable } from '../../../training/find-executable.ts';
import type { SourceInfo } from './audio-info.ts';
import {
  ffmpegFailureReason,
  ffmpegInput,
  ffmpegMissingError,
} from '../../../training/audio/ffmpeg.ts';

/** The part of `ffprobe -print_format json -show_streams -show_format` read here. */
const ffprobeOutput = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        sample_rate: z.string().optional(),
        channels: z.number().optional(),
        duration: z.string().optional(),
      }),
    )
    .default([]),
  format: z.object({ duration: z.string().optional() }).optional(),
});

/** ffprobe's output is a few kB; a bound stops a pathological file filling memory. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Whether ffprobe is on PATH. */
export function isFfprobeAvailable(): boolean {
  return findExecutable('ffprobe') !== null;
}

/**
 * Sample rate, channels, codec and (when the container states it) duration of the first audio
 * stream. `durationSec` is undefined for streams whose length is only known by decoding them.
 * Throws InputFileError when ffprobe is missing, cannot read the file, or finds no audio in it.
 */
export async function ffprobeAudio(filePath: string): Promise<SourceInfo> {
  const ffprobe = findExecutable('ffprobe');
  if (!ffprobe) throw ffmpegMissingError(filePath, 'ffprobe');
  const input = ffmpegInput(filePath);
  const args = [
    '-v',
    'error',
    // Only local files: a playlist must not make ffprobe open URLs.
    '-protocol_whitelist',
    'file',
    '-print_format',
    'json',
    '-show_streams',
    '-show_format',
    '-select_streams',
    'a:0',
    input,
  ];
  const { stdout, stderr, failure } = await new Promise<{
    stdout: string;
    stderr: string;
    failure: Error | null;
  }>((resolve) =>
    execFile(ffprobe, args, { maxBuffer: MAX_OUTPUT_BYTES }, (error, out, err) =>
      resolve({ stdout: out, stderr: err, failure: error }),
    ),
  );
  if (failure) {
    const code = (failure as NodeJS.ErrnoException).code;
    if (typeof code === 'string') {
      throw new InputFileError(filePath, `could not run ffprobe (${ffprobe}): ${failure.message}`);
    }
    throw new InputFileError(
      filePath,
      `not an audio file ffprobe can read: ${ffmpegFailureReason(stderr, input)}`,
    );
  }
  const parsed = ffprobeOutput.safeParse(parseJson(stdout));
  const stream = parsed.success
    ? parsed.data.streams.find((s) => s.codec_type === 'audio')
    : undefined;
  if (!parsed.success || !stream) {
    throw new InputFileError(filePath, 'not audio: the file holds no audio stream');
  }
  const sampleRate = Number(stream.sample_rate);
  const channels = stream.channels ?? 0;
  if (
    !Number.isInteger(sampleRate) ||
    sampleRate <= 0 ||
    !Number.isInteger(channels) ||
    channels <= 0
  ) {
    throw new InputFileError(
      filePath,
      `the audio stream states no usable sample rate or channel count (${stream.sample_rate ?? '?'} Hz, ${channels} channels)`,
    );
  }
  // Matroska/WebM state the length only for the whole file, not per stream.
  const duration = Number(stream.duration ?? parsed.data.format?.duration);
  return {
    sampleRate,
    channels,
    codec: stream.codec_name ?? 'unknown',
    durationSec: Number.isFinite(duration) && duration > 0 ? duration : undefined,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
