/**
 * The append-only label history: recording a label, undoing one, reading a clip's history.
 * Nothing here updates or deletes an event (the schema's triggers would refuse); an undo
 * is a new event that carries the state it restores and points at the event it takes back.
 */
import type { DatabaseSync } from 'node:sqlite';
import { toEmotionLabel } from './clips.ts';
import { WorkspaceInputError } from './errors.ts';
import { LABEL_INTENSITIES } from './inputs.ts';
import type { LabelIntensity, ParsedLabelInput } from './inputs.ts';
import { compact, json, num, optionalNum, optionalText, text } from './rows.ts';
import type { Row } from './rows.ts';
import type { LabelEvent } from './types.ts';

/**
 * SQL condition on an event aliased `e`: it is live, i.e. neither an undo nor undone. The
 * current label is the latest live event, as if every undone event had never happened.
 */
const LIVE_EVENT =
  'e.undo_of IS NULL AND NOT EXISTS (SELECT 1 FROM label_events u WHERE u.undo_of = e.id)';

/** The state an event records, which an undo copies from the event it restores. */
type LabelState = Pick<LabelEvent, 'label' | 'intensity' | 'note' | 'flags'>;

const INSERT_EVENT = `
  INSERT INTO label_events (clip_id, annotator, label, intensity, note, flags, reason, created_at, undo_of)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Record a label event for an existing clip; run inside a transaction. */
export function appendLabel(db: DatabaseSync, input: ParsedLabelInput, now: string): LabelEvent {
  requireClip(db, input.clipId);
  return insertEvent(db, {
    clipId: input.clipId,
    annotator: input.annotator,
    label: input.label,
    intensity: input.intensity,
    note: input.note,
    flags: input.flags,
    reason: input.reason,
    createdAt: now,
  });
}

/**
 * Take back the annotator's most recent live event: append an event restoring their state
 * of that clip just before it (their previous live event there, or no label). Repeated
 * calls walk further back; a new label after an undo is how one redoes. Returns undefined
 * when the annotator has nothing left to undo. Run inside a transaction.
 */
export function undoLast(db: DatabaseSync, annotator: string, now: string): LabelEvent | undefined {
  const targetRow = db
    .prepare(
      `SELECT e.* FROM label_events e WHERE e.annotator = ? AND ${LIVE_EVENT} ORDER BY e.id DESC LIMIT 1`,
    )
    .get(annotator);
  if (targetRow === undefined) return undefined;
  const target = toLabelEvent(targetRow);
  const previousRow = db
    .prepare(
      `SELECT e.* FROM label_events e
       WHERE e.annotator = ? AND e.clip_id = ? AND e.id < ? AND ${LIVE_EVENT}
       ORDER BY e.id DESC LIMIT 1`,
    )
    .get(annotator, target.clipId, target.id);
  const restored: LabelState =
    previousRow === undefined ? { label: null, flags: [] } : toLabelEvent(previousRow);
  return insertEvent(db, {
    clipId: target.clipId,
    annotator,
    label: restored.label,
    intensity: restored.intensity,
    note: restored.note,
    flags: restored.flags,
    reason: 'undo',
    createdAt: now,
    undoOf: target.id,
  });
}

/** Every event of a clip, oldest first (undos included: the whole story). */
export function clipHistory(db: DatabaseSync, clipId: string): LabelEvent[] {
  requireClip(db, clipId);
  return db
    .prepare('SELECT * FROM label_events WHERE clip_id = ? ORDER BY id')
    .all(clipId)
    .map((row) => toLabelEvent(row));
}

function requireClip(db: DatabaseSync, clipId: string): void {
  if (db.prepare('SELECT 1 AS found FROM clips WHERE id = ?').get(clipId) === undefined) {
    throw new WorkspaceInputError('clipId', `no clip "${clipId}" in this workspace`);
  }
}

function insertEvent(db: DatabaseSync, event: Omit<LabelEvent, 'id'>): LabelEvent {
  const { lastInsertRowid } = db
    .prepare(INSERT_EVENT)
    .run(
      event.clipId,
      event.annotator,
      event.label,
      event.intensity ?? null,
      event.note ?? null,
      JSON.stringify(event.flags),
      event.reason ?? null,
      event.createdAt,
      event.undoOf ?? null,
    );
  return compact({ id: Number(lastInsertRowid), ...event });
}

/**
 * A label_events row as a LabelEvent. `prefix` reads aliased columns ('e_id', ...) from
 * joins that also select clip columns.
 */
export function toLabelEvent(row: Row, prefix = ''): LabelEvent {
  const column = (name: string) => prefix + name;
  const label = optionalText(row, column('label'));
  const event: LabelEvent = {
    id: num(row, column('id')),
    clipId: text(row, column('clip_id')),
    annotator: text(row, column('annotator')),
    label: label === undefined ? null : toEmotionLabel(label, 'label'),
    intensity: toIntensity(optionalText(row, column('intensity'))),
    note: optionalText(row, column('note')),
    flags: toFlags(json(row, column('flags'))),
    reason: optionalText(row, column('reason')),
    createdAt: text(row, column('created_at')),
    undoOf: optionalNum(row, column('undo_of')),
  };
  return compact(event);
}

function toIntensity(value: string | undefined): LabelIntensity | undefined {
  if (value === undefined) return undefined;
  const intensity = LABEL_INTENSITIES.find((known) => known === value);
  if (intensity !== undefined) return intensity;
  throw new Error(`workspace.db column intensity: unexpected value "${value}"`);
}

function toFlags(value: unknown): string[] {
  if (Array.isArray(value) && value.every((flag) => typeof flag === 'string')) return value;
  throw new Error('workspace.db column flags: expected a JSON array of strings');
}
