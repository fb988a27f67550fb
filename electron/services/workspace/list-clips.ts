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
import { CURRENT_EVENT_COLUMNS, CURRENT_JOINS, scopeOf } from './current-labels.ts';
import { WorkspaceInputError } from './errors.ts';
import type { ClipSort, ParsedClipFilter, ReviewQueue } from './inputs.ts';
import { toLabelEvent } from './label-events.ts';
import { num, text } from './rows.ts';
import type { Row } from './rows.ts';
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

interface Where {
  sql: string;
  params: Record<string, SQLInputValue>;
  /** Extra joins the clauses need (the prediction of the model under review). */
  joins: string;
  /** The order the filter implies when no sort is asked for (a queue's, a clip list's). */
  impliedOrder?: string;
}

/** The cached prediction `p` of the model bound to `:model` (see predictions.ts). */
const PREDICTION_JOIN = 'JOIN predictions p ON p.model_key = :model AND p.clip_id = c.id';

/** Annotators' own current labels of clip `c` (scope '' is "anyone's latest", not a vote). */
const VOTES = `current_labels v WHERE v.clip_id = c.id AND v.scope <> '' AND v.label IS NOT NULL`;

/** Some annotator's current label of clip `c` carries a flag. */
const ANY_ANNOTATOR_FLAGGED = `EXISTS (SELECT 1 FROM current_labels f WHERE f.clip_id = c.id AND f.scope <> '' AND f.flagged = 1)`;

/** A top-2 margin below this, or a top probability below the next, makes a prediction uncertain. */
export const UNCERTAIN_MARGIN = 0.3;
export const UNCERTAIN_TOP_PROB = 0.5;

/**
 * SQL for each review queue: its condition and its order (see REVIEW_QUEUES in inputs.ts).
 * The current label a model disagrees with is the clip's current label in the filter's
 * scope, or the corpus's own label while nobody has labelled it.
 */
const QUEUES: Record<ReviewQueue, { needsModel: boolean; where: string; order: string }> = {
  'model-disagrees': {
    needsModel: true,
    where: 'p.top_label IS NOT COALESCE(cl.label, c.dataset_label)',
    order: 'p.top_prob DESC, c.path ASC',
  },
  uncertain: {
    needsModel: true,
    // The model hesitates between two labels, or gives its own answer less than even odds.
    where: `(p.margin < ${UNCERTAIN_MARGIN} OR p.top_prob < ${UNCERTAIN_TOP_PROB})`,
    order: 'p.entropy DESC, p.margin ASC, c.path ASC',
  },
  'annotators-disagree': {
    needsModel: false,
    where: `(SELECT COUNT(DISTINCT v.label) FROM ${VOTES}) >= 2`,
    // The share of votes the most common label got: a 1–1 tie (0.5) before a 2–1 majority (0.67).
    order: `(SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM ${VOTES} GROUP BY v.label)) * 1.0
            / (SELECT COUNT(*) FROM ${VOTES}) ASC, c.path ASC`,
  },
  flagged: {
    needsModel: false,
    where: ANY_ANNOTATOR_FLAGGED,
    order: `(SELECT MAX(f.event_id) FROM current_labels f WHERE f.clip_id = c.id AND f.scope <> '' AND f.flagged = 1) DESC, c.path ASC`,
  },
};

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
    // Anyone's: a flag stands while its annotator's current label carries it, whoever
    // labelled the clip since (as the Flagged queue counts it). One annotator's: theirs.
    const flagged = filter.annotator === undefined ? ANY_ANNOTATOR_FLAGGED : 'COALESCE(cl.flagged, 0) = 1';
    clauses.push(filter.flagged ? flagged : `NOT ${flagged}`);
  }
  if (filter.search !== undefined && filter.search !== '') {
    clauses.push(
      `(c.path LIKE :search ESCAPE '\\' OR c.speaker LIKE :search ESCAPE '\\'
        OR c.statement LIKE :search ESCAPE '\\' OR e.note LIKE :search ESCAPE '\\')`,
    );
    params.search = `%${escapeLike(filter.search)}%`;
  }
  let joins = '';
  let impliedOrder: string | undefined;
  if (filter.clipIds !== undefined) {
    clauses.push('c.id IN (SELECT value FROM json_each(:clipIds))');
    params.clipIds = JSON.stringify(filter.clipIds);
    impliedOrder = '(SELECT key FROM json_each(:clipIds) WHERE value = c.id) ASC';
  }
  if (filter.review !== undefined) {
    const queue = QUEUES[filter.review];
    if (queue.needsModel) {
      if (filter.model === undefined) {
        throw new WorkspaceInputError('model', `the "${filter.review}" queue needs a model's predictions`);
      }
      joins = PREDICTION_JOIN;
      params.model = filter.model;
    }
    clauses.push(queue.where);
    impliedOrder = queue.order;
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params, joins, impliedOrder };
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
  const from = `clips c ${CURRENT_JOINS} ${where.joins}`;
  const countRow = db.prepare(`SELECT COUNT(*) AS n FROM ${from} ${where.sql}`).get(where.params);
  const ids = db
    .prepare(`SELECT c.id AS id FROM ${from} ${where.sql} ORDER BY ${orderOf(filter, where)} LIMIT :limit OFFSET :offset`)
    .all({ ...where.params, limit: filter.limit, offset: filter.offset })
    .map((row) => text(row, 'id'));
  const rows = db
    .prepare(
      `SELECT c.*, ${CURRENT_EVENT_COLUMNS} FROM json_each(:ids) page
       JOIN clips c ON c.id = page.value ${CURRENT_JOINS}
       ORDER BY page.key`,
    )
    .all({ ids: JSON.stringify(ids), scope: where.params.scope });
  return {
    total: countRow === undefined ? 0 : num(countRow, 'n'),
    rows: rows.map(toClipRow),
  };
}

/** A clip row joined with its current event columns (CURRENT_EVENT_COLUMNS). */
function toClipRow(row: Row): ClipRow {
  const clip = toStoredClip(row);
  return row.e_id === null ? clip : { ...clip, current: toLabelEvent(row, 'e_') };
}

/** Every clip by path with anyone's current event, in one pass (a training set takes them all). */
export function allClips(db: DatabaseSync): ClipRow[] {
  return db
    .prepare(`SELECT c.*, ${CURRENT_EVENT_COLUMNS} FROM clips c ${CURRENT_JOINS} ORDER BY c.path`)
    .all({ scope: scopeOf(undefined) })
    .map(toClipRow);
}

/** Ties fall back to the (unique) path, so consecutive pages never repeat or skip a clip. */
function orderOf(filter: ParsedClipFilter, where: Where): string {
  if (filter.sort === undefined && where.impliedOrder !== undefined) return where.impliedOrder;
  const direction = filter.descending === true ? 'DESC' : 'ASC';
  const sortColumn = SORT_COLUMNS[filter.sort ?? 'path'];
  return sortColumn === 'c.path' ? `c.path ${direction}` : `${sortColumn} ${direction}, c.path ${direction}`;
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
