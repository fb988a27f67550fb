/**
 * The Electron-only settings adapter imports electron-store, which imports 'electron'
 * and throws in plain Node. This guard keeps it (and electron-store) out of every
 * module that browser mode, the CLI or the tests load.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ADAPTER = 'electron/services/settings/electron-settings-store.ts';
/** The only files allowed to import the adapter (main.ts, when the app shell lands). */
const MAY_IMPORT_ADAPTER = new Set(['electron/main.ts']);

async function typeScriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(repo, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) =>
      path.relative(repo, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    );
}

test('only the Electron adapter imports electron-store, and only main.ts imports the adapter', async () => {
  const files = (
    await Promise.all(['electron', 'training', 'tests', 'bench'].map((dir) => typeScriptFiles(dir)))
  ).flat();
  assert.ok(files.includes(ADAPTER), 'the scan sees the adapter itself');
  const importsOf = (text: string) =>
    [...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map(
      (match) => match[1] ?? match[2] ?? '',
    );
  for (const file of files) {
    const imports = importsOf(await readFile(path.join(repo, file), 'utf8'));
    if (file !== ADAPTER) {
      assert.ok(!imports.includes('electron-store'), `${file} must not import electron-store`);
    }
    if (!MAY_IMPORT_ADAPTER.has(file)) {
      assert.ok(
        !imports.some((specifier) => specifier.endsWith('electron-settings-store.ts')),
        `${file} must not import the Electron-only settings adapter`,
      );
    }
  }
});
