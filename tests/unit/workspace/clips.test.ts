import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceInputError } from '../../../electron/services/workspace/errors.ts';
import {
  fakeSha256,
  importClips,
  makeClip,
  openTempWorkspace,
  steppingClock,
} from './make-workspace.ts';

test('addClips stores every field of a clip and stamps the import', async (t) => {
  const { store } = await openTempWorkspace(t, { now: steppingClock() });
  const clip = makeClip(7, { intensity: 'strong', gender: undefined });
  const { id: importId } = store.startImport({ sourceDir: '/corpus', format: 'ravdess' });
  const result = store.addClips([clip, makeClip(8)], importId);

  assert.deepEqual(result, { added: 2, unchanged: 0, duplicates: [], conflicts: [] });
  const stored = store.getClip(clip.sha256);
  assert.ok(stored);
  assert.deepEqual(
    { ...stored, importedAt: 'x' },
    {
      id: clip.sha256,
      path: clip.path,
      dataset: 'folder',
      speaker: clip.speaker,
      datasetLabel: clip.label,
      intensity: 'strong',
      statement: clip.statement,
      durationSec: clip.durationSec,
      sampleRate: 16000,
      channels: 1,
      importId,
      importedAt: 'x',
    },
  );
  assert.match(stored.importedAt, /^2026-01-02T03:04:05\.\d{3}Z$/);
  assert.equal(store.getClip(fakeSha256('never imported')), undefined);
});

test('re-importing the same content is idempotent and keeps its labels', async (t) => {
  const { store } = await openTempWorkspace(t);
  const clips = [1, 2, 3].map((i) => makeClip(i));
  importClips(store, clips);
  const event = store.appendLabel({ clipId: clips[0].sha256, annotator: 'ann', label: 'disgust' });
  const before = store.listClips({ offset: 0, limit: 10 });

  const again = store.startImport({ sourceDir: '/corpus', format: 'folder' }).id;
  assert.deepEqual(store.addClips(clips, again), {
    added: 0,
    unchanged: 3,
    duplicates: [],
    conflicts: [],
  });
  assert.deepEqual(
    store.listClips({ offset: 0, limit: 10 }),
    before,
    'rows unchanged, import id and stamp kept',
  );
  assert.deepEqual(store.clipHistory(clips[0].sha256), [event]);
  assert.equal(store.currentLabels()[0].label, 'disgust');
});

test('the same content under another path is a duplicate: stored once, first path kept', async (t) => {
  const { store } = await openTempWorkspace(t);
  const original = makeClip(1);
  const copy = makeClip(1, { path: '/elsewhere/copy.wav' });
  const { id } = store.startImport({ sourceDir: '/corpus', format: 'folder' });
  const result = store.addClips([original, copy], id);
  assert.equal(result.added, 1);
  assert.deepEqual(result.duplicates, [
    { path: '/elsewhere/copy.wav', clipId: original.sha256, storedPath: original.path },
  ]);
  assert.equal(store.clipCount(), 1);
  assert.equal(store.getClip(original.sha256)?.path, original.path);
});

test('changed content at a stored path is skipped and recorded as a problem of that import', async (t) => {
  const { store } = await openTempWorkspace(t);
  const old = makeClip(1);
  importClips(store, [old]);
  store.appendLabel({ clipId: old.sha256, annotator: 'ann', label: 'sad' });
  const edited = makeClip(1, { sha256: fakeSha256('edited audio') });

  const { id } = store.startImport({ sourceDir: '/corpus', format: 'folder' });
  const result = store.addClips([edited, makeClip(2)], id);
  assert.equal(result.added, 1);
  assert.deepEqual(result.conflicts, [
    { path: old.path, clipId: edited.sha256, storedClipId: old.sha256 },
  ]);
  assert.equal(store.getClip(edited.sha256), undefined);
  assert.equal(store.getClip(old.sha256)?.path, old.path);
  const problems = store.listProblems(id);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, old.path);
  assert.match(problems[0].reason, /changed since it was imported/);
  assert.equal(store.currentLabels()[0].clipId, old.sha256, 'the old clip keeps its label');
});

test('a rejected batch stores nothing (validation before any write)', async (t) => {
  const { store } = await openTempWorkspace(t);
  const { id } = store.startImport({ sourceDir: '/corpus', format: 'folder' });
  const bad = makeClip(3, { sha256: 'not-a-hash' });
  assert.throws(
    () => store.addClips([makeClip(1), makeClip(2), bad], id),
    (error) => error instanceof WorkspaceInputError && error.field === 'clips.2.sha256',
  );
  assert.equal(store.clipCount(), 0);
});

test('clips and problems must name a started import; finishImport records counts', async (t) => {
  const { store } = await openTempWorkspace(t, { now: steppingClock() });
  assert.throws(
    () => store.addClips([makeClip(1)], 'no-such-import'),
    (error) => error instanceof WorkspaceInputError && error.field === 'importId',
  );
  assert.throws(
    () => store.addProblems([{ path: '/a.wav', reason: 'x' }], 'no-such-import'),
    (error) => error instanceof WorkspaceInputError && error.field === 'importId',
  );
  assert.equal(store.clipCount(), 0);

  const started = store.startImport({ sourceDir: '/corpus', format: 'cremad' });
  store.addProblems(
    [
      { path: '/corpus/broken.wav', reason: 'not a RIFF file' },
      { path: '/corpus/x.wav', reason: 'name does not fit, "quoted"' },
    ],
    started.id,
  );
  store.addProblems([{ path: '/loose.wav', reason: 'recorded outside any import' }]);
  const finished = store.finishImport(started.id, { clips: 10, problems: 2 });

  assert.equal(finished.finishedAt !== undefined && finished.finishedAt > started.startedAt, true);
  assert.deepEqual(store.listImports(), [finished]);
  assert.deepEqual(
    store.listProblems(started.id).map((p) => [p.path, p.reason, p.importId]),
    [
      ['/corpus/broken.wav', 'not a RIFF file', started.id],
      ['/corpus/x.wav', 'name does not fit, "quoted"', started.id],
    ],
  );
  assert.equal(store.listProblems().length, 3);
  assert.equal(store.listProblems().at(-1)?.importId, undefined);
});
