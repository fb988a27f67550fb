/**
 * Storing imported clips. A clip's id is the sha256 of its audio, so importing the same
 * recording again (the same folder twice, or a copy elsewhere) finds the stored clip and
 * leaves it, and every label pointing at it, untouched.
 */
import type { DatabaseSync } from 'node:sqlite';
import { isEmotionLabel } from '../../../training/datasets/labels.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import type { DatasetFormat } from '../../../training/datasets/types.ts';
import { addProblems } from './imports.ts';
import { isDatasetFormat } from './inputs.ts';
import type { NewClip } from './inputs.ts';
import { compact, num, optionalText, text } from './rows.ts';
import type { Row } from './rows.ts';
import type { AddClipsResult, StoredClip } from './types.ts';

/**
 * Insert the clips not stored yet. The caller runs this inside one transaction, so an
 * import is stored whole or not at all. Content already stored (same sha256) is never
 * rewritten: same path → unchanged, another path → a duplicate (first path wins). A path
 * already holding different content means the file changed after it was imported; the new
 * content is skipped and recorded as an import problem rather than orphaning the labels
 * of the old one.
 */
export function addClips(
  db: DatabaseSync,
  clips: readonly NewClip[],
  importId: string,
  now: string,
): AddClipsResult {
  const byId = db.prepare('SELECT path FROM clips WHERE id = ?');
  const byPath = db.prepare('SELECT id FROM clips WHERE path = ?');
  const insert = db.prepare(`
    INSERT INTO clips (id, path, dataset, speaker, gender, dataset_label, intensity, statement,
                       duration_sec, sample_rate, channels, import_id, imported_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const result: AddClipsResult = { added: 0, unchanged: 0, duplicates: [], conflicts: [] };

  for (const clip of clips) {
    const stored = byId.get(clip.sha256);
    if (stored !== undefined) {
      const storedPath = text(stored, 'path');
      if (storedPath === clip.path) result.unchanged++;
      else result.duplicates.push({ path: clip.path, clipId: clip.sha256, storedPath });
      continue;
    }
    const occupant = byPath.get(clip.path);
    if (occupant !== undefined) {
      const storedClipId = text(occupant, 'id');
      result.conflicts.push({ path: clip.path, clipId: clip.sha256, storedClipId });
      const reason = `the file changed since it was imported (stored content ${storedClipId.slice(0, 12)}…, now ${clip.sha256.slice(0, 12)}…); the stored clip and its labels are kept`;
      addProblems(db, [{ path: clip.path, reason }], importId, now);
      continue;
    }
    insert.run(
      clip.sha256,
      clip.path,
      clip.dataset,
      clip.speaker,
      clip.gender ?? null,
      clip.label,
      clip.intensity ?? null,
      clip.statement ?? null,
      clip.durationSec,
      clip.sampleRate,
      clip.channels,
      importId,
      now,
    );
    result.added++;
  }
  return result;
}

export function getClip(db: DatabaseSync, clipId: string): StoredClip | undefined {
  const row = db.prepare('SELECT * FROM clips WHERE id = ?').get(clipId);
  return row === undefined ? undefined : toStoredClip(row);
}

export function countClips(db: DatabaseSync): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM clips').get();
  return row === undefined ? 0 : num(row, 'n');
}

/** A clips-table row (selected with `c.*` or `*`) as a StoredClip. */
export function toStoredClip(row: Row): StoredClip {
  return compact({
    id: text(row, 'id'),
    path: text(row, 'path'),
    dataset: toDatasetFormat(text(row, 'dataset')),
    speaker: text(row, 'speaker'),
    gender: toGender(optionalText(row, 'gender')),
    datasetLabel: toEmotionLabel(text(row, 'dataset_label'), 'dataset_label'),
    intensity: optionalText(row, 'intensity'),
    statement: optionalText(row, 'statement'),
    durationSec: num(row, 'duration_sec'),
    sampleRate: num(row, 'sample_rate'),
    channels: num(row, 'channels'),
    importId: optionalText(row, 'import_id'),
    importedAt: text(row, 'imported_at'),
  });
}

export function toDatasetFormat(value: string): DatasetFormat {
  if (isDatasetFormat(value)) return value;
  throw new Error(`workspace.db column dataset: unexpected value "${value}"`);
}

function toGender(value: string | undefined): 'male' | 'female' | undefined {
  if (value === undefined || value === 'male' || value === 'female') return value;
  throw new Error(`workspace.db column gender: unexpected value "${value}"`);
}

/** Labels were validated on the way in; anything else means the file was edited outside. */
export function toEmotionLabel(value: string, column: string): EmotionLabel {
  if (isEmotionLabel(value)) return value;
  throw new Error(`workspace.db column ${column}: "${value}" is not a known emotion label`);
}

/** Every stored clip's id by its path (to map files a model names back to clips). */
export function clipIdsByPath(db: DatabaseSync): Map<string, string> {
  return new Map(db.prepare('SELECT id, path FROM clips').all().map((row) => [text(row, 'path'), text(row, 'id')]));
}
