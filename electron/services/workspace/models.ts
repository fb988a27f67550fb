/**
 * Trained models registered in the workspace. Which model is active is a setting
 * (settings.activeModel), not workspace state: one answer to "which model predicts?".
 */
import type { DatabaseSync } from 'node:sqlite';
import { WorkspaceInputError } from './errors.ts';
import { json, text } from './rows.ts';
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
    'INSERT INTO models (name, dir, metadata, created_at) VALUES (?, ?, ?, ?)',
  ).run(model.name, model.dir, JSON.stringify(model.metadata), now);
  return {
    name: model.name,
    dir: model.dir,
    metadata: model.metadata,
    createdAt: now,
  };
}

export function listModels(db: DatabaseSync): StoredModel[] {
  return db.prepare('SELECT * FROM models ORDER BY created_at, name').all().map(toStoredModel);
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
  };
}
