import { parse } from 'csv-parse/sync';
import { InputFileError, describeError } from '../errors.ts';
import type { EmotionLabel } from './labels.ts';
import type { NameParse } from './types.ts';
import { splitRelativePath } from './walk.ts';

const SCHEME =
  'file name does not follow the CREMA-D scheme ActorID_Sentence_Emotion_Level (e.g. 1001_DFA_ANG_XX)';

/** The demographics table CREMA-D ships beside its audio; the only source of gender. */
export const CREMAD_DEMOGRAPHICS_FILE = 'VideoDemographics.csv';

const EMOTIONS: ReadonlyMap<string, EmotionLabel> = new Map([
  ['ANG', 'angry'],
  ['DIS', 'disgust'],
  ['FEA', 'fearful'],
  ['HAP', 'happy'],
  ['NEU', 'neutral'],
  ['SAD', 'sad'],
]);

const LEVELS: ReadonlyMap<string, string> = new Map([
  ['LO', 'low'],
  ['MD', 'medium'],
  ['HI', 'high'],
  ['XX', 'unspecified'],
]);

/**
 * Parse a CREMA-D path `1001_DFA_ANG_XX.ext` (folders ignored). Codes are matched without
 * regard to case because copies made on case-insensitive file systems are sometimes
 * lower-cased; the statement keeps the corpus's upper-case form.
 * Gender is not in the name: see parseCremadDemographics.
 */
export function parseCremadName(relativePath: string): NameParse {
  const { stem } = splitRelativePath(relativePath);
  const match = /^(\d{4})_([a-z]{3})_([a-z]{3})_([a-z]{2})$/i.exec(stem);
  if (!match) return { problem: SCHEME };
  const [, actor, sentence, emotionCode, levelCode] = match;
  const emotion = emotionCode.toUpperCase();
  const level = levelCode.toUpperCase();

  const faults: string[] = [];
  const actorNumber = Number(actor);
  if (actorNumber < 1001 || actorNumber > 1091) faults.push(`actor ${actor} is not 1001–1091`);
  const label = EMOTIONS.get(emotion);
  if (label === undefined)
    faults.push(`emotion code ${emotion} is not one of ${[...EMOTIONS.keys()].join(' ')}`);
  const intensity = LEVELS.get(level);
  if (intensity === undefined)
    faults.push(`level code ${level} is not one of ${[...LEVELS.keys()].join(' ')}`);
  if (faults.length > 0 || label === undefined || intensity === undefined)
    return { problem: faults.join('; ') };

  return {
    dataset: 'cremad',
    speaker: `cremad-${actor}`,
    label,
    intensity,
    statement: sentence.toUpperCase(),
  };
}

/**
 * Read VideoDemographics.csv (columns ActorID and Sex, found by name in any order) into a
 * map from speaker id ('cremad-1001') to gender. Rows with another Sex value are left out
 * rather than guessed. Throws InputFileError when the table is unreadable or lacks a column.
 */
export function parseCremadDemographics(
  text: string,
  sourcePath: string,
): Map<string, 'male' | 'female'> {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new InputFileError(sourcePath, `is not a readable CSV table: ${describeError(error)}`);
  }
  const header = (rows[0] ?? []).map((cell) => cell.toLowerCase());
  const actorColumn = header.indexOf('actorid');
  const sexColumn = header.indexOf('sex');
  if (actorColumn < 0 || sexColumn < 0) {
    throw new InputFileError(
      sourcePath,
      'needs the CREMA-D demographics columns ActorID and Sex in its header row',
    );
  }
  const genders = new Map<string, 'male' | 'female'>();
  for (const row of rows.slice(1)) {
    const sex = row[sexColumn]?.toLowerCase();
    if (sex === 'male' || sex === 'female') genders.set(`cremad-${row[actorColumn]}`, sex);
  }
  return genders;
}
