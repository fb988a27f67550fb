/**
 * What practice mode records from: a source of 16 kHz mono signed 16-bit PCM (DESIGN.md §2,
 * step 4), whether a microphone or a file played at real-time pace. The practice service
 * sees only this interface, so "Practice with a file" runs the very pipeline a live
 * microphone does.
 */

/** The rate every source delivers and every model works at (DESIGN.md §4). */
export const PCM_SAMPLE_RATE = 16000;

export interface PcmSource {
  readonly kind: 'microphone' | 'file';
  /** What the session list calls the input: the device ("default microphone") or the file name. */
  readonly name: string;
  /**
   * Starts capturing; call once. The iterator yields chunks of 16 kHz mono s16 samples as
   * they arrive, completes when stop() was called or the input ended (a file played out),
   * and throws a PcmSourceError — never anything else — when capture fails.
   */
  start(): AsyncIterableIterator<Int16Array>;
  /** Stops delivering (and, for a microphone, capturing) until resume(). */
  pause(): void;
  resume(): void;
  /** Ends capture; the iterator completes once what was in flight is delivered. Idempotent. */
  stop(): void;
}

/**
 * Why a source failed. Each kind has its own advice, so the UI (and the tests) can tell
 * "install SoX" from "close the other program using the microphone".
 */
export type PcmSourceProblem =
  | 'recorder-missing'
  | 'audio-server'
  | 'no-device'
  | 'busy'
  | 'permission'
  | 'recorder-failed'
  | 'unreadable-file';

/** A capture failure; the message names what to check or install. */
export class PcmSourceError extends Error {
  override readonly name = 'PcmSourceError';
  constructor(
    readonly problem: PcmSourceProblem,
    message: string,
  ) {
    super(message);
  }
}
