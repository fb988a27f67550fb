/**
 * The Library's queries: a filtered, sorted page of clips with their current labels, and
 * label counts. Both read the current_labels table through indexes, so a page stays cheap
 * at tens of thousands of clips and events.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import { countClips, toDatasetFormat, toEmotionLabel, toStoredClip } from './clips.ts';
import type { DatasetFormat } from '../../../training/datasets/types.ts';
import { CURRENT_JOINS, scopeOf } from './current-labels.ts';
import type { ClipSort, ParsedClipFilter } from './inputs.ts';
import { toLabelEvent } from './label-events.ts';
import { num, text } from './rows.ts';
import type { ClipPage, ClipRow, LabelCounts } from './types.ts';

const SORT_COLUMNS: Record<ClipSort, string> = {
  path: 'c.path',
  speaker: 'c.speaker',
  dataset: 'c.dataset',
  datasetLabel: 'c.dataset_label',
  label: 'cl.label',
  durationSec: 'c.duration_sec',
  importedAt: 'c.imported_at',
  // Event ids grow with time and, unlike clocks, never go backwards.
  labeledAt: 'cl.event_id',
};

/** The current event's columns, prefixed so they do not collide with the clip's. */
const EVENT_COLUMNS = [
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

interface Where {
  sql: string;
  params: Record<string, SQLInputValue>;
}

/** The WHERE clause and its named parameters for a filter (see CURRENT_JOINS). */
function whereClause(filter: ParsedClipFilter): Where {
  const clauses: string[] = [];
  const params: Record<string, SQLInputValue> = { scope: scopeOf(filter.annotator) };
  if (filter.label !== undefined) {
    clauses.push('cl.label = :label');
    params.label = filter.label;
  }
  if (filter.datasetLabel !== undefined) {
    clauses.push('c.dataset_label = :datasetLabel');
    params.datasetLabel = filter.datasetLabel;
  }
  if (filter.speaker !== undefined) {
    clauses.push('c.speaker = :speaker');
    params.speaker = filter.speaker;
  }
  if (filter.dataset !== undefined) {
    clauses.push('c.dataset = :dataset');
    params.dataset = filter.dataset;
  }
  if (filter.labeled !== undefined) {
    clauses.push(filter.labeled ? 'cl.label IS NOT NULL' : 'cl.label IS NULL');
  }
  if (filter.flagged !== undefined) {
    clauses.push(filter.flagged ? 'cl.flagged = 1' : '(cl.flagged IS NULL OR cl.flagged = 0)');
  }
  if (filter.search !== undefined && filter.search !== '') {
    clauses.push(
      `(c.path LIKE :search ESCAPE '\\' OR c.speaker LIKE :search ESCAPE '\\'
        OR c.statement LIKE :search ESCAPE '\\' OR e.note LIKE :search ESCAPE '\\')`,
    );
    params.search = `%${escapeLike(filter.search)}%`;
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

/** Make LIKE's wildcards and the escape character match themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of clips. Two steps: the filter, sort and offset run over narrow rows (the
 * clip id and the sort key), then only the page's clips are read in full, so a deep page
 * or a sort needing a temporary B-tree never drags every clip's columns through it.
 */
export function listClips(db: DatabaseSync, filter: ParsedClipFilter): ClipPage {
  const where = whereClause(filter);
  const countRow = db
    .prepare(`SELECT COUNT(*) AS n FROM clips c ${CURRENT_JOINS} ${where.sql}`)
    .get(where.params);
  const direction = filter.descending === true ? 'DESC' : 'ASC';
  const sortColumn = SORT_COLUMNS[filter.sort ?? 'path'];
  // Ties fall back to the (unique) path, so consecutive pages never repeat or skip a clip.
  const order =
    sortColumn === 'c.path'
      ? `c.path ${direction}`
      : `${sortColumn} ${direction}, c.path ${direction}`;
  const ids = db
    .prepare(
      `SELECT c.id AS id FROM clips c ${CURRENT_JOINS} ${where.sql}
       ORDER BY ${order} LIMIT :limit OFFSET :offset`,
    )
    .all({ ...where.params, limit: filter.limit, offset: filter.offset })
    .map((row) => text(row, 'id'));
  const rows = db
    .prepare(
      `SELECT c.*, ${EVENT_COLUMNS} FROM json_each(:ids) page
       JOIN clips c ON c.id = page.value ${CURRENT_JOINS}
       ORDER BY page.key`,
    )
    .all({ ids: JSON.stringify(ids), scope: where.params.scope });
  return {
    total: countRow === undefined ? 0 : num(countRow, 'n'),
    rows: rows.map((row): ClipRow => {
      const clip = toStoredClip(row);
      return row.e_id === null ? clip : { ...clip, current: toLabelEvent(row, 'e_') };
    }),
  };
}

/** How many clips currently carry each label (of one annotator, or anyone's latest). */
export function countsByLabel(db: DatabaseSync, annotator?: string): LabelCounts {
  const rows = db
    .prepare(
      `SELECT label, COUNT(*) AS n FROM current_labels
       WHERE scope = ? AND label IS NOT NULL GROUP BY label`,
    )
    .all(scopeOf(annotator));
  const byLabel = Object.fromEntries(CANONICAL_LABELS.map((label) => [label, 0])) as Record<
    EmotionLabel,
    number
  >;
  let labeled = 0;
  for (const row of rows) {
    const n = num(row, 'n');
    byLabel[toEmotionLabel(text(row, 'label'), 'label')] += n;
    labeled += n;
  }
  const total = countClips(db);
  return { byLabel, unlabeled: total - labeled, total };
}

/** The distinct speakers and datasets stored, sorted: the values the Library's filters offer. */
export function clipFacets(db: DatabaseSync): { speakers: string[]; datasets: DatasetFormat[] } {
  const speakers = db
    .prepare('SELECT DISTINCT speaker FROM clips ORDER BY speaker')
    .all()
    .map((row) => text(row, 'speaker'));
  const datasets = db
    .prepare('SELECT DISTINCT dataset FROM clips ORDER BY dataset')
    .all()
    .map((row) => toDatasetFormat(text(row, 'dataset')));
  return { speakers, datasets };
}
