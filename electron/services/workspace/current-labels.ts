/**
 * The derived current label: per clip, the latest live event (neither an undo nor undone;
 * see label-events.ts) of one annotator, or of anyone. The schema's trigger keeps it in
 * the current_labels table as each event is appended; this module reads it.
 */
import type { DatabaseSync } from 'node:sqlite';
import { toLabelEvent } from './label-events.ts';
import type { LabelEvent } from './types.ts';

/**
 * The current_labels scope for a query: the annotator, or '' for anyone (never a valid
 * annotator name, which the schema requires to be non-empty).
 */
export function scopeOf(annotator: string | undefined): string {
  return annotator ?? '';
}

/**
 * Joins from a clip `c` to its current_labels row `cl` and its current event `e` for the
 * scope bound to `:scope`; LEFT joins, so clips without a current label get NULLs.
 */
export const CURRENT_JOINS = `LEFT JOIN current_labels cl ON cl.scope = :scope AND cl.clip_id = c.id
  LEFT JOIN label_events e ON e.id = cl.event_id`;

/** The current event's columns, prefixed so they do not collide with the clip's. */
export const CURRENT_EVENT_COLUMNS = [
  'id',
  'clip_id',
  'annotator',
  'label',
  'intensity',
  'note',
  'flags',
  'reason',
  'created_at',
  'undo_of',
]
  .map((column) => `e.${column} AS e_${column}`)
  .join(', ');

/** Every clip's current event (label null where it was cleared), ordered by clip id. */
export function currentLabels(db: DatabaseSync, annotator?: string): LabelEvent[] {
  return db
    .prepare(
      `SELECT e.* FROM current_labels cl JOIN label_events e ON e.id = cl.event_id
       WHERE cl.scope = ? ORDER BY cl.clip_id`,
    )
    .all(scopeOf(annotator))
    .map((row) => toLabelEvent(row));
}

/** One clip's current event, of `annotator` or of anyone; undefined when it has none. */
export function currentLabelOf(
  db: DatabaseSync,
  clipId: string,
  annotator?: string,
): LabelEvent | undefined {
  const row = db
    .prepare(
      `SELECT e.* FROM current_labels cl JOIN label_events e ON e.id = cl.event_id
       WHERE cl.scope = ? AND cl.clip_id = ?`,
    )
    .get(scopeOf(annotator), clipId);
  return row === undefined ? undefined : toLabelEvent(row);
}
