/** Trained models registered in the workspace, one of them active (used for predictions). */
import type { DatabaseSync } from 'node:sqlite';
import { WorkspaceInputError } from './errors.ts';
import { json, num, text } from './rows.ts';
import type { Row } from './rows.ts';
import type { StoredModel } from './types.ts';

export function addModel(
  db: DatabaseSync,
  model: { name: string; dir: string; metadata: Record<string, unknown> },
  now: string,
): StoredModel {
  if (findModel(db, model.name) !== undefined) {
    throw new WorkspaceInputError('name', `a model named "${model.name}" already exists`);
  }
  db.prepare(
    'INSERT INTO models (name, dir, metadata, created_at, active) VALUES (?, ?, ?, ?, 0)',
  ).run(model.name, model.dir, JSON.stringify(model.metadata), now);
  return {
    name: model.name,
    dir: model.dir,
    metadata: model.metadata,
    createdAt: now,
    active: false,
  };
}

export function listModels(db: DatabaseSync): StoredModel[] {
  return db.prepare('SELECT * FROM models ORDER BY created_at, name').all().map(toStoredModel);
}

/**
 * Make `name` the only active model (the unique index allows at most one). Run inside a
 * transaction, so no reader ever sees zero or two active models.
 */
export function setActiveModel(db: DatabaseSync, name: string): StoredModel {
  const model = findModel(db, name);
  if (model === undefined) throw new WorkspaceInputError('name', `no model named "${name}"`);
  db.exec('UPDATE models SET active = 0 WHERE active = 1');
  db.prepare('UPDATE models SET active = 1 WHERE name = ?').run(name);
  return { ...model, active: true };
}

export function activeModel(db: DatabaseSync): StoredModel | undefined {
  const row = db.prepare('SELECT * FROM models WHERE active = 1').get();
  return row === undefined ? undefined : toStoredModel(row);
}

function findModel(db: DatabaseSync, name: string): StoredModel | undefined {
  const row = db.prepare('SELECT * FROM models WHERE name = ?').get(name);
  return row === undefined ? undefined : toStoredModel(row);
}

function toStoredModel(row: Row): StoredModel {
  return {
    name: text(row, 'name'),
    dir: text(row, 'dir'),
    metadata: json(row, 'metadata'),
    createdAt: text(row, 'created_at'),
    active: num(row, 'active') === 1,
  };
}
