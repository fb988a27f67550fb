/**
 * The practice setup form's rules: the pace target band as typed, the practice file's path
 * and which source to offer first. What the back end would reject is caught here with words
 * a user can act on, before Start.
 */
import type { MethodInput, MethodResult } from '../../../electron/contract.ts';
import { isAbsolutePath } from './library-paths.ts';

type Devices = MethodResult<'practice.devices'>;
export type PracticeSource = MethodInput<'practice.start'>['source'];

/** The settings schema's bounds for a pace target. */
const MAX_WPM = 1000;

/** The pace band from the two fields, or the reason it is not one. */
export function parsePaceBand(
  fromText: string,
  toText: string,
): { ok: true; band: [number, number] } | { ok: false; error: string } {
  const from = Number(fromText.trim());
  const to = Number(toText.trim());
  if (
    fromText.trim() === '' ||
    toText.trim() === '' ||
    !Number.isFinite(from) ||
    !Number.isFinite(to)
  ) {
    return { ok: false, error: 'Type the pace target as two numbers of words per minute.' };
  }
  if (from <= 0 || to <= 0) return { ok: false, error: 'The pace target must be above 0 wpm.' };
  if (from > MAX_WPM || to > MAX_WPM)
    return { ok: false, error: `The pace target must be at most ${MAX_WPM} wpm.` };
  if (from > to) return { ok: false, error: 'The lower pace must not exceed the upper one.' };
  return { ok: true, band: [Math.round(from), Math.round(to)] };
}

/** Audio the back end reads (WAV natively, the rest through ffmpeg). */
const AUDIO_EXTENSIONS = [
  'wav',
  'mp3',
  'flac',
  'ogg',
  'oga',
  'opus',
  'm4a',
  'aac',
  'webm',
  'aiff',
  'aif',
];

/** Why `path` cannot be a practice file, or null when it looks like one. */
export function audioPathProblem(path: string): string | null {
  const trimmed = path.trim();
  if (trimmed === '') return 'Type the path of an audio file, or browse to its folder.';
  if (!isAbsolutePath(trimmed)) return 'Type an absolute path (starting with / or a drive letter).';
  if (/[\\/]$/.test(trimmed)) return 'That is a folder: add the audio file’s name.';
  const extension = /\.([A-Za-z0-9]+)$/.exec(trimmed)?.[1]?.toLowerCase();
  if (!extension || !AUDIO_EXTENSIONS.includes(extension)) {
    return 'Pick an audio file (WAV, MP3, FLAC, OGG, M4A …).';
  }
  return null;
}

/**
 * The device the select starts on: the saved one when it is still plugged in, else the
 * system default (null).
 */
export function initialDevice(devices: Devices['devices'], saved: string | null): string | null {
  return saved !== null && devices.some((device) => device.id === saved) ? saved : null;
}

/** The microphone is offered only when a recorder program was found. */
export function microphoneAvailable(devices: Devices | null): boolean {
  return devices !== null && devices.recorder.problem === null;
}

/** The source practice.start is sent, from the form's fields. */
export function sourceOf(
  kind: 'microphone' | 'file',
  device: string | null,
  filePath: string,
): PracticeSource {
  return kind === 'microphone' ? { kind, device } : { kind, path: filePath.trim() };
}
