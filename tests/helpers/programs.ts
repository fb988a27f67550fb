/** Whether a system program a test needs (espeak-ng, sox, chromium) is on PATH. */
import { findExecutable } from '../../training/find-executable.ts';
import { chromiumPath } from './chromium.ts';

export function hasProgram(name: string): boolean {
  return findExecutable(name) !== null;
}

/**
 * Why a browser e2e suite cannot run here (Chromium, espeak-ng or sox missing), printed
 * once; false when everything it needs is installed.
 */
export function browserSuiteSkipReason(suite: string): string | false {
  const missing = [
    chromiumPath() === null ? 'chromium' : null,
    hasProgram('espeak-ng') ? null : 'espeak-ng',
    hasProgram('sox') ? null : 'sox',
  ].filter((name) => name !== null);
  if (missing.length === 0) return false;
  const reason = `${missing.join(', ')} not installed (apt-get install ${missing.join(' ')})`;
  console.log(`# skipping ${suite}: ${reason}`);
  return reason;
}
