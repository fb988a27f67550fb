import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  AUDIO_EXTENSIONS,
  isAudioFile,
  listFiles,
  splitRelativePath,
} from '../../../training/datasets/walk.ts';
import { emptyFiles, makeTree, writeFiles } from './make-tree.ts';

test('isAudioFile accepts the seven audio extensions in any case and nothing else', () => {
  assert.deepEqual(
    [...AUDIO_EXTENSIONS],
    ['.wav', '.flac', '.mp3', '.ogg', '.m4a', '.aac', '.opus'],
  );
  for (const ext of AUDIO_EXTENSIONS) {
    assert.equal(isAudioFile(`a${ext}`), true, ext);
    assert.equal(isAudioFile(`dir/a${ext.toUpperCase()}`), true, ext.toUpperCase());
  }
  for (const name of ['a.txt', 'a.csv', 'wav', 'a.wav.bak', 'a.mp4', 'a'])
    assert.equal(isAudioFile(name), false, name);
});

test('splitRelativePath gives folders and the stem', () => {
  assert.deepEqual(splitRelativePath('Actor_01/03-01-01-01-01-01-01.wav'), {
    folders: ['Actor_01'],
    stem: '03-01-01-01-01-01-01',
  });
  assert.deepEqual(splitRelativePath('a\\b/c.d.flac'), { folders: ['a', 'b'], stem: 'c.d' });
  assert.deepEqual(splitRelativePath('x.wav'), { folders: [], stem: 'x' });
});

test('listFiles lists files recursively, sorted, skipping hidden files and folders', async (t) => {
  const root = await makeTree(
    t,
    emptyFiles([
      'b/z.wav',
      'b/a.WAV',
      'a.txt',
      '.DS_Store',
      'b/._a.WAV',
      '.git/x.wav',
      'c/d/e.flac',
    ]),
  );
  const listing = await listFiles(root);
  assert.deepEqual(listing.files, ['a.txt', 'b/a.WAV', 'b/z.wav', 'c/d/e.flac']);
  assert.deepEqual(listing.problems, []);
});

test('listFiles follows links to files and outside folders once, and survives loops', async (t) => {
  const root = await makeTree(t, emptyFiles(['in/a.wav']));
  const outside = await mkdtemp(path.join(os.tmpdir(), 'ser-datasets-outside-'));
  t.after(() => rm(outside, { recursive: true, force: true }));
  await writeFiles(outside, emptyFiles(['o.wav']));
  await symlink(path.join(outside, 'o.wav'), path.join(root, 'in', 'linked.wav'));
  await symlink(outside, path.join(root, 'ext1'));
  await symlink(outside, path.join(root, 'ext2'));
  await symlink(root, path.join(root, 'in', 'loop'));
  await symlink(path.join(root, 'missing'), path.join(root, 'dangling.wav'));
  await mkdir(path.join(root, 'empty'));
  const listing = await listFiles(root);
  assert.deepEqual(listing.files, ['ext1/o.wav', 'in/a.wav', 'in/linked.wav']);
});

test('listFiles rejects a root that cannot be read', async () => {
  await assert.rejects(
    listFiles(path.join(os.tmpdir(), 'ser-datasets-does-not-exist-7f3a')),
    /ENOENT/,
  );
});
