import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

/**
 * Create a temporary folder holding the given files (relative path → contents; the
 * importers never read audio, so clips can be empty) and remove it when the test ends.
 */
export async function makeTree(t: TestContext, files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-datasets-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await writeFiles(root, files);
  return root;
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  const dirs = new Set(Object.keys(files).map((f) => path.dirname(path.join(root, f))));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  const entries = Object.entries(files);
  const batch = 256;
  for (let i = 0; i < entries.length; i += batch) {
    await Promise.all(
      entries.slice(i, i + batch).map(([f, text]) => writeFile(path.join(root, f), text)),
    );
  }
}

/** The same contents ('') for every listed path. */
export function emptyFiles(paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((p) => [p, '']));
}
