/**
 * Words for what went wrong with ffmpeg or ffprobe, shared by the probe and the sample stream so
 * that a user sees the same advice whichever of the two met the problem first.
 */
import path from 'node:path';
import { InputFileError } from '../../../training/errors.ts';
import { ffmpegInstallHint } from '../../../training/audio/ffmpeg.ts';

/** The error for a file that needs `tool` (ffmpeg or ffprobe) when it is not on PATH. */
export function missingToolError(filePath: string, tool: 'ffmpeg' | 'ffprobe'): InputFileError {
  const extension = path.extname(filePath).toLowerCase();
  const what = extension ? `${extension} files` : 'audio files other than WAV';
  // ffprobe ships in the ffmpeg package everywhere, so the hint is the same.
  return new InputFileError(
    filePath,
    `${tool} is not installed; install ffmpeg (${ffmpegInstallHint()}) to read ${what}`,
  );
}

/**
 * The tool's last error line, with the one before it in parentheses when there is one (the last
 * is often as vague as "Invalid argument"), without "file:/path: " or "[mp3 @ 0x…] " prefixes.
 * Same rules as training/audio/ffmpeg.ts, whose helper is private.
 */
export function toolFailureReason(stderr: string, input: string): string {
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

/** ffmpeg/ffprobe's name for a local file: the `file:` protocol stops "-" or "x:y" being misread. */
export function toolInput(filePath: string): string {
  return `file:${path.resolve(filePath)}`;
}
