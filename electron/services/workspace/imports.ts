/** Import runs and the files they could not use: the record of where clips came from. */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { WorkspaceInputError } from './errors.ts';
import { importCountsSchema } from './inputs.ts';
import { compact, optionalJson, optionalText, text } from './rows.ts';
import type { Row } from './rows.ts';
import type { ImportRecord, StoredProblem } from './types.ts';

export function startImport(
  db: DatabaseSync,
  input: { sourceDir: string; format: string },
  now: string,
): ImportRecord {
  const id = randomUUID();
  db.prepare('INSERT INTO imports (id, source_dir, format, started_at) VALUES (?, ?, ?, ?)').run(
    id,
    input.sourceDir,
    input.format,
    now,
  );
  return { id, sourceDir: input.sourceDir, format: input.format, startedAt: now };
}

export function finishImport(
  db: DatabaseSync,
  importId: string,
  counts: Record<string, number>,
  now: string,
): ImportRecord {
  const started = getImport(db, importId);
  if (started === undefined) throw unknownImport(importId);
  db.prepare('UPDATE imports SET finished_at = ?, counts = ? WHERE id = ?').run(
    now,
    JSON.stringify(counts),
    importId,
  );
  return { ...started, finishedAt: now, counts };
}

function getImport(db: DatabaseSync, importId: string): ImportRecord | undefined {
  const row = db.prepare('SELECT * FROM imports WHERE id = ?').get(importId);
  return row === undefined ? undefined : toImportRecord(row);
}

export function listImports(db: DatabaseSync): ImportRecord[] {
  return db.prepare('SELECT * FROM imports ORDER BY started_at, id').all().map(toImportRecord);
}

/** Throws unless `importId` names a started import (clips and problems point at it). */
export function requireImport(db: DatabaseSync, importId: string): void {
  if (db.prepare('SELECT 1 AS found FROM imports WHERE id = ?').get(importId) === undefined) {
    throw unknownImport(importId);
  }
}

function unknownImport(importId: string): WorkspaceInputError {
  return new WorkspaceInputError(
    'importId',
    `no import "${importId}" in this workspace; start one first`,
  );
}

export function addProblems(
  db: DatabaseSync,
  problems: readonly { path: string; reason: string }[],
  importId: string | undefined,
  now: string,
): void {
  const insert = db.prepare(
    'INSERT INTO import_problems (import_id, path, reason, created_at) VALUES (?, ?, ?, ?)',
  );
  for (const problem of problems) insert.run(importId ?? null, problem.path, problem.reason, now);
}

export function listProblems(db: DatabaseSync, importId?: string): StoredProblem[] {
  const rows =
    importId === undefined
      ? db.prepare('SELECT * FROM import_problems ORDER BY id').all()
      : db.prepare('SELECT * FROM import_problems WHERE import_id = ? ORDER BY id').all(importId);
  return rows.map((row) => ({
    path: text(row, 'path'),
    reason: text(row, 'reason'),
    importId: optionalText(row, 'import_id'),
    createdAt: text(row, 'created_at'),
  }));
}

function toImportRecord(row: Row): ImportRecord {
  const counts = optionalJson(row, 'counts');
  return compact({
    id: text(row, 'id'),
    sourceDir: text(row, 'source_dir'),
    format: text(row, 'format'),
    startedAt: text(row, 'started_at'),
    finishedAt: optionalText(row, 'finished_at'),
    counts: counts === undefined ? undefined : importCountsSchema.parse(counts),
  });
}
