import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceInputError } from '../../../electron/services/workspace/errors.ts';
import { WorkspaceStore } from '../../../electron/services/workspace/store.ts';
import { openTempWorkspace, steppingClock } from './make-workspace.ts';

test('models: add, list in creation order, names unique, kept across reopen', async (t) => {
  const { store, dir } = await openTempWorkspace(t, { now: steppingClock() });
  const metadata = { labels: ['happy', 'sad'], evaluation: { uar: 0.51 }, license: null };
  const first = store.addModel({ name: 'cnn-v1', dir: `${dir}/models/cnn-v1`, metadata });
  store.addModel({ name: 'cnn-v2', dir: `${dir}/models/cnn-v2`, metadata: {} });
  assert.deepEqual(store.listModels()[0], first);
  assert.deepEqual(
    store.listModels().map((m) => m.name),
    ['cnn-v1', 'cnn-v2'],
  );

  assert.throws(
    () => store.addModel({ name: 'cnn-v1', dir: '/x', metadata: {} }),
    (e) => e instanceof WorkspaceInputError && /already exists/.test(e.reason),
  );

  store.close();
  const reopened = WorkspaceStore.open(dir);
  t.after(() => reopened.close());
  assert.deepEqual(
    reopened.listModels().map((m) => m.name),
    ['cnn-v1', 'cnn-v2'],
  );
  assert.deepEqual(reopened.listModels()[0].metadata, metadata);
});

test('sessions: add (id generated when absent), get, list newest first', async (t) => {
  const { store } = await openTempWorkspace(t);
  const summary = { meanProbs: { happy: 0.4 }, words: 120, pauses: [1.5, 3] };
  const older = store.addSession({
    id: 'talk-1',
    startedAt: '2026-03-01T10:00:00.000Z',
    endedAt: '2026-03-01T10:05:00.000Z',
    audioPath: '/ws/sessions/talk-1.wav',
    summary,
  });
  const newer = store.addSession({ startedAt: '2026-03-02T09:00:00.000Z' });

  assert.equal(older.id, 'talk-1');
  assert.match(newer.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(store.getSession('talk-1'), {
    id: 'talk-1',
    startedAt: '2026-03-01T10:00:00.000Z',
    endedAt: '2026-03-01T10:05:00.000Z',
    audioPath: '/ws/sessions/talk-1.wav',
    summary,
  });
  assert.deepEqual(store.getSession(newer.id), {
    id: newer.id,
    startedAt: '2026-03-02T09:00:00.000Z',
  });
  assert.equal(store.getSession('nope'), undefined);
  assert.deepEqual(
    store.listSessions().map((s) => s.id),
    [newer.id, 'talk-1'],
  );
  assert.throws(
    () => store.addSession({ id: 'talk-1', startedAt: '2026-03-03T00:00:00.000Z' }),
    (e) => e instanceof WorkspaceInputError && e.field === 'id',
  );
});
