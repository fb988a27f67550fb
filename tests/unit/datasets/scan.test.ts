import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { InputFileError } from '../../../training/errors.ts';
import { scanDataset } from '../../../training/datasets/scan.ts';
import type { ScanResult, ScannedClip } from '../../../training/datasets/types.ts';
import { emptyFiles, makeTree, writeFiles } from './make-tree.ts';

/** Clips keyed by their path relative to the root, for readable assertions. */
function byRelativePath(root: string, result: ScanResult): Map<string, ScannedClip> {
  return new Map(
    result.clips.map((c) => [path.relative(root, c.path).split(path.sep).join('/'), c]),
  );
}

function problemsByRelativePath(root: string, result: ScanResult): Map<string, string> {
  return new Map(
    result.problems.map((p) => [path.relative(root, p.path).split(path.sep).join('/'), p.reason]),
  );
}

function assertSortedAbsolute(result: ScanResult): void {
  const paths = result.clips.map((c) => c.path);
  assert.ok(paths.every((p) => path.isAbsolute(p)));
  assert.deepEqual(
    paths,
    [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function isInputError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof InputFileError && pattern.test(error.reason);
}

const ravdessTree = {
  'Actor_01/03-01-05-01-01-01-01.wav': '',
  'Actor_01/03-01-01-01-01-01-01.wav': '',
  'Actor_01/03-02-03-01-01-01-01.wav': '',
  'Actor_02/03-01-04-02-02-02-02.wav': '',
  'Actor_02/03-01-09-01-01-01-02.wav': '',
  'Actor_02/03-01-03-01-01-01-01.wav': '',
  'Actor_01/._03-01-05-01-01-01-01.wav': '',
  '.DS_Store': '',
  'README.txt': 'not audio',
};

test('RAVDESS: speech clips, song skipped by default, bad codes and folder mismatches reported', async (t) => {
  const root = await makeTree(t, ravdessTree);
  const result = await scanDataset(root);
  assert.equal(result.dataset, 'ravdess');
  assertSortedAbsolute(result);
  const clips = byRelativePath(root, result);
  assert.deepEqual(
    [...clips.keys()],
    [
      'Actor_01/03-01-01-01-01-01-01.wav',
      'Actor_01/03-01-05-01-01-01-01.wav',
      'Actor_02/03-01-04-02-02-02-02.wav',
    ],
  );
  assert.deepEqual(clips.get('Actor_02/03-01-04-02-02-02-02.wav'), {
    path: path.join(root, 'Actor_02/03-01-04-02-02-02-02.wav'),
    dataset: 'ravdess',
    speaker: 'ravdess-02',
    gender: 'female',
    label: 'sad',
    intensity: 'strong',
    statement: '02',
    vocalChannel: 'speech',
  });
  const problems = problemsByRelativePath(root, result);
  assert.deepEqual(
    [...problems.keys()],
    ['Actor_02/03-01-03-01-01-01-01.wav', 'Actor_02/03-01-09-01-01-01-02.wav'],
  );
  assert.equal(
    problems.get('Actor_02/03-01-03-01-01-01-01.wav'),
    'folder Actor_02 disagrees with actor 01 in the file name',
  );
  assert.equal(problems.get('Actor_02/03-01-09-01-01-01-02.wav'), 'emotion code 09 is not 01–08');
  assert.deepEqual(result.counts, {
    byLabel: { neutral: 1, sad: 1, angry: 1 },
    bySpeaker: { 'ravdess-01': 2, 'ravdess-02': 1 },
  });
  assert.deepEqual(Object.keys(result.counts.byLabel), ['neutral', 'sad', 'angry']);
});

test('RAVDESS: includeSong keeps song clips', async (t) => {
  const root = await makeTree(t, ravdessTree);
  const result = await scanDataset(root, { format: 'ravdess', includeSong: true });
  const song = byRelativePath(root, result).get('Actor_01/03-02-03-01-01-01-01.wav');
  assert.equal(song?.vocalChannel, 'song');
  assert.equal(song?.label, 'happy');
  assert.equal(result.clips.length, 4);
  assert.equal(result.problems.length, 2);
  assert.deepEqual(result.counts.bySpeaker, { 'ravdess-01': 3, 'ravdess-02': 1 });
});

const cremadAudio = [
  'AudioWAV/1001_DFA_ANG_XX.wav',
  'AudioWAV/1002_IEO_HAP_HI.wav',
  'AudioWAV/1003_TIE_SAD_LO.wav',
  'AudioWAV/1001_ITS_NEU_XX.wav',
  'AudioWAV/1001_bad.wav',
];
const demographics =
  'ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,Caucasian,Not Hispanic\n1002,21,Female,Caucasian,Not Hispanic\n';

test('CREMA-D: gender from VideoDemographics.csv when present, and the table is not a manifest', async (t) => {
  const root = await makeTree(t, {
    ...emptyFiles(cremadAudio),
    'VideoDemographics.csv': demographics,
  });
  const result = await scanDataset(root);
  assert.equal(result.dataset, 'cremad');
  const clips = byRelativePath(root, result);
  assert.equal(clips.size, 4);
  assert.equal(clips.get('AudioWAV/1001_DFA_ANG_XX.wav')?.gender, 'male');
  assert.equal(clips.get('AudioWAV/1001_ITS_NEU_XX.wav')?.gender, 'male');
  assert.equal(clips.get('AudioWAV/1002_IEO_HAP_HI.wav')?.gender, 'female');
  const unlisted = clips.get('AudioWAV/1003_TIE_SAD_LO.wav');
  assert.ok(unlisted);
  assert.equal('gender' in unlisted, false);
  assert.equal(unlisted.intensity, 'low');
  assert.match(
    problemsByRelativePath(root, result).get('AudioWAV/1001_bad.wav') ?? '',
    /CREMA-D scheme/,
  );
  assert.deepEqual(result.counts, {
    byLabel: { neutral: 1, happy: 1, sad: 1, angry: 1 },
    bySpeaker: { 'cremad-1001': 2, 'cremad-1002': 1, 'cremad-1003': 1 },
  });
});

test('CREMA-D: without the demographics table no clip has a gender', async (t) => {
  const root = await makeTree(t, emptyFiles(cremadAudio));
  const result = await scanDataset(root, { format: 'cremad' });
  assert.equal(result.clips.length, 4);
  assert.ok(result.clips.every((c) => !('gender' in c)));
});

test('CREMA-D: a broken demographics table is a problem, not a failure', async (t) => {
  const root = await makeTree(t, {
    ...emptyFiles(cremadAudio),
    'meta/VideoDemographics.csv': 'ActorID,Age\n1001,51\n',
  });
  const result = await scanDataset(root);
  assert.equal(result.clips.length, 4);
  assert.match(
    problemsByRelativePath(root, result).get('meta/VideoDemographics.csv') ?? '',
    /ActorID and Sex/,
  );
});

test('TESS: ps becomes surprised; folder and name must agree', async (t) => {
  const root = await makeTree(
    t,
    emptyFiles([
      'OAF_angry/OAF_back_angry.wav',
      'OAF_Pleasant_surprise/OAF_back_ps.wav',
      'YAF_pleasant_surprised/YAF_dog_ps.wav',
      'YAF_sad/YAF_dog_sad.wav',
      'YAF_sad/YAF_dog_happy.wav',
    ]),
  );
  const result = await scanDataset(root);
  assert.equal(result.dataset, 'tess');
  const clips = byRelativePath(root, result);
  assert.equal(clips.get('YAF_pleasant_surprised/YAF_dog_ps.wav')?.label, 'surprised');
  assert.equal(clips.get('OAF_Pleasant_surprise/OAF_back_ps.wav')?.statement, 'back');
  assert.ok(result.clips.every((c) => c.gender === 'female'));
  assert.match(
    problemsByRelativePath(root, result).get('YAF_sad/YAF_dog_happy.wav') ?? '',
    /disagrees with emotion "happy"/,
  );
  assert.deepEqual(result.counts, {
    byLabel: { sad: 1, angry: 1, surprised: 2 },
    bySpeaker: { 'tess-OAF': 2, 'tess-YAF': 2 },
  });
});

test('SAVEE: flat and speaker-folder layouts', async (t) => {
  const flat = await makeTree(
    t,
    emptyFiles(['ALL/DC_a01.wav', 'ALL/JE_sa02.wav', 'ALL/KL_su15.wav', 'ALL/KL_su16.wav']),
  );
  const flatResult = await scanDataset(flat);
  assert.equal(flatResult.dataset, 'savee');
  assert.deepEqual(flatResult.counts, {
    byLabel: { sad: 1, angry: 1, surprised: 1 },
    bySpeaker: { 'savee-DC': 1, 'savee-JE': 1, 'savee-KL': 1 },
  });
  assert.match(
    problemsByRelativePath(flat, flatResult).get('ALL/KL_su16.wav') ?? '',
    /sentence number 16/,
  );

  const nested = await makeTree(
    t,
    emptyFiles(['AudioData/DC/a01.wav', 'AudioData/JK/n30.wav', 'AudioData/JK/h16.wav']),
  );
  const nestedResult = await scanDataset(nested);
  assert.equal(nestedResult.dataset, 'savee');
  const clips = byRelativePath(nested, nestedResult);
  assert.deepEqual(clips.get('AudioData/JK/n30.wav'), {
    path: path.join(nested, 'AudioData/JK/n30.wav'),
    dataset: 'savee',
    speaker: 'savee-JK',
    gender: 'male',
    label: 'neutral',
    statement: 'n30',
  });
  assert.deepEqual(
    [...problemsByRelativePath(nested, nestedResult).keys()],
    ['AudioData/JK/h16.wav'],
  );
});

test('EmoDB: boredom and the published speaker genders', async (t) => {
  const root = await makeTree(
    t,
    emptyFiles([
      'wav/03a01Wa.wav',
      'wav/08b10Lc.wav',
      'wav/16a05Tb.wav',
      'wav/09a02Na.wav',
      'wav/04a01Wa.wav',
    ]),
  );
  const result = await scanDataset(root);
  assert.equal(result.dataset, 'emodb');
  const clips = byRelativePath(root, result);
  assert.equal(clips.get('wav/08b10Lc.wav')?.label, 'boredom');
  assert.equal(clips.get('wav/08b10Lc.wav')?.gender, 'female');
  assert.equal(clips.get('wav/03a01Wa.wav')?.gender, 'male');
  assert.match(
    problemsByRelativePath(root, result).get('wav/04a01Wa.wav') ?? '',
    /speaker 04 is not an EmoDB speaker/,
  );
  assert.deepEqual(result.counts, {
    byLabel: { neutral: 1, sad: 1, angry: 1, boredom: 1 },
    bySpeaker: { 'emodb-03': 1, 'emodb-08': 1, 'emodb-09': 1, 'emodb-16': 1 },
  });
});

test('folder layout: label folders with and without speaker subfolders', async (t) => {
  const root = await makeTree(
    t,
    emptyFiles([
      'angry/spk1/a.wav',
      'angry/spk2/b.flac',
      'Happy/c.MP3',
      'sad/x/y/d.ogg',
      'misc/e.wav',
      'root.wav',
    ]),
  );
  const result = await scanDataset(root);
  assert.equal(result.dataset, 'folder');
  const clips = byRelativePath(root, result);
  assert.equal(clips.get('angry/spk2/b.flac')?.speaker, 'folder-spk2');
  assert.equal(clips.get('Happy/c.MP3')?.label, 'happy');
  assert.deepEqual(result.counts, {
    byLabel: { happy: 1, sad: 1, angry: 2 },
    bySpeaker: { 'folder-spk1': 1, 'folder-spk2': 1, 'folder-unknown': 2 },
  });
  const problems = problemsByRelativePath(root, result);
  assert.match(problems.get('misc/e.wav') ?? '', /folder "misc" is not an emotion name/);
  assert.match(problems.get('root.wav') ?? '', /directly in the dataset folder/);
});

async function makeCsvTree(t: TestContext): Promise<{ root: string; outside: string }> {
  const root = await makeTree(t, emptyFiles(['audio/a.wav', 'audio/b.wav']));
  const outside = await mkdtemp(path.join(os.tmpdir(), 'ser-datasets-abs-'));
  t.after(() => rm(outside, { recursive: true, force: true }));
  await writeFiles(outside, emptyFiles(['c.wav']));
  const manifest = [
    'Speaker,Emotion,File',
    's1,Angry,audio/a.wav',
    `,sad,${path.join(outside, 'c.wav')}`,
    's2,excited,audio/b.wav',
    's1,happy,audio/missing.wav',
    's3,neutral,',
  ].join('\n');
  await writeFiles(root, { 'manifest.csv': manifest });
  return { root, outside };
}

test('CSV manifest: relative and absolute paths; bad rows name their row', async (t) => {
  const { root, outside } = await makeCsvTree(t);
  const manifest = path.join(root, 'manifest.csv');
  for (const [dir, options] of [
    [manifest, {}],
    [root, {}],
    [root, { format: 'csv' }],
  ] as const) {
    const result = await scanDataset(dir, options);
    assert.equal(result.dataset, 'csv');
    assert.deepEqual(
      result.clips,
      [
        { path: path.join(root, 'audio/a.wav'), dataset: 'csv', speaker: 'csv-s1', label: 'angry' },
        { path: path.join(outside, 'c.wav'), dataset: 'csv', speaker: 'csv-unknown', label: 'sad' },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    assert.deepEqual(
      result.problems.map((p) => p.path),
      [manifest, manifest, manifest],
    );
    assert.match(result.problems[0].reason, /^row 4: label "excited" is not an emotion name/);
    assert.match(result.problems[1].reason, /^row 5: no audio file at .*missing\.wav$/);
    assert.match(result.problems[2].reason, /^row 6: the path cell is empty/);
    assert.deepEqual(result.counts, {
      byLabel: { sad: 1, angry: 1 },
      bySpeaker: { 'csv-s1': 1, 'csv-unknown': 1 },
    });
  }
});

test('CSV manifest: a folder needs exactly one top-level .csv with --format csv', async (t) => {
  const none = await makeTree(t, emptyFiles(['angry/a.wav']));
  await assert.rejects(
    scanDataset(none, { format: 'csv' }),
    isInputError(/exactly one \.csv manifest.*found none/),
  );
  const two = await makeTree(t, {
    'a.csv': 'path,label\nx.wav,sad\n',
    'b.csv': 'path,label\nx.wav,sad\n',
  });
  await assert.rejects(scanDataset(two, { format: 'csv' }), isInputError(/found a\.csv, b\.csv/));
  const broken = await makeTree(t, { 'list.csv': 'file,speaker\nx.wav,s1\n' });
  await assert.rejects(scanDataset(path.join(broken, 'list.csv')), isInputError(/label column/));
});

test('a forced format applies its scheme to every file', async (t) => {
  const root = await makeTree(t, emptyFiles(cremadAudio));
  const result = await scanDataset(root, { format: 'ravdess' });
  assert.equal(result.dataset, 'ravdess');
  assert.equal(result.clips.length, 0);
  assert.equal(result.problems.length, cremadAudio.length);
  assert.ok(
    result.problems.every(
      (p) => p.reason === 'file name does not follow the RAVDESS scheme MM-VV-EE-II-SS-RR-AA',
    ),
  );
  assert.deepEqual(result.counts, { byLabel: {}, bySpeaker: {} });
});

test('a missing folder, a folder without audio, and unknown names are InputFileErrors', async (t) => {
  const root = await makeTree(t, { 'README.txt': 'hello', 'sub/notes.md': '' });
  const missing = path.join(root, 'nope');
  await assert.rejects(
    scanDataset(missing),
    (error) =>
      error instanceof InputFileError &&
      error.path === missing &&
      error.reason === 'does not exist',
  );
  await assert.rejects(scanDataset(root), isInputError(/contains no audio files \(\.wav/));
  const emptyDir = await makeTree(t, {});
  await assert.rejects(scanDataset(emptyDir), isInputError(/contains no audio files/));
  const unknown = await makeTree(t, emptyFiles(['take1.wav', 'take2.wav', 'x/take3.wav']));
  await assert.rejects(
    scanDataset(unknown),
    isInputError(/^could not detect the corpus format; pass --format/),
  );
  await assert.rejects(scanDataset(path.join(root, 'README.txt')), isInputError(/is a file/));
});

test('a generated 10,000-file CREMA-D tree is scanned completely', async (t) => {
  const emotions = ['ANG', 'DIS', 'FEA', 'HAP', 'NEU', 'SAD'];
  const labelOf: Record<string, string> = {
    ANG: 'angry',
    DIS: 'disgust',
    FEA: 'fearful',
    HAP: 'happy',
    NEU: 'neutral',
    SAD: 'sad',
  };
  const sentences = [
    'IEO',
    'TIE',
    'IOM',
    'IWW',
    'TAI',
    'MTI',
    'IWL',
    'ITH',
    'DFA',
    'ITS',
    'TSI',
    'WSI',
  ];
  const levels = ['LO', 'MD', 'HI', 'XX'];
  const files: string[] = [];
  const expectedByLabel = new Map<string, number>();
  const expectedBySpeaker = new Map<string, number>();
  for (let i = 0; files.length < 10_000; i++) {
    const actor = 1001 + (i % 91);
    const emotion = emotions[Math.floor(i / 91) % 6];
    const sentence = sentences[Math.floor(i / 546) % 12];
    const level = levels[Math.floor(i / 6552) % 4];
    files.push(`AudioWAV/${actor}_${sentence}_${emotion}_${level}.wav`);
    expectedByLabel.set(labelOf[emotion], (expectedByLabel.get(labelOf[emotion]) ?? 0) + 1);
    expectedBySpeaker.set(`cremad-${actor}`, (expectedBySpeaker.get(`cremad-${actor}`) ?? 0) + 1);
  }
  assert.equal(new Set(files).size, 10_000);
  const root = await makeTree(
    t,
    emptyFiles([...files, 'AudioWAV/.hidden.wav', 'AudioWAV/1001_bad.wav']),
  );
  const result = await scanDataset(root);
  assert.equal(result.dataset, 'cremad');
  assert.equal(result.clips.length, 10_000);
  assert.equal(result.problems.length, 1);
  assertSortedAbsolute(result);
  assert.deepEqual(new Map(Object.entries(result.counts.byLabel)), expectedByLabel);
  assert.deepEqual(
    Object.entries(result.counts.bySpeaker).sort(),
    [...expectedBySpeaker.entries()].sort(),
  );
});
