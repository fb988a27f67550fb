/** Temporary settings folders for the settings tests: one per test, removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh temporary folder for a settings file, removed when the test ends. */
export async function tempSettingsDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-settings-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
