import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceInputError } from '../../../electron/services/workspace/errors.ts';
import { fakeSha256, importClips, makeClip, openTempWorkspace } from './make-workspace.ts';

function rejects(field: string, reason?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof WorkspaceInputError, `a WorkspaceInputError, got ${String(error)}`);
    assert.equal(error.field, field);
    if (reason !== undefined) assert.match(error.reason, reason);
    assert.ok(error.message.startsWith(`${field}: `), 'the message names the field');
    return true;
  };
}

test('appendLabel rejects bad input with an error naming the field, and stores nothing', async (t) => {
  const { store } = await openTempWorkspace(t);
  importClips(store, [makeClip(1)]);
  const clipId = makeClip(1).sha256;
  const cases: [unknown, string, RegExp?][] = [
    [
      { clipId, annotator: 'ann', label: 'joyful' },
      'label',
      /must be one of neutral, calm, .*boredom/,
    ],
    [{ clipId, annotator: 'ann', label: 'Happy' }, 'label'],
    [{ clipId, annotator: 'ann' }, 'label'],
    [{ clipId, annotator: '', label: 'happy' }, 'annotator', /empty/],
    [{ clipId, annotator: '   ', label: 'happy' }, 'annotator', /empty/],
    [{ clipId, annotator: 42, label: 'happy' }, 'annotator'],
    [{ clipId: fakeSha256('unknown'), annotator: 'ann', label: 'happy' }, 'clipId', /no clip/],
    [{ clipId: '', annotator: 'ann', label: 'happy' }, 'clipId'],
    [{ clipId, annotator: 'ann', label: 'happy', intensity: 'extreme' }, 'intensity'],
    [
      { clipId, annotator: 'ann', label: 'happy', flags: ['ok', 'Has Space'] },
      'flags.1',
      /lowercase word/,
    ],
    [{ clipId, annotator: 'ann', label: 'happy', note: 'x'.repeat(2001) }, 'note', /2000/],
    [{ clipId, annotator: 'ann', label: 'happy', lable: 'sad' }, 'lable', /not a field/],
  ];
  for (const [input, field, reason] of cases) {
    // @ts-expect-error -- deliberately malformed input, as it could arrive over IPC
    assert.throws(() => store.appendLabel(input), rejects(field, reason), JSON.stringify(input));
  }
  assert.deepEqual(store.clipHistory(clipId), []);
});

test('other public methods validate their input too', async (t) => {
  const { store } = await openTempWorkspace(t);
  const { id } = store.startImport({ sourceDir: '/corpus', format: 'folder' });
  assert.throws(() => store.undoLast(''), rejects('annotator'));
  assert.throws(() => store.currentLabels(''), rejects('annotator'));
  assert.throws(() => store.clipHistory(fakeSha256('none')), rejects('clipId', /no clip/));
  assert.throws(
    () => store.addClips([makeClip(1, { path: 'relative/clip.wav' })], id),
    rejects('clips.0.path', /absolute/),
  );
  assert.throws(
    // @ts-expect-error -- an unknown corpus label
    () => store.addClips([makeClip(1, { label: 'bored' })], id),
    rejects('clips.0.label'),
  );
  assert.throws(
    () => store.addClips([makeClip(1, { sampleRate: 0 })], id),
    rejects('clips.0.sampleRate'),
  );
  assert.throws(() => store.listClips({ offset: -1, limit: 10 }), rejects('filter.offset'));
  assert.throws(() => store.listClips({ offset: 0, limit: 5000 }), rejects('filter.limit'));
  const unknownSort: unknown = { offset: 0, limit: 10, sort: 'mood' };
  // @ts-expect-error -- an unknown sort key, as it could arrive over IPC
  assert.throws(() => store.listClips(unknownSort), rejects('filter.sort'));
  // @ts-expect-error -- an unknown export format
  assert.throws(() => store.exportHistory('xml'), rejects('format'));
  assert.throws(
    () => store.addModel({ name: '../escape', dir: '/m', metadata: {} }),
    rejects('name'),
  );
  assert.throws(
    () => store.addSession({ startedAt: 'yesterday' }),
    rejects('startedAt', /ISO 8601/),
  );
  assert.throws(() => store.finishImport(id, { clips: -1 }), rejects('counts.clips'));
});
