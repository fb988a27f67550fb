import { normaliseLabelName } from './labels.ts';
import type { EmotionLabel } from './labels.ts';
import type { NameParse } from './types.ts';
import { splitRelativePath } from './walk.ts';

const SCHEME =
  'file name does not follow the TESS scheme SPEAKER_word_emotion (e.g. OAF_back_angry)';

/** TESS has two speakers, both women: the older (OAF) and the younger (YAF) talker. */
const SPEAKERS = ['OAF', 'YAF'];

/** The emotion words as they end TESS file names; "ps" is "pleasant surprise". */
const EMOTIONS: ReadonlyMap<string, EmotionLabel> = new Map([
  ['angry', 'angry'],
  ['disgust', 'disgust'],
  ['fear', 'fearful'],
  ['happy', 'happy'],
  ['neutral', 'neutral'],
  ['ps', 'surprised'],
  ['sad', 'sad'],
]);

/**
 * Parse a TESS path `[OAF_angry/]OAF_back_angry.ext` (case-insensitive: the published
 * folders mix "OAF_Fear" and "YAF_fear"). When the file sits in a SPEAKER_emotion folder,
 * folder and name must agree, because a disagreement means a file was moved by hand.
 */
export function parseTessName(relativePath: string): NameParse {
  const { folders, stem } = splitRelativePath(relativePath);
  const match = /^([a-z]+)_([a-z]+)_([a-z]+)$/i.exec(stem);
  if (!match) return { problem: SCHEME };
  const speaker = match[1].toUpperCase();
  const word = match[2];
  const emotion = match[3].toLowerCase();

  const faults: string[] = [];
  if (!SPEAKERS.includes(speaker))
    faults.push(`speaker ${match[1]} is not a TESS speaker (${SPEAKERS.join(', ')})`);
  const label = EMOTIONS.get(emotion);
  if (label === undefined) {
    faults.push(`emotion "${match[3]}" is not a TESS emotion (${[...EMOTIONS.keys()].join(', ')})`);
  }
  const folder = folders.at(-1);
  const folderMatch = folder === undefined ? null : /^(OAF|YAF)_(.+)$/i.exec(folder);
  if (folderMatch && label !== undefined) {
    if (folderMatch[1].toUpperCase() !== speaker) {
      faults.push(`folder ${folder} disagrees with speaker ${match[1]} in the file name`);
    }
    if (normaliseLabelName(folderMatch[2]) !== label) {
      faults.push(`folder ${folder} disagrees with emotion "${match[3]}" in the file name`);
    }
  }
  if (faults.length > 0 || label === undefined) return { problem: faults.join('; ') };

  return { dataset: 'tess', speaker: `tess-${speaker}`, gender: 'female', label, statement: word };
}
