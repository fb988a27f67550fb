/**
 * Decoding of everything that is not WAV (FLAC, MP3, OGG, M4A, ...) through the user's ffmpeg.
 * ffmpeg is optional: without it WAV still works, and every other file fails with a message
 * that says how to install it. ffmpeg writes 32-bit float WAV to a pipe, which `parseWav` reads
 * (it treats the unknown size that a pipe forces as "to the end of the stream").
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
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
 * Decode any format ffmpeg understands (FLAC, MP3, OGG, M4A, ...), keeping its own sample rate
 * and channels (resampling is done by `resample`, identically for every format). Throws
 * InputFileError saying how to install ffmpeg when it is not on PATH, and with ffmpeg's own
 * one-line reason when it fails.
 */
export async function decodeWithFfmpeg(filePath: string): Promise<DecodedAudio> {
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) {
    const extension = path.extname(filePath).toLowerCase();
    const what = extension ? `${extension} files` : 'audio files other than WAV';
    throw new InputFileError(
      filePath,
      `ffmpeg is not installed; install it (${ffmpegInstallHint()}) to read ${what}`,
    );
  }
  const input = `file:${path.resolve(filePath)}`;
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
    '-c:a',
    'pcm_f32le',
    '-f',
    'wav',
    'pipe:1',
  ];
  const { code, stdout, stderr, spawnError } = await run(ffmpeg, args);
  if (spawnError) {
    throw new InputFileError(filePath, `could not run ffmpeg (${ffmpeg}): ${spawnError.message}`);
  }
  if (code !== 0) {
    throw new InputFileError(
      filePath,
      `ffmpeg could not decode it: ${ffmpegReason(stderr, input)}`,
    );
  }
  if (stdout.length === 0) throw new InputFileError(filePath, 'ffmpeg decoded no audio from it');
  return parseWav(stdout, filePath);
}

/**
 * ffmpeg's last error line, with the line before it in parentheses when there is one (the last
 * is often as vague as "Invalid argument"), without "file:/path: " or "[mp3 @ 0x…] " prefixes.
 */
function ffmpegReason(stderr: string, input: string): string {
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
  if (last === undefined) return previous ?? 'ffmpeg failed without saying why';
  return `${last} (${previous})`;
}

interface RunResult {
  code: number | null;
  stdout: Uint8Array;
  stderr: string;
  spawnError?: Error;
}

/** Run a command to completion, keeping all of stdout and the tail of stderr (which can be long). */
function run(command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-65536);
    });
    child.on('error', (spawnError) =>
      resolve({ code: null, stdout: new Uint8Array(0), stderr, spawnError }),
    );
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}
