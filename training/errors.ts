/**
 * Errors that name the file and the problem, so a batch can report them and go on.
 * Every reader in training/ throws this (never a bare Error) for bad input.
 */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  constructor(
    /** The file that could not be used, as the caller named it. */
    readonly path: string,
    /** What is wrong with it, in words a user can act on. */
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** The message of anything thrown, for reports that must not crash on odd values. */
export function describeError(error: unknown): string {
  if (error instanceof InputFileError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}
