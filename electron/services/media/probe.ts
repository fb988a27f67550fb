/**
 * Duration, rate, channels and codec of a clip without decoding it: the UI lays out a clip
 * (and a 1-hour recording) before any sample is read. WAV is read from its header chunks
 * alone; every other format from ffprobe's reading of the container.
 */
import { InputFileError } from '../../../training/errors.ts';
import type { AudioInfo } from './audio-info.ts';
import { locateAudio } from './audio-file.ts';
import { decodeRawFloat32 } from './ffmpeg-stream.ts';

/**
 * Probe `filePath`. Throws InputFileError (not found, empty, not audio, truncated header,
 * ffprobe missing with how to install it). For the rare container that states no duration,
 * the stream is decoded once to count its samples.
 */
export async function probeAudio(filePath: string): Promise<AudioInfo> {
  const source = await locateAudio(filePath);
  const { durationSec, sampleRate } = source.info;
  if (durationSec !== undefined) return { ...source.info, durationSec };
  let bytes = 0;
  for await (const chunk of decodeRawFloat32(filePath, { sampleRate, channels: 1 })) {
    bytes += chunk.length;
  }
  if (bytes < 4) throw new InputFileError(filePath, 'ffmpeg decoded no audio from it');
  return { ...source.info, durationSec: Math.floor(bytes / 4) / sampleRate };
}
