import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputFileError, describeError } from '../errors.ts';
import { CANONICAL_LABELS, normaliseLabelName } from './labels.ts';
import type { EmotionLabel } from './labels.ts';
import type { ImportProblem, ScannedClip } from './types.ts';
import { AUDIO_EXTENSIONS, isAudioFile } from './walk.ts';

/** Header names accepted for each column, compared case-insensitively. */
const COLUMN_NAMES = {
  path: ['path', 'file', 'filename'],
  label: ['label', 'emotion'],
  speaker: ['speaker'],
} as const;

interface ManifestColumns {
  path: number;
  label: number;
  speaker: number | undefined;
}

/** Rows are numbered by the file line they end on, so the header is row 1. */
export interface RejectedRow {
  row: number;
  reason: string;
}

/** One usable manifest row. */
export interface ManifestEntry {
  row: number;
  /** Absolute: relative cells are resolved against the manifest's folder. */
  path: string;
  label: EmotionLabel;
  /** 'csv-<speaker>' or 'csv-unknown'. */
  speaker: string;
}

/** Where the path, label and optional speaker columns are, or undefined if path or label is missing. */
function findColumns(header: string[]): ManifestColumns | undefined {
  const lower = header.map((cell) => cell.trim().toLowerCase());
  const find = (names: readonly string[]): number | undefined => {
    const index = lower.findIndex((cell) => names.includes(cell));
    return index < 0 ? undefined : index;
  };
  const pathColumn = find(COLUMN_NAMES.path);
  const labelColumn = find(COLUMN_NAMES.label);
  if (pathColumn === undefined || labelColumn === undefined) return undefined;
  return { path: pathColumn, label: labelColumn, speaker: find(COLUMN_NAMES.speaker) };
}

/** Rows of a CSV text with the line each ends on; throws InputFileError when it is not CSV. */
function parseRows(text: string, sourcePath: string): { cells: string[]; line: number }[] {
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record, context) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    throw new InputFileError(sourcePath, `is not a readable CSV table: ${describeError(error)}`);
  }
  return records.map((cells, i) => ({ cells, line: lines[i] }));
}

/** Whether a CSV text starts with a manifest header (path/file/filename and label/emotion). */
export function hasManifestHeader(text: string): boolean {
  try {
    const [header] = parse(text, { bom: true, to_line: 1, relax_column_count: true });
    return header !== undefined && findColumns(header) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Pure part of a manifest import: the rows that name an audio file with a known label, and
 * the rejected rows with why. Whether the files exist is not checked here.
 * Throws InputFileError when the text is not CSV, the header lacks the path or label column,
 * or no row follows the header.
 */
export function parseManifest(
  text: string,
  manifestPath: string,
): { entries: ManifestEntry[]; rejected: RejectedRow[] } {
  const [header, ...rows] = parseRows(text, manifestPath);
  const columns = header === undefined ? undefined : findColumns(header.cells);
  if (columns === undefined) {
    throw new InputFileError(
      manifestPath,
      'needs a header row naming a path column (path, file or filename) and a label column (label or emotion)',
    );
  }
  if (rows.length === 0)
    throw new InputFileError(manifestPath, 'lists no files: it has a header row and nothing else');
  const baseDir = path.dirname(path.resolve(manifestPath));
  const entries: ManifestEntry[] = [];
  const rejected: RejectedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { cells, line } of rows) {
    const pathCell = cells[columns.path] ?? '';
    const labelCell = cells[columns.label] ?? '';
    const speakerCell = columns.speaker === undefined ? '' : (cells[columns.speaker] ?? '');
    const faults: string[] = [];
    if (pathCell === '') faults.push('the path cell is empty');
    else if (!isAudioFile(pathCell))
      faults.push(`"${pathCell}" is not an audio file (${AUDIO_EXTENSIONS.join(' ')})`);
    const label = normaliseLabelName(labelCell);
    if (labelCell === '') faults.push('the label cell is empty');
    else if (label === undefined) {
      faults.push(`label "${labelCell}" is not an emotion name (${CANONICAL_LABELS.join(', ')})`);
    }
    const filePath = path.resolve(baseDir, pathCell);
    const firstRow = firstRowOf.get(filePath);
    if (pathCell !== '' && firstRow !== undefined)
      faults.push(`"${pathCell}" is already listed on row ${firstRow}`);
    if (faults.length > 0 || label === undefined) {
      rejected.push({ row: line, reason: faults.join('; ') });
      continue;
    }
    firstRowOf.set(filePath, line);
    entries.push({
      row: line,
      path: filePath,
      label,
      speaker: speakerCell === '' ? 'csv-unknown' : `csv-${speakerCell}`,
    });
  }
  return { entries, rejected };
}

/**
 * Import a CSV manifest: parseManifest, then reject each row whose file is missing.
 * Problems name the manifest and the row, in row order; clips come in manifest order.
 */
export async function scanManifest(
  manifestPath: string,
): Promise<{ clips: ScannedClip[]; problems: ImportProblem[] }> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new InputFileError(manifestPath, `could not be read: ${describeError(error)}`);
  }
  const { entries, rejected } = parseManifest(text, manifestPath);
  const found = await Promise.all(entries.map((entry) => isFile(entry.path)));
  const clips: ScannedClip[] = [];
  entries.forEach((entry, i) => {
    if (found[i])
      clips.push({ path: entry.path, dataset: 'csv', speaker: entry.speaker, label: entry.label });
    else rejected.push({ row: entry.row, reason: `no audio file at ${entry.path}` });
  });
  const problems = rejected
    .sort((a, b) => a.row - b.row)
    .map(({ row, reason }) => ({ path: manifestPath, reason: `row ${row}: ${reason}` }));
  return { clips, problems };
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}
