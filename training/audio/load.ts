/**
 * The one way training/ reads an audio file: WAV natively (chosen by its magic bytes, never
 * its name), everything else through ffmpeg; then mono 16 kHz float32 for features and models.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError } from '../errors.ts';
import type { DecodedAudio } from './decoded-audio.ts';
import { decodeWithFfmpeg, ffmpegInstallHint, isFfmpegAvailable } from './ffmpeg.ts';
import { resample } from './resample.ts';
import { describeNonWav, isWavHeader, parseWav, UnsupportedWavEncodingError } from './wav.ts';

/** The rate every feature and model works at (DESIGN.md section 4). */
export const TARGET_SAMPLE_RATE = 16000;

/**
 * Average of the channels (librosa.to_mono). A single channel is returned as it is, not copied.
 * Throws RangeError for no channels or channels of different lengths.
 */
export function downmixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 0) throw new RangeError('downmixToMono: no channels');
  const length = channels[0].length;
  if (channels.some((channel) => channel.length !== length)) {
    throw new RangeError('downmixToMono: channels differ in length');
  }
  if (channels.length === 1) return channels[0];
  const count = channels.length;
  const mono = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (let c = 0; c < count; c++) sum += channels[c][i];
    mono[i] = sum / count;
  }
  return mono;
}

/**
 * Read a file: WAV natively (by magic bytes, not extension), anything else through ffmpeg.
 * A WAV in an encoding not decoded here (ADPCM, MP3-in-WAV, ...) also goes to ffmpeg.
 */
export async function loadAudio(filePath: string): Promise<DecodedAudio> {
  const bytes = await readAudioFile(filePath);
  if (bytes.kind === 'empty') throw new InputFileError(filePath, 'empty file (0 bytes)');
  if (bytes.kind === 'wav') {
    try {
      return parseWav(bytes.data, filePath);
    } catch (error) {
      if (!(error instanceof UnsupportedWavEncodingError)) throw error;
      if (!isFfmpegAvailable()) {
        throw new InputFileError(
          filePath,
          `${error.reason}; install ffmpeg (${ffmpegInstallHint()}) to read it`,
        );
      }
      return decodeWithFfmpeg(filePath);
    }
  }
  // Not a WAV by its bytes. When it is named like one, saying so beats any ffmpeg message.
  const namedWav = /^\.wave?$/i.test(path.extname(filePath));
  if (namedWav && !isFfmpegAvailable()) {
    throw new InputFileError(filePath, describeNonWav(bytes.head));
  }
  try {
    return await decodeWithFfmpeg(filePath);
  } catch (error) {
    if (namedWav && error instanceof InputFileError) {
      throw new InputFileError(filePath, `${describeNonWav(bytes.head)}, and ${error.reason}`);
    }
    throw error;
  }
}

/**
 * Read, downmix and resample to 16 kHz mono float32: what every feature and model consumes.
 * `durationSec` is the source's length (frames / source rate).
 */
export async function loadMono16k(filePath: string): Promise<{
  samples: Float32Array;
  sourceSampleRate: number;
  sourceChannels: number;
  durationSec: number;
}> {
  const audio = await loadAudio(filePath);
  const frames = audio.channels[0].length;
  const samples = await resample(
    downmixToMono(audio.channels),
    audio.sampleRate,
    TARGET_SAMPLE_RATE,
  );
  return {
    samples,
    sourceSampleRate: audio.sampleRate,
    sourceChannels: audio.channels.length,
    durationSec: frames / audio.sampleRate,
  };
}

type AudioFileBytes =
  { kind: 'empty' } | { kind: 'wav'; data: Uint8Array } | { kind: 'other'; head: Uint8Array };

/**
 * The whole file when it is a WAV, only its first bytes otherwise (ffmpeg reads the rest, and a
 * 3-hour video need not be loaded to learn that). Read through one handle so the file cannot
 * change between the look and the read; filesystem errors become InputFileErrors.
 */
async function readAudioFile(filePath: string): Promise<AudioFileBytes> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(filePath, 'r');
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(12, size));
    await readFully(handle, head, 0);
    if (size === 0) return { kind: 'empty' };
    if (!isWavHeader(head)) return { kind: 'other', head };
    const data = new Uint8Array(size);
    data.set(head);
    await readFully(handle, data, head.length);
    return { kind: 'wav', data };
  } catch (error) {
    throw new InputFileError(filePath, fileSystemReason(error));
  } finally {
    await handle?.close();
  }
}

/**
 * Fill `target` from file position `from`, in pieces: one read() is limited to 2 GiB, and
 * fs.readFile refuses files over 2 GiB, which a long multichannel WAV can exceed.
 */
async function readFully(handle: FileHandle, target: Uint8Array, from: number): Promise<void> {
  const piece = 1 << 30;
  for (let offset = from; offset < target.length;) {
    const length = Math.min(piece, target.length - offset);
    const { bytesRead } = await handle.read(target, offset, length, offset);
    if (bytesRead === 0) throw new Error(`the file ended after ${offset} bytes while being read`);
    offset += bytesRead;
  }
}

/** A filesystem error in words a user can act on ("file not found", "permission denied", ...). */
export function fileSystemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory, not an audio file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (error instanceof RangeError) return `too large to load into memory (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}
