/** Whether a system program a test needs (espeak-ng, sox, chromium) is on PATH. */
import { findExecutable } from '../../training/find-executable.ts';

export function hasProgram(name: string): boolean {
  return findExecutable(name) !== null;
}
