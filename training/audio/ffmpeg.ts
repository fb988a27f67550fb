/**
 * Decoding of everything that is not WAV (FLAC, MP3, OGG, M4A, ...) through the user's ffmpeg.
 * ffmpeg is optional: without it WAV still works, and every other file fails with a message
 * that says how to install it. ffmpeg writes 32-bit float WAV to a pipe, which `parseWav` reads
 * (it treats the unknown size that a pipe forces as "to the end of the stream").
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { InputFileError } from '../errors.ts';
import { findExecutable } from '../find-executable.ts';
import type { DecodedAudio } from './decoded-audio.ts';
import { parseWav } from './wav.ts';

/** The ffmpeg executable on PATH, or null (looked up per PATH value, so a changed PATH is seen). */
function findFfmpeg(): string | null {
  return findExecutable('ffmpeg');
}

/** Whether ffmpeg is on PATH (cached lookup). */
export function isFfmpegAvailable(): boolean {
  return findFfmpeg() !== null;
}

/** How to get ffmpeg on this platform, for "not installed" messages: "e.g. apt install ffmpeg". */
export function ffmpegInstallHint(): string {
  if (process.platform === 'darwin') return 'e.g. brew install ffmpeg';
  if (process.platform === 'win32') return 'e.g. winget install ffmpeg, then restart the app';
  return 'e.g. apt install ffmpeg';
}

/**
 * The error for a file that needs `tool` when it is not on PATH. ffprobe ships in the ffmpeg
 * package everywhere, so the advice is to install ffmpeg either way.
 */
export function ffmpegMissingError(
  filePath: string,
  tool: 'ffmpeg' | 'ffprobe' = 'ffmpeg',
): InputFileError {
  const extension = path.extname(filePath).toLowerCase();
  const what = extension ? `${extension} files` : 'audio files other than WAV';
  const install = tool === 'ffmpeg' ? 'install it' : 'install ffmpeg';
  return new InputFileError(
    filePath,
    `${tool} is not installed; ${install} (${ffmpegInstallHint()}) to read ${what}`,
  );
}

/** ffmpeg's and ffprobe's name for a local file: the `file:` protocol stops "-" or "x:y" being misread. */
export function ffmpegInput(filePath: string): string {
  return `file:${path.resolve(filePath)}`;
}

/**
 * Decode any format ffmpeg understands (FLAC, MP3, OGG, M4A, ...), keeping its own sample rate
 * and channels (resampling is done by `resample`, identically for every format). Throws
 * InputFileError saying how to install ffmpeg when it is not on PATH, and with ffmpeg's own
 * one-line reason when it fails.
 */
export async function decodeWithFfmpeg(filePath: string): Promise<DecodedAudio> {
  const decode = startFfmpegDecode(filePath, ['-c:a', 'pcm_f32le', '-f', 'wav']);
  const out: Buffer[] = [];
  decode.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  const failure = await decode.outcome;
  if (failure) throw failure;
  const stdout = Buffer.concat(out);
  if (stdout.length === 0) throw new InputFileError(filePath, 'ffmpeg decoded no audio from it');
  return parseWav(stdout, filePath);
}

/** A decode ffmpeg is running. */
export interface FfmpegDecode {
  /** What ffmpeg writes: the audio in the form the caller's output arguments asked for. */
  stdout: Readable;
  /**
   * Settles once ffmpeg has exited, with undefined when it succeeded and otherwise the error to
   * throw for the file (it could not run, or ffmpeg's own reason). It never rejects, so a
   * consumer that stops early leaves no unhandled rejection behind.
   */
  outcome: Promise<InputFileError | undefined>;
  /** Stop ffmpeg if it is still running (for a consumer that stops reading). */
  stop: () => void;
}

/**
 * Start ffmpeg decoding the first audio stream of `filePath` to its stdout, encoded as
 * `outputArgs` say (codec, container, rate, channels). Shared by the whole-file decode here
 * and the app's streaming decode, so both open files the same way and explain failures in the
 * same words. Throws InputFileError saying how to install ffmpeg when it is not on PATH.
 */
export function startFfmpegDecode(filePath: string, outputArgs: readonly string[]): FfmpegDecode {
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) throw ffmpegMissingError(filePath);
  const input = ffmpegInput(filePath);
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
    ...outputArgs,
    'pipe:1',
  ];
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Only the tail of stderr is kept: it can be long, and the reason is at its end.
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-65536);
  });
  const outcome = new Promise<InputFileError | undefined>((resolve) => {
    child.on('error', (error) =>
      resolve(new InputFileError(filePath, `could not run ffmpeg (${ffmpeg}): ${error.message}`)),
    );
    child.on('close', (code) =>
      resolve(
        code === 0
          ? undefined
          : new InputFileError(
              filePath,
              `ffmpeg could not decode it: ${ffmpegFailureReason(stderr, input)}`,
            ),
      ),
    );
  });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  return { stdout: child.stdout, outcome, stop };
}

/**
 * ffmpeg's (or ffprobe's) last error line, with the line before it in parentheses when there
 * is one (the last is often as vague as "Invalid argument"), without "file:/path: " or
 * "[mp3 @ 0x…] " prefixes. `input` is the name the tool was given (`ffmpegInput`).
 */
export function ffmpegFailureReason(stderr: string, input: string): string {
  if (stderr.includes('matches no streams')) return 'it has no audio stream';
  const lines = stderr
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(`${input}: `, '')
        .replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/, '')
        .replace(/\.\s*$/, '')
        .trim(),
    )
    .filter((line) => line.length > 0);
  const [previous, last] = lines.slice(-2);
  if (last === undefined) return previous ?? 'it failed without saying why';
  return `${last} (${previous})`;
}
