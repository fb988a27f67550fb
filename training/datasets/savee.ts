import type { EmotionLabel } from './labels.ts';
import type { NameParse } from './types.ts';
import { splitRelativePath } from './walk.ts';

const SCHEME =
  'file name does not follow the SAVEE scheme SPEAKER_eNN (e.g. DC_a01) or SPEAKER/eNN (e.g. DC/a01)';

/** SAVEE's four speakers, all men. */
const SPEAKERS = ['DC', 'JE', 'JK', 'KL'];

/** Emotion prefixes, with how many sentences each has (neutral was recorded twice as often). */
const EMOTIONS: ReadonlyMap<string, { label: EmotionLabel; sentences: number }> = new Map([
  ['a', { label: 'angry', sentences: 15 }],
  ['d', { label: 'disgust', sentences: 15 }],
  ['f', { label: 'fearful', sentences: 15 }],
  ['h', { label: 'happy', sentences: 15 }],
  ['n', { label: 'neutral', sentences: 30 }],
  ['sa', { label: 'sad', sentences: 15 }],
  ['su', { label: 'surprised', sentences: 15 }],
]);

/**
 * Parse a SAVEE path in either published layout: flat `DC_a01.ext` (speaker in the name)
 * or `DC/a01.ext` (speaker as the folder). A flat name inside a speaker folder must agree
 * with it. Case is normalised (upper-case speaker, lower-case prefix) as copies on
 * case-insensitive file systems sometimes change it. The statement is the emotion prefix
 * plus sentence number ('a01').
 */
export function parseSaveeName(relativePath: string): NameParse {
  const { folders, stem } = splitRelativePath(relativePath);
  const folder = folders.at(-1);
  const parts = saveeParts(folder, stem);
  if (parts === undefined) return { problem: SCHEME };
  const [speakerCode, prefixCode, sentence] = parts;
  const speaker = speakerCode.toUpperCase();
  const prefix = prefixCode.toLowerCase();

  const faults: string[] = [];
  const folderSpeaker = folder?.toUpperCase();
  if (
    folderSpeaker !== undefined &&
    SPEAKERS.includes(folderSpeaker) &&
    folderSpeaker !== speaker
  ) {
    faults.push(`folder ${folder} disagrees with speaker ${speakerCode} in the file name`);
  }
  if (!SPEAKERS.includes(speaker)) {
    faults.push(`speaker ${speakerCode} is not a SAVEE speaker (${SPEAKERS.join(', ')})`);
  }
  const emotion = EMOTIONS.get(prefix);
  const sentenceNumber = Number(sentence);
  if (emotion === undefined) {
    faults.push(
      `emotion prefix "${prefixCode}" is not a SAVEE code (${[...EMOTIONS.keys()].join(', ')})`,
    );
  } else if (sentenceNumber < 1 || sentenceNumber > emotion.sentences) {
    faults.push(
      `sentence number ${sentence} is not 01–${emotion.sentences} for emotion "${prefix}"`,
    );
  }
  if (faults.length > 0 || emotion === undefined) return { problem: faults.join('; ') };

  return {
    dataset: 'savee',
    speaker: `savee-${speaker}`,
    gender: 'male',
    label: emotion.label,
    statement: `${prefix}${sentence}`,
  };
}

/** Speaker, emotion prefix and sentence number as written, from either layout. */
function saveeParts(
  folder: string | undefined,
  stem: string,
): [speaker: string, prefix: string, sentence: string] | undefined {
  const flat = /^([a-z]{2})_([a-z]{1,2})(\d\d)$/i.exec(stem);
  if (flat) return [flat[1], flat[2], flat[3]];
  const bare = /^([a-z]{1,2})(\d\d)$/i.exec(stem);
  if (bare && folder !== undefined && /^[a-z]{2}$/i.test(folder)) return [folder, bare[1], bare[2]];
  return undefined;
}
