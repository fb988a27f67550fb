import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { StoredSessionSummary } from '../../../electron/services/practice/session-files.ts';
import { SessionRecordings } from '../../../electron/services/practice/session-recordings.ts';
import { WorkspaceStore } from '../../../electron/services/workspace/store.ts';
import { buildSessionReport } from '../../../training/practice/report.ts';

test('deleteSession removes only that session’s row and says whether there was one', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-session-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const store = WorkspaceStore.open(root);
  t.after(() => store.close());
  store.addSession({ id: 'a', startedAt: '2026-01-01T10:00:00Z', summary: { n: 1 } });
  store.addSession({ id: 'b', startedAt: '2026-01-02T10:00:00Z' });
  assert.equal(store.deleteSession('a'), true);
  assert.equal(store.getSession('a'), undefined);
  assert.deepEqual(store.listSessions().map((s) => s.id), ['b']);
  assert.equal(store.deleteSession('a'), false);
  assert.throws(() => store.deleteSession(''), /id/);
  // The id is free again.
  assert.equal(store.addSession({ id: 'a', startedAt: '2026-01-03T10:00:00Z' }).id, 'a');
});

test('SessionRecordings finds a saved recording by its sha256 from the store alone (a URL kept across restarts)', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-session-recordings-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const store = WorkspaceStore.open(root);
  t.after(() => store.close());
  const sha = 'ab'.repeat(32);
  const summary: StoredSessionSummary = {
    goal: 'calm-confident',
    source: { kind: 'file', name: 'talk.wav' },
    durationSec: 0,
    report: buildSessionReport({ timeline: [], labels: ['neutral'], goal: 'calm-confident', paceTargetWpm: [140, 160] }),
    labels: ['neutral'],
    paceTargetWpm: [140, 160],
    audioSha256: sha,
  };
  // The stored path is stale (the workspace moved); the folder layout is what counts.
  store.addSession({ id: '20260101-100000-abcdef', startedAt: '2026-01-01T10:00:00Z', audioPath: '/old/place/audio.wav', summary });
  store.addSession({ id: 'other', startedAt: '2026-01-01T11:00:00Z', summary: { not: 'a practice summary' } });
  const recordings = new SessionRecordings();
  assert.equal(recordings.find(store, sha), path.join(root, 'sessions', '20260101-100000-abcdef', 'audio.wav'));
  assert.equal(recordings.find(store, 'cd'.repeat(32)), undefined);
  recordings.forget(store, sha);
  store.deleteSession('20260101-100000-abcdef');
  assert.equal(recordings.find(store, sha), undefined);
});
