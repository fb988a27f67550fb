/**
 * Which program captures the microphone, and how it is run. SoX's `rec` is preferred (it
 * exists on Linux, macOS and Windows); ALSA's `arecord` is the Linux fallback. Both write raw
 * 16 kHz mono s16le to stdout, so nothing downstream knows which one ran.
 *
 * With PulseAudio (or PipeWire's pulse server) SoX must be told to use it (AUDIODRIVER)
 * and given a short latency: without PULSE_LATENCY_MSEC=20 it delivers audio in 2-second
 * bursts and loses some (DESIGN.md §8).
 */
import { execFile } from 'node:child_process';
import { findExecutable } from '../../../training/find-executable.ts';
import { PCM_SAMPLE_RATE } from './pcm-source.ts';

export const RECORDER_INSTALL_HINT = 'Install SoX (apt install sox / brew install sox) or alsa-utils (arecord)';

export interface RecorderProgram {
  kind: 'sox' | 'arecord';
  /** The program's absolute path. */
  path: string;
}

export interface RecorderLookup {
  program: RecorderProgram | null;
  /** What to install when no program was found. */
  problem: string | null;
}

/** The recorder on PATH, or what to install. */
export function findRecorder(): RecorderLookup {
  const rec = findExecutable('rec');
  if (rec !== null) return { program: { kind: 'sox', path: rec }, problem: null };
  const arecord = findExecutable('arecord');
  if (arecord !== null) return { program: { kind: 'arecord', path: arecord }, problem: null };
  return { program: null, problem: `No recorder program was found. ${RECORDER_INSTALL_HINT}.` };
}

/** Whether a PulseAudio-compatible server answers (`pactl info`), so SoX should record through it. */
export function pulseAudioReachable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  const pactl = findExecutable('pactl');
  if (pactl === null) return Promise.resolve(env.PULSE_SERVER !== undefined);
  return new Promise((resolve) => {
    execFile(pactl, ['info'], { env, timeout: 2000 }, (error) => resolve(error === null));
  });
}

/** SoX's I/O buffer in bytes: 50 ms of audio, so chunks arrive often (its default is 8 KiB). */
const SOX_BUFFER_BYTES = (PCM_SAMPLE_RATE * 2) / 20;

export interface RecordingCommand {
  cmd: string;
  args: string[];
  spawnOptions: { env: NodeJS.ProcessEnv };
}

/**
 * The command line and environment that record `device` (null: the system default input)
 * as raw 16 kHz mono s16le on stdout. `pulse`: record through the PulseAudio server.
 */
export function recordingCommand(
  program: RecorderProgram,
  options: { device: string | null; pulse: boolean; env: NodeJS.ProcessEnv },
): RecordingCommand {
  const env: NodeJS.ProcessEnv = { ...options.env };
  if (program.kind === 'arecord') {
    const device = options.device === null ? [] : ['-D', options.device];
    const args = [...device, '-q', '-r', String(PCM_SAMPLE_RATE), '-c', '1', '-f', 'S16_LE', '-t', 'raw', '-'];
    return { cmd: program.path, args, spawnOptions: { env } };
  }
  if (options.pulse) {
    // A driver the user chose on purpose is kept.
    env.AUDIODRIVER ??= 'pulseaudio';
    env.PULSE_LATENCY_MSEC = '20';
  }
  if (options.device !== null) env.AUDIODEV = options.device;
  const args = [
    '-q',
    '--buffer',
    String(SOX_BUFFER_BYTES),
    '-r',
    String(PCM_SAMPLE_RATE),
    '-c',
    '1',
    '-e',
    'signed-integer',
    '-b',
    '16',
    '-t',
    'raw',
    '-',
  ];
  return { cmd: program.path, args, spawnOptions: { env } };
}
