/**
 * Errors the workspace store throws for things a caller can fix. They name the field or
 * the folder, so the UI can point at the bad input instead of showing a stack trace.
 */

/** A public method got input it cannot store (bad shape, unknown label or clip, ...). */
export class WorkspaceInputError extends Error {
  override readonly name = 'WorkspaceInputError';
  constructor(
    /** The offending input field as a dotted path ('label', 'clips.3.sha256'). */
    readonly field: string,
    /** What is wrong with it, in words a user can act on. */
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The workspace folder cannot be opened as a workspace by this build. */
export class WorkspaceOpenError extends Error {
  override readonly name = 'WorkspaceOpenError';
  constructor(
    /** The workspace folder as the caller named it. */
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`${dir}: ${reason}`);
  }
}
