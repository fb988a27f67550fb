/**
 * Exports for other tools: the current labels (what a training run or a paper's table
 * needs) and the full event history (what an agreement study or an audit needs). CSV and
 * JSON carry the same columns under the same names, so switching format needs no remapping.
 */
import type { DatabaseSync } from 'node:sqlite';
import { toCsv } from './csv.ts';
import type { CsvValue } from './csv.ts';
import { CURRENT_JOINS, scopeOf } from './current-labels.ts';
import type { ExportFormat } from './inputs.ts';
import { toLabelEvent } from './label-events.ts';
import { text } from './rows.ts';

/** A cell: JSON keeps flags as an array; CSV joins them with ';' (flags cannot hold one). */
type ExportValue = string | number | null | string[];

interface ExportTable<C extends string> {
  columns: readonly C[];
  records: Record<C, ExportValue>[];
}

const CURRENT_COLUMNS = [
  'clipId',
  'path',
  'dataset',
  'speaker',
  'datasetLabel',
  'label',
  'intensity',
  'note',
  'flags',
  'annotator',
  'eventId',
  'labeledAt',
] as const;

const HISTORY_COLUMNS = [
  'eventId',
  'clipId',
  'path',
  'annotator',
  'label',
  'intensity',
  'note',
  'flags',
  'reason',
  'createdAt',
  'undoOf',
] as const;

/** The clip columns an export shows, renamed so they cannot collide with the event's. */
const CLIP_COLUMNS =
  'c.path AS clip_path, c.dataset AS clip_dataset, c.speaker AS clip_speaker, c.dataset_label AS clip_dataset_label';

/**
 * Clips whose current label (of `annotator`, or anyone's) is set, by path. Cleared and
 * never-labelled clips are left out: an export of labels lists labels.
 */
export function exportCurrentLabels(
  db: DatabaseSync,
  format: ExportFormat,
  annotator?: string,
): string {
  const rows = db
    .prepare(
      `SELECT e.*, ${CLIP_COLUMNS} FROM clips c ${CURRENT_JOINS}
       WHERE cl.label IS NOT NULL ORDER BY c.path`,
    )
    .all({ scope: scopeOf(annotator) });
  const records = rows.map((row) => {
    const event = toLabelEvent(row);
    return {
      clipId: event.clipId,
      path: text(row, 'clip_path'),
      dataset: text(row, 'clip_dataset'),
      speaker: text(row, 'clip_speaker'),
      datasetLabel: text(row, 'clip_dataset_label'),
      label: event.label,
      intensity: event.intensity ?? null,
      note: event.note ?? null,
      flags: event.flags,
      annotator: event.annotator,
      eventId: event.id,
      labeledAt: event.createdAt,
    };
  });
  return render({ columns: CURRENT_COLUMNS, records }, format);
}

/** Every label event in the order it was recorded, undos included. */
export function exportHistory(db: DatabaseSync, format: ExportFormat): string {
  const rows = db
    .prepare(
      `SELECT e.*, ${CLIP_COLUMNS} FROM label_events e JOIN clips c ON c.id = e.clip_id
       ORDER BY e.id`,
    )
    .all();
  const records = rows.map((row) => {
    const event = toLabelEvent(row);
    return {
      eventId: event.id,
      clipId: event.clipId,
      path: text(row, 'clip_path'),
      annotator: event.annotator,
      label: event.label,
      intensity: event.intensity ?? null,
      note: event.note ?? null,
      flags: event.flags,
      reason: event.reason ?? null,
      createdAt: event.createdAt,
      undoOf: event.undoOf ?? null,
    };
  });
  return render({ columns: HISTORY_COLUMNS, records }, format);
}

const CONSENSUS_COLUMNS = [
  'clipId',
  'path',
  'dataset',
  'speaker',
  'datasetLabel',
  'consensus',
  'status',
  'votes',
  'agreeing',
  'tied',
] as const;

/** One clip's annotations as the consensus and per-annotator exports take them. */
export interface AnnotationRecord {
  clipId: string;
  path: string;
  dataset: string;
  speaker: string;
  datasetLabel: string;
  /** The annotators' labels, in the order of the export's annotator columns. */
  labels: (string | null)[];
  consensus: { label: string | null; status: string; votes: number; agreeing: number; tied: string[] };
}

/** The consensus label of every clip some annotator labelled (ties: empty label, the tied labels listed). */
export function exportConsensus(records: readonly AnnotationRecord[], format: ExportFormat): string {
  return render(
    {
      columns: CONSENSUS_COLUMNS,
      records: records.map((r) => ({
        clipId: r.clipId,
        path: r.path,
        dataset: r.dataset,
        speaker: r.speaker,
        datasetLabel: r.datasetLabel,
        consensus: r.consensus.label,
        status: r.consensus.status,
        votes: r.consensus.votes,
        agreeing: r.consensus.agreeing,
        tied: r.consensus.status === 'tie' ? r.consensus.tied : [],
      })),
    },
    format,
  );
}

/** One column per annotator (their current label, empty where they gave none), plus the consensus. */
export function exportPerAnnotator(
  annotators: readonly string[],
  records: readonly AnnotationRecord[],
  format: ExportFormat,
): string {
  const columns = ['clipId', 'path', 'speaker', 'datasetLabel', ...annotators.map((a) => `annotator:${a}`), 'consensus'];
  return render(
    {
      columns,
      records: records.map((r) => ({
        clipId: r.clipId,
        path: r.path,
        speaker: r.speaker,
        datasetLabel: r.datasetLabel,
        ...Object.fromEntries(annotators.map((a, i) => [`annotator:${a}`, r.labels[i]])),
        consensus: r.consensus.label,
      })),
    },
    format,
  );
}

function render<C extends string>(table: ExportTable<C>, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(table.records, null, 2)}\n`;
  const toCell = (value: ExportValue): CsvValue => (Array.isArray(value) ? value.join(';') : value);
  return toCsv(
    table.columns,
    table.records.map((record) => table.columns.map((column) => toCell(record[column]))),
  );
}
