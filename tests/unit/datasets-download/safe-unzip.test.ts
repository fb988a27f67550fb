import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { DownloadError } from '../../../electron/services/datasets/download-error.ts';
import {
  extractZipSafely,
  resolveEntryPath,
} from '../../../electron/services/datasets/safe-unzip.ts';
import type { ExtractProgress } from '../../../electron/services/datasets/safe-unzip.ts';
import { makeZip, renameZipEntry, tempDir } from './fake-zenodo.ts';

const good = [
  { name: 'Actor_01/a.wav', data: Buffer.from('RIFF-a') },
  { name: 'Actor_02/b.wav', data: Buffer.from('RIFF-bb') },
];

async function writeZip(dir: string, zip: Buffer): Promise<string> {
  const zipPath = path.join(dir, 'corpus.zip');
  await writeFile(zipPath, zip);
  return zipPath;
}

function isArchiveError(pattern: RegExp): (error: unknown) => boolean {
  return (error) =>
    error instanceof DownloadError && error.code === 'archive' && pattern.test(error.message);
}

test('resolveEntryPath keeps names inside the root and refuses the rest', () => {
  const root = path.resolve('/data/corpus');
  assert.equal(resolveEntryPath(root, 'Actor_01/a.wav'), path.join(root, 'Actor_01', 'a.wav'));
  assert.equal(resolveEntryPath(root, './Actor_01/./a.wav'), path.join(root, 'Actor_01', 'a.wav'));
  for (const unsafe of [
    '../a.wav',
    'Actor_01/../../a.wav',
    '/etc/passwd',
    'C:/x.wav',
    'c:x.wav',
    '',
    '.',
    'a\0.wav',
  ]) {
    assert.equal(resolveEntryPath(root, unsafe), undefined, JSON.stringify(unsafe));
  }
});

test('extracts every file through a temp folder, reporting entry progress', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const zipPath = await writeZip(dir, await makeZip(good));
  const targetDir = path.join(dir, 'corpus');
  const progress: ExtractProgress[] = [];
  let tempSeen: string[] = [];

  const result = await extractZipSafely({
    zipPath,
    targetDir,
    onProgress: (p) => progress.push(p),
    beforeCommit: async (tempDir) => {
      assert.equal(existsSync(targetDir), false, 'the target must not appear before the commit');
      tempSeen = (await readdir(tempDir)).sort();
    },
  });

  assert.deepEqual(result, { files: 2, skipped: [] });
  assert.deepEqual(tempSeen, ['Actor_01', 'Actor_02']);
  assert.equal(await readFile(path.join(targetDir, 'Actor_01/a.wav'), 'utf8'), 'RIFF-a');
  assert.equal(await readFile(path.join(targetDir, 'Actor_02/b.wav'), 'utf8'), 'RIFF-bb');
  assert.deepEqual((await readdir(dir)).sort(), ['corpus', 'corpus.zip']);
  assert.deepEqual(progress.at(-1), { entriesDone: 2, entriesTotal: 2 });
});

// yazl refuses unsafe names, so each zip is built with a same-length placeholder, then patched.
for (const [placeholder, unsafe] of [
  ['XX/evil.wav', '../evil.wav'],
  ['Xtmp/evil.wav', '/tmp/evil.wav'],
  ['Actor_01/XXXXX/e.wav', 'Actor_01/../../e.wav'],
  ['XX/evil.wav', '..\\evil.wav'],
] as const) {
  test(`rejects the zip-slip entry ${JSON.stringify(unsafe)} and leaves nothing behind`, async (t) => {
    const { dir, cleanup } = await tempDir();
    t.after(cleanup);
    const zip = renameZipEntry(
      await makeZip([...good, { name: placeholder, data: Buffer.from('x') }]),
      placeholder,
      unsafe,
    );
    const work = path.join(dir, 'work');
    await mkdir(work);
    const zipPath = await writeZip(work, zip);
    const targetDir = path.join(work, 'corpus');

    await assert.rejects(extractZipSafely({ zipPath, targetDir }), isArchiveError(/unsafe entry/));
    assert.deepEqual(await readdir(work), ['corpus.zip']);
    assert.deepEqual(await readdir(dir), ['work']);
  });
}

test('symbolic links in the zip are skipped, never created', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const zip = await makeZip([
    ...good,
    { name: 'Actor_01/link.wav', data: Buffer.from('../../../etc/passwd'), mode: 0o120777 },
  ]);
  const zipPath = await writeZip(dir, zip);
  const targetDir = path.join(dir, 'corpus');

  const result = await extractZipSafely({ zipPath, targetDir });
  assert.deepEqual(result, { files: 2, skipped: ['Actor_01/link.wav'] });
  assert.equal(existsSync(path.join(targetDir, 'Actor_01/link.wav')), false);
});

test('a file that is not a zip is an archive error and no folder appears', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const zipPath = await writeZip(dir, Buffer.from('<html>Service unavailable</html>'));
  await assert.rejects(
    extractZipSafely({ zipPath, targetDir: path.join(dir, 'corpus') }),
    isArchiveError(/corpus\.zip/),
  );
  assert.deepEqual(await readdir(dir), ['corpus.zip']);
});

test('an existing target folder is never overwritten', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const zipPath = await writeZip(dir, await makeZip(good));
  const targetDir = path.join(dir, 'corpus');
  await mkdir(targetDir);
  await writeFile(path.join(targetDir, 'keep.txt'), 'mine');
  await assert.rejects(
    extractZipSafely({ zipPath, targetDir }),
    (error) =>
      error instanceof DownloadError &&
      error.code === 'disk' &&
      /already exists/.test(error.message),
  );
  assert.deepEqual(await readdir(targetDir), ['keep.txt']);
});

test('a repeated entry cannot overwrite the first copy', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const zip = renameZipEntry(
    await makeZip([...good, { name: 'Actor_01/X.wav', data: Buffer.from('evil') }]),
    'Actor_01/X.wav',
    'Actor_01/a.wav',
  );
  const zipPath = await writeZip(dir, zip);
  await assert.rejects(
    extractZipSafely({ zipPath, targetDir: path.join(dir, 'corpus') }),
    isArchiveError(/holds "Actor_01\/a\.wav" twice/),
  );
  assert.deepEqual(await readdir(dir), ['corpus.zip']);
});

test('an abort stops the extraction and removes the partial folder', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const zipPath = await writeZip(dir, await makeZip(good));
  const controller = new AbortController();
  await assert.rejects(
    extractZipSafely({
      zipPath,
      targetDir: path.join(dir, 'corpus'),
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }),
    (error) => error instanceof DownloadError && error.code === 'aborted',
  );
  assert.deepEqual(await readdir(dir), ['corpus.zip']);
});
