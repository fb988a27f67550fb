/**
 * The one error type the corpus download throws. Its `code` lets the UI choose what to
 * offer (retry, free disk space, nothing), and its message is written for the user: it
 * names the file and says what to do, so the UI can show it as is.
 */

export type DownloadErrorCode =
  /** The network failed (offline, DNS, dropped connection, stall); retrying resumes. */
  | 'network'
  /** The server answered with an HTTP error for the file itself. */
  | 'server'
  /** The Zenodo record could not be read or does not list the expected file. */
  | 'metadata'
  /** The downloaded bytes do not match the published checksum; the bad copy was deleted. */
  | 'checksum'
  /** The archive is not a zip, or holds an entry that would land outside its folder. */
  | 'archive'
  /** Reading or writing the destination folder failed (no space, no permission). */
  | 'disk'
  /** The caller's AbortSignal fired; partial data was kept for a later resume. */
  | 'aborted'
  /** Another download into the same folder is already running in this process. */
  | 'busy';

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The sentence every resumable failure ends with, so the user knows nothing is lost. */
export const RESUME_HINT = 'check your connection; the download resumes where it stopped';

/** Whether `error` came from an AbortSignal (fetch, timers and streams all use this name). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * A filesystem failure as a 'disk' error that names the path, or undefined for anything
 * that is not one (so callers can rethrow it untouched).
 */
export function diskError(error: unknown, filePath: string): DownloadError | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC') {
    return new DownloadError('disk', `${filePath}: the disk is full; free some space and retry`, {
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new DownloadError(
      'disk',
      `${filePath}: no permission to write here; choose another folder`,
      {
        cause: error,
      },
    );
  }
  return undefined;
}
