import { parseCremadName } from './cremad.ts';
import { parseEmodbName } from './emodb.ts';
import { parseFolderPath } from './folder.ts';
import { parseRavdessName } from './ravdess.ts';
import { parseSaveeName } from './savee.ts';
import { parseTessName } from './tess.ts';
import { isNameProblem } from './types.ts';
import type { NameFormat, NameParser } from './types.ts';
import { isAudioFile } from './walk.ts';

/** The parser of each format recognised from paths alone. */
export const NAME_PARSERS: Readonly<Record<NameFormat, NameParser>> = {
  ravdess: parseRavdessName,
  cremad: parseCremadName,
  tess: parseTessName,
  savee: parseSaveeName,
  emodb: parseEmodbName,
  folder: parseFolderPath,
};

/**
 * Tie-break order: the corpus schemes come before the generic folder layout, so RAVDESS
 * files sorted into emotion folders still count as RAVDESS, with their speakers.
 */
const VOTE_ORDER: readonly NameFormat[] = ['ravdess', 'cremad', 'tess', 'savee', 'emodb', 'folder'];

/**
 * Pure: which format a set of relative file paths looks like, or undefined (then the caller
 * reports "could not detect the corpus format; pass --format"). Each parser votes with the
 * number of audio paths it accepts; the winner must accept more than half of them, so a
 * folder of unrelated recordings is never forced into some corpus's scheme. Non-audio
 * paths are ignored. A CSV manifest is recognised by the scanner, not here.
 */
export function detectFormat(relativePaths: string[]): NameFormat | undefined {
  const audio = relativePaths.filter(isAudioFile);
  let best: NameFormat | undefined;
  let bestCount = 0;
  for (const format of VOTE_ORDER) {
    const parser = NAME_PARSERS[format];
    const count = audio.filter((p) => !isNameProblem(parser(p))).length;
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  return bestCount * 2 > audio.length ? best : undefined;
}
