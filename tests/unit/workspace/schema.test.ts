import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { openDatabase } from '../../../electron/services/workspace/database.ts';
import { WorkspaceOpenError } from '../../../electron/services/workspace/errors.ts';
import { SCHEMA_VERSION } from '../../../electron/services/workspace/schema.ts';
import { WorkspaceStore } from '../../../electron/services/workspace/store.ts';
import { importClips, makeClip, tempDir } from './make-workspace.ts';

function pragma(db: DatabaseSync, name: string): unknown {
  return db.prepare(`PRAGMA ${name}`).get()?.[name];
}

function tableNames(db: DatabaseSync): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => String(row.name));
}

test('open creates the folder layout, the schema at the current version, in WAL mode', async (t) => {
  const dir = path.join(await tempDir(t), 'nested', 'my-workspace');
  const store = WorkspaceStore.open(dir);
  store.close();

  for (const sub of ['cache', 'models', 'sessions']) {
    assert.ok(statSync(path.join(dir, sub)).isDirectory(), `${sub}/ exists`);
  }
  const db = new DatabaseSync(path.join(dir, 'workspace.db'));
  t.after(() => db.close());
  assert.equal(pragma(db, 'user_version'), SCHEMA_VERSION);
  assert.ok(SCHEMA_VERSION >= 1);
  assert.equal(pragma(db, 'journal_mode'), 'wal');
  for (const table of [
    'clips',
    'current_labels',
    'import_problems',
    'imports',
    'label_events',
    'models',
    'sessions',
  ]) {
    assert.ok(tableNames(db).includes(table), `table ${table}`);
  }
});

test('the connection is durable: synchronous FULL, foreign keys on', async (t) => {
  const db = openDatabase(path.join(await tempDir(t), 'x.db'));
  t.after(() => db.close());
  assert.equal(pragma(db, 'synchronous'), 2, 'FULL is 2');
  assert.equal(pragma(db, 'foreign_keys'), 1);
  assert.equal(pragma(db, 'journal_mode'), 'wal');
});

test('reopening keeps the data and does not migrate again', async (t) => {
  const dir = await tempDir(t);
  const first = WorkspaceStore.open(dir);
  importClips(first, [makeClip(1), makeClip(2)]);
  const event = first.appendLabel({ clipId: makeClip(1).sha256, annotator: 'ann', label: 'sad' });
  first.close();

  const second = WorkspaceStore.open(dir);
  t.after(() => second.close());
  assert.equal(second.clipCount(), 2);
  assert.deepEqual(second.clipHistory(makeClip(1).sha256), [event]);
  assert.deepEqual(
    second.currentLabels().map((e) => e.label),
    ['sad'],
  );
});

test('open refuses a workspace written by a newer schema, and leaves it untouched', async (t) => {
  const dir = await tempDir(t);
  WorkspaceStore.open(dir).close();
  const db = new DatabaseSync(path.join(dir, 'workspace.db'));
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  db.close();

  assert.throws(
    () => WorkspaceStore.open(dir),
    (error) =>
      error instanceof WorkspaceOpenError &&
      error.dir === dir &&
      /newer SER Studio/.test(error.reason) &&
      error.reason.includes(String(SCHEMA_VERSION + 1)),
  );
  const after = new DatabaseSync(path.join(dir, 'workspace.db'));
  t.after(() => after.close());
  assert.equal(pragma(after, 'user_version'), SCHEMA_VERSION + 1);
});

test('open names the problem when the folder cannot be a workspace', async (t) => {
  const root = await tempDir(t);
  const file = path.join(root, 'not-a-folder');
  await writeFile(file, 'x');
  assert.throws(
    () => WorkspaceStore.open(file),
    (error) => error instanceof WorkspaceOpenError && /not a folder/.test(error.reason),
  );

  const garbage = path.join(root, 'garbage');
  WorkspaceStore.open(garbage).close();
  await writeFile(path.join(garbage, 'workspace.db'), 'this is not a database '.repeat(100));
  for (const side of ['workspace.db-wal', 'workspace.db-shm']) {
    assert.equal(existsSync(path.join(garbage, side)), false, `${side} removed on clean close`);
  }
  assert.throws(
    () => WorkspaceStore.open(garbage),
    (error) => error instanceof WorkspaceOpenError && /workspace\.db/.test(error.reason),
  );
});

test('label_events is append-only: triggers abort UPDATE and DELETE, even from raw SQL', async (t) => {
  const dir = await tempDir(t);
  const store = WorkspaceStore.open(dir);
  importClips(store, [makeClip(1)]);
  const event = store.appendLabel({ clipId: makeClip(1).sha256, annotator: 'ann', label: 'happy' });
  store.close();

  const db = new DatabaseSync(path.join(dir, 'workspace.db'));
  t.after(() => db.close());
  assert.throws(
    () => db.prepare("UPDATE label_events SET label = 'sad' WHERE id = ?").run(event.id),
    /append-only/,
  );
  assert.throws(
    () => db.prepare('DELETE FROM label_events WHERE id = ?').run(event.id),
    /append-only/,
  );
  assert.throws(() => db.exec('DELETE FROM label_events'), /append-only/);
  const rows = db.prepare('SELECT id, label FROM label_events').all();
  assert.deepEqual(
    rows.map((r) => [r.id, r.label]),
    [[event.id, 'happy']],
  );
});
