/** Assertion for the project's bad-input contract: an InputFileError naming the file and why. */
import assert from 'node:assert/strict';
import { InputFileError } from '../../training/errors.ts';

/** Assert the promise rejects with an InputFileError for `file` whose reason matches. */
export async function assertRejectsForFile(promise: Promise<unknown>, file: string, reason: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InputFileError, String(error));
    assert.equal(error.path, file);
    assert.ok(error.message.startsWith(`${file}: `));
    assert.match(error.reason, reason);
    return true;
  });
}
