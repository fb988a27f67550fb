/**
 * What the first-run microphone test tells the user about a recording: nothing when it
 * sounds usable, else the one problem worth fixing first, with what to do. The recorder's
 * own failures (no program, no device, busy, …) arrive as PcmSourceErrors already worded
 * by recorder-errors.ts; this adds the problems a recording that did happen can have.
 */
import type { MicrophoneProblem } from '../contract.ts';
import type { PcmSourceProblem } from '../services/recorder/pcm-source.ts';
import type { RecordingLevels } from './audio-levels.ts';

export interface MicrophoneVerdict {
  kind: MicrophoneProblem;
  message: string;
}

/** A peak below this is no sound at all: a muted input or the wrong device. */
const SILENT_PEAK_DB = -60;
/** Speech close to a working microphone peaks well above this (typically −20 to −6 dBFS). */
const QUIET_PEAK_DB = -30;

const round = (db: number): string => `${Math.round(db)} dBFS`.replace('-', '−');

/** The problem of a finished recording of `durationSec` with these levels, or null. */
export function judgeRecording(levels: RecordingLevels, durationSec: number): MicrophoneVerdict | null {
  if (durationSec <= 0) {
    return {
      kind: 'no-audio',
      message: 'The recorder started but delivered no sound. Check that the microphone is connected and enabled in the system sound settings, then try again.',
    };
  }
  if (levels.peakDb < SILENT_PEAK_DB) {
    return {
      kind: 'silent',
      message: `Only silence was recorded (peak ${round(levels.peakDb)}). The microphone may be muted, turned all the way down, or not the input you meant: check the input level in the system sound settings or choose another device.`,
    };
  }
  if (levels.clipped) {
    return {
      kind: 'clipped',
      message: 'The recording is clipped: your voice reached the top of the input range and is distorted. Lower the input gain in the system sound settings or move a little further from the microphone.',
    };
  }
  if (levels.peakDb < QUIET_PEAK_DB) {
    return {
      kind: 'too-quiet',
      message: `Your voice came through very quietly (peak ${round(levels.peakDb)}). Move closer to the microphone or raise its input gain in the system sound settings; tone and pitch are hard to judge in a faint recording.`,
    };
  }
  return null;
}

/** A recorder failure's kind as the microphone test reports it. */
export function recorderProblemKind(problem: PcmSourceProblem): MicrophoneProblem {
  return problem === 'unreadable-file' ? 'recorder-failed' : problem;
}
