import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { InputFileError } from '../../../training/errors.ts';
import { hasManifestHeader, parseManifest } from '../../../training/datasets/csv-manifest.ts';

const manifestPath = path.resolve('/data/set/manifest.csv');

test('parseManifest finds columns by header name in any order and resolves paths', () => {
  const text = [
    'Speaker,Emotion,FileName,notes',
    's1,Angry,clips/a.wav,loud',
    ',sad,/abs/b.flac,',
    'spk 2 , PS ,c.mp3',
  ].join('\n');
  const { entries, rejected } = parseManifest(text, manifestPath);
  assert.deepEqual(rejected, []);
  assert.deepEqual(entries, [
    { row: 2, path: path.resolve('/data/set/clips/a.wav'), label: 'angry', speaker: 'csv-s1' },
    { row: 3, path: path.resolve('/abs/b.flac'), label: 'sad', speaker: 'csv-unknown' },
    { row: 4, path: path.resolve('/data/set/c.mp3'), label: 'surprised', speaker: 'csv-spk 2' },
  ]);
});

test('bad rows are rejected with their row number (the header is row 1)', () => {
  const text = [
    'path,label',
    'a.wav,angry',
    '',
    'b.wav,excited',
    ',happy',
    'c.wav,',
    'notes.txt,sad',
    'a.wav,angry',
    'd.wav',
  ].join('\n');
  const { entries, rejected } = parseManifest(text, manifestPath);
  assert.deepEqual(
    entries.map((e) => e.row),
    [2],
  );
  assert.deepEqual(
    rejected.map((r) => r.row),
    [4, 5, 6, 7, 8, 9],
  );
  assert.match(rejected[0].reason, /label "excited" is not an emotion name/);
  assert.match(rejected[1].reason, /the path cell is empty/);
  assert.match(rejected[2].reason, /the label cell is empty/);
  assert.match(rejected[3].reason, /"notes.txt" is not an audio file/);
  assert.match(rejected[4].reason, /"a.wav" is already listed on row 2/);
  assert.match(rejected[5].reason, /the label cell is empty/);
});

test('a manifest without path or label column, or without rows, is an InputFileError', () => {
  const isManifestError = (pattern: RegExp) => (error: unknown) =>
    error instanceof InputFileError && error.path === manifestPath && pattern.test(error.reason);
  assert.throws(
    () => parseManifest('path,speaker\na.wav,s1\n', manifestPath),
    isManifestError(/label column/),
  );
  assert.throws(
    () => parseManifest('label\nangry\n', manifestPath),
    isManifestError(/path column/),
  );
  assert.throws(() => parseManifest('', manifestPath), isManifestError(/header row/));
  assert.throws(
    () => parseManifest('path,label\n', manifestPath),
    isManifestError(/lists no files/),
  );
  assert.throws(
    () => parseManifest('path,label\n"a.wav,angry\n', manifestPath),
    isManifestError(/not a readable CSV/),
  );
});

test('hasManifestHeader tells a manifest from another table', () => {
  assert.equal(hasManifestHeader('\uFEFFFile,Emotion\na.wav,sad\n'), true);
  assert.equal(hasManifestHeader('filename,label,speaker\n'), true);
  assert.equal(
    hasManifestHeader('ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,Caucasian,Not Hispanic\n'),
    false,
  );
  assert.equal(hasManifestHeader(''), false);
});
