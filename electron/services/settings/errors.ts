/**
 * The error settings throw for input a caller can fix. It names the field, so the
 * Settings view can point at the bad control instead of showing a stack trace.
 */
import type { z } from 'zod';

/** A patch (or a settings file) broke a settings rule. Nothing was written. */
export class SettingsValidationError extends Error {
  override readonly name = 'SettingsValidationError';
  constructor(
    /** The offending setting as a dotted path ('hotkeys', 'practice.paceTargetWpm'). */
    readonly field: string,
    /** What is wrong with it, in words a user can act on. */
    readonly reason: string,
  ) {
    super(`Invalid setting "${field}": ${reason}`);
  }

  /** The first problem zod found, as a settings error naming its field. */
  static fromZod(error: z.ZodError): SettingsValidationError {
    const issue = error.issues[0];
    if (!issue) return new SettingsValidationError('(settings)', error.message);
    const field = issue.path.map(String).join('.') || '(settings)';
    return new SettingsValidationError(field, issue.message);
  }
}
