/** Practice sessions: when they ran, where their audio is, and their report summary. */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { WorkspaceInputError } from './errors.ts';
import { compact, optionalJson, optionalText, text } from './rows.ts';
import type { Row } from './rows.ts';
import type { StoredSession } from './types.ts';

export function addSession(
  db: DatabaseSync,
  session: {
    id?: string;
    startedAt: string;
    endedAt?: string;
    audioPath?: string;
    summary?: unknown;
  },
): StoredSession {
  const id = session.id ?? randomUUID();
  if (getSession(db, id) !== undefined) {
    throw new WorkspaceInputError('id', `a session with id "${id}" already exists`);
  }
  db.prepare(
    'INSERT INTO sessions (id, started_at, ended_at, audio_path, summary) VALUES (?, ?, ?, ?, ?)',
  ).run(
    id,
    session.startedAt,
    session.endedAt ?? null,
    session.audioPath ?? null,
    session.summary === undefined ? null : JSON.stringify(session.summary),
  );
  const stored = getSession(db, id);
  if (stored === undefined) throw new Error(`session ${id} was not stored`);
  return stored;
}

/** Newest first: the Sessions view lists recent practice at the top. */
export function listSessions(db: DatabaseSync): StoredSession[] {
  return db
    .prepare('SELECT * FROM sessions ORDER BY started_at DESC, id')
    .all()
    .map(toStoredSession);
}

export function getSession(db: DatabaseSync, id: string): StoredSession | undefined {
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(id);
  return row === undefined ? undefined : toStoredSession(row);
}

/** Removes the session's row; false when there was none. Its files are the caller's to remove. */
export function deleteSession(db: DatabaseSync, id: string): boolean {
  return Number(db.prepare('DELETE FROM sessions WHERE id = ?').run(id).changes) > 0;
}

function toStoredSession(row: Row): StoredSession {
  return compact({
    id: text(row, 'id'),
    startedAt: text(row, 'started_at'),
    endedAt: optionalText(row, 'ended_at'),
    audioPath: optionalText(row, 'audio_path'),
    summary: optionalJson(row, 'summary'),
  });
}
