/**
 * Where a file's samples come from, decided from its first bytes (never its name) and its
 * headers: WAV read here, anything else through ffprobe/ffmpeg. The one look that probing and
 * sample streaming both start from; only headers are read, so it costs the same for a 1-second
 * clip and a 4 GB recording.
 */
import path from 'node:path';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { InputFileError } from '../../../training/errors.ts';
import { fileSystemReason } from '../../../training/audio/load.ts';
import { ffmpegInstallHint } from '../../../training/audio/ffmpeg.ts';
import {
  describeNonWav,
  isWavHeader,
  UnsupportedWavEncodingError,
} from '../../../training/audio/wav.ts';
import type { AudioInfo, SourceInfo } from './audio-info.ts';
import { ffprobeAudio, isFfprobeAvailable } from './ffprobe.ts';
import { readWavLayout } from './wav-header.ts';
import type { WavLayout } from './wav-header.ts';

export type AudioSource =
  /** A WAV whose samples are read here; `info` is exact (from the data chunk's size). */
  | { kind: 'wav'; layout: WavLayout; info: AudioInfo }
  /** Anything ffmpeg decodes; `durationSec` is the container's figure, when it states one. */
  | { kind: 'ffmpeg'; info: SourceInfo };

/**
 * Locate the samples of `filePath`. Throws InputFileError with a reason a user can act on: not
 * found, empty, a damaged WAV, not audio, or ffmpeg missing (with how to install it).
 */
export async function locateAudio(filePath: string): Promise<AudioSource> {
  const file = await inspectAudioFile(filePath);
  if (file.kind === 'wav') {
    const { layout } = file;
    const info = {
      durationSec: layout.frames / layout.sampleRate,
      sampleRate: layout.sampleRate,
      channels: layout.channels,
      codec: layout.codec,
    };
    return { kind: 'wav', layout, info };
  }
  if (file.kind === 'wav-other-encoding') {
    if (!isFfprobeAvailable()) {
      throw new InputFileError(
        filePath,
        `${file.error.reason}; install ffmpeg (${ffmpegInstallHint()}) to read it`,
      );
    }
    return { kind: 'ffmpeg', info: await ffprobeAudio(filePath) };
  }
  // Not a WAV by its bytes. When it is named like one, saying so beats any ffprobe message.
  const namedWav = /^\.wave?$/i.test(path.extname(filePath));
  if (namedWav && !isFfprobeAvailable()) {
    throw new InputFileError(filePath, describeNonWav(file.head));
  }
  try {
    return { kind: 'ffmpeg', info: await ffprobeAudio(filePath) };
  } catch (error) {
    if (namedWav && error instanceof InputFileError) {
      throw new InputFileError(filePath, `${describeNonWav(file.head)}, and ${error.reason}`);
    }
    throw error;
  }
}

type AudioFileKind =
  /** A WAV whose samples are read here. */
  | { kind: 'wav'; layout: WavLayout }
  /** A well-formed WAV in an encoding left to ffmpeg (ADPCM, MP3-in-WAV, RIFX, ...). */
  | { kind: 'wav-other-encoding'; error: UnsupportedWavEncodingError }
  /** Not a WAV: ffmpeg's business. `head` holds the first bytes, for messages. */
  | { kind: 'other'; head: Uint8Array };

/** How many leading bytes identify a WAV and describe anything else in a message. */
const HEAD_BYTES = 12;

/**
 * Look at `filePath`. Throws InputFileError when it cannot be opened (not found, permission
 * denied, a directory), is empty, or is a damaged WAV.
 */
async function inspectAudioFile(filePath: string): Promise<AudioFileKind> {
  let handle: FileHandle | undefined;
  try {
    try {
      handle = await open(filePath, 'r');
    } catch (error) {
      throw new InputFileError(filePath, fileSystemReason(error));
    }
    const stats = await handle.stat();
    if (stats.isDirectory())
      throw new InputFileError(filePath, 'is a directory, not an audio file');
    if (stats.size === 0) throw new InputFileError(filePath, 'empty file (0 bytes)');
    const head = new Uint8Array(Math.min(HEAD_BYTES, stats.size));
    await handle.read(head, 0, head.length, 0);
    const looksLikeWav =
      isWavHeader(head) ||
      (stats.size < HEAD_BYTES && /^(RIFF|RF64|BW64)/.test(String.fromCharCode(...head)));
    if (!looksLikeWav) return { kind: 'other', head };
    try {
      return { kind: 'wav', layout: await readWavLayout(handle, stats.size, filePath) };
    } catch (error) {
      if (error instanceof UnsupportedWavEncodingError)
        return { kind: 'wav-other-encoding', error };
      throw error;
    }
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(filePath, fileSystemReason(error));
  } finally {
    await handle?.close();
  }
}
