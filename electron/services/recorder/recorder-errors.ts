/**
 * A failed recorder process, in words a user can act on. SoX and arecord report problems
 * on stderr in their own (and ALSA's or PulseAudio's) words; this sorts them into the few
 * things a user can check, keeping the program's own last line as the detail.
 */
import { RECORDER_INSTALL_HINT } from './recorder-program.ts';
import { PcmSourceError } from './pcm-source.ts';
import type { PcmSourceProblem } from './pcm-source.ts';

export interface RecorderFailure {
  /** The program as it was run. */
  program: string;
  /** The error spawning it raised (ENOENT, EACCES), if it never ran. */
  spawnError?: NodeJS.ErrnoException;
  exitCode: number | null;
  signal: string | null;
  /** What it wrote to stderr (the end of it). */
  stderr: string;
}

/** Patterns in the order they are tried: busy and permission first, as their texts may also say "open error". */
const PATTERNS: readonly [PcmSourceProblem, RegExp][] = [
  ['busy', /busy|in use/i],
  ['permission', /permission denied|access denied|not permitted|EACCES|EPERM/i],
  ['audio-server', /connection refused|pa_context_connect|connection terminated|no pulseaudio daemon/i],
  [
    'no-device',
    /no such (entity|file|device)|no default audio device|unknown pcm|cannot find card|no such audio device|audio open error|can't open input|no (capture|input) device/i,
  ],
];

/** The last non-empty stderr line that is not ALSA's internal chatter, for the detail. */
function lastMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const own = lines.filter((l) => !l.startsWith('ALSA lib '));
  return (own.at(-1) ?? lines.at(-1) ?? '').slice(0, 300);
}

function advice(problem: PcmSourceProblem, program: string): string {
  switch (problem) {
    case 'recorder-missing':
      return `The recorder program "${program}" was not found. ${RECORDER_INSTALL_HINT}.`;
    case 'audio-server':
      return 'The sound server (PulseAudio or PipeWire) is not running or refused the connection. Check that it runs (`pactl info`) and that you are logged in to the desktop session.';
    case 'no-device':
      return 'No microphone was found. Check that a microphone is connected and enabled in the system sound settings, or choose another input device in Settings → Microphone.';
    case 'busy':
      return 'The microphone is in use by another program. Close the other program that is recording (a call, another recorder) and try again.';
    case 'permission':
      return 'Permission to use the microphone was denied. Allow microphone access for SER Studio (macOS: System Settings → Privacy & Security → Microphone; Linux: check that your user is in the "audio" group).';
    case 'recorder-failed':
      return `The recorder "${program}" stopped unexpectedly. Check the microphone and try again.`;
    case 'unreadable-file':
      return 'The audio file cannot be read.';
  }
}

/** The error a PcmSource fails with for this recorder failure. */
export function describeRecorderFailure(failure: RecorderFailure): PcmSourceError {
  const { spawnError, program } = failure;
  if (spawnError?.code === 'ENOENT') return new PcmSourceError('recorder-missing', advice('recorder-missing', program));
  if (spawnError?.code === 'EACCES') {
    return new PcmSourceError('recorder-failed', `The recorder "${program}" cannot be run (permission denied). Check that it is executable, or reinstall it. ${RECORDER_INSTALL_HINT}.`);
  }
  const detail = lastMeaningfulLine(failure.stderr);
  const problem = PATTERNS.find(([, pattern]) => pattern.test(failure.stderr))?.[0] ?? 'recorder-failed';
  const how = failure.signal !== null ? `killed by ${failure.signal}` : `exit code ${failure.exitCode}`;
  const said = detail.length > 0 ? `: ${detail}` : '';
  return new PcmSourceError(problem, `${advice(problem, program)} (${program}, ${how}${said})`);
}
