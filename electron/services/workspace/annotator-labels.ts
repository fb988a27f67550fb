/**
 * Labels per annotator, the raw material of consensus, agreement statistics and the
 * "annotators disagree" queue. current_labels keeps each annotator's own current event
 * (scope = their name) beside "anyone's latest" (scope ''); only the former are votes.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import { toEmotionLabel } from './clips.ts';
import { toLabelEvent } from './label-events.ts';
import { text } from './rows.ts';
import type { LabelEvent } from './types.ts';

export interface AnnotatorVote {
  clipId: string;
  annotator: string;
  label: EmotionLabel;
}

/** One clip's current event of every annotator who has one, by annotator name. */
export function annotatorLabelsOf(db: DatabaseSync, clipId: string): LabelEvent[] {
  return db
    .prepare(
      `SELECT e.* FROM current_labels cl JOIN label_events e ON e.id = cl.event_id
       WHERE cl.clip_id = ? AND cl.scope <> '' ORDER BY cl.scope`,
    )
    .all(clipId)
    .map((row) => toLabelEvent(row));
}

/** Every (clip, annotator, label) whose current label is set, by clip then annotator. */
export function annotatorVotes(db: DatabaseSync): AnnotatorVote[] {
  return db
    .prepare(
      `SELECT clip_id, scope, label FROM current_labels
       WHERE scope <> '' AND label IS NOT NULL ORDER BY clip_id, scope`,
    )
    .all()
    .map((row) => ({
      clipId: text(row, 'clip_id'),
      annotator: text(row, 'scope'),
      label: toEmotionLabel(text(row, 'label'), 'label'),
    }));
}
