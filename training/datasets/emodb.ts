import type { EmotionLabel } from './labels.ts';
import type { NameParse } from './types.ts';
import { splitRelativePath } from './walk.ts';

const SCHEME =
  'file name does not follow the EmoDB scheme SStttEv (e.g. 03a01Fa: speaker, text, emotion, version)';

/** The ten EmoDB speakers and their gender, from the corpus's published speaker list. */
const SPEAKERS: ReadonlyMap<string, 'male' | 'female'> = new Map([
  ['03', 'male'],
  ['08', 'female'],
  ['09', 'female'],
  ['10', 'male'],
  ['11', 'male'],
  ['12', 'male'],
  ['13', 'female'],
  ['14', 'female'],
  ['15', 'male'],
  ['16', 'female'],
]);

/** German initials: Wut, Langeweile, Ekel, Angst, Freude, Trauer, Neutral. */
const EMOTIONS: ReadonlyMap<string, EmotionLabel> = new Map([
  ['W', 'angry'],
  ['L', 'boredom'],
  ['E', 'disgust'],
  ['A', 'fearful'],
  ['F', 'happy'],
  ['T', 'sad'],
  ['N', 'neutral'],
]);

/**
 * Parse a Berlin EmoDB path `03a01Fa.ext` (folders ignored). Case is significant here:
 * the emotion is an upper-case letter and the version a lower-case one.
 */
export function parseEmodbName(relativePath: string): NameParse {
  const { stem } = splitRelativePath(relativePath);
  const match = /^(\d\d)([ab]\d\d)([A-Z])([a-z])$/.exec(stem);
  if (!match) return { problem: SCHEME };
  const [, speaker, text, emotion] = match;

  const faults: string[] = [];
  const gender = SPEAKERS.get(speaker);
  if (gender === undefined) {
    faults.push(`speaker ${speaker} is not an EmoDB speaker (${[...SPEAKERS.keys()].join(', ')})`);
  }
  const textNumber = Number(text.slice(1));
  if (textNumber < 1 || textNumber > 10) faults.push(`text code ${text} is not a01–a10 or b01–b10`);
  const label = EMOTIONS.get(emotion);
  if (label === undefined) {
    faults.push(
      `emotion letter ${emotion} is not an EmoDB code (${[...EMOTIONS.keys()].join(', ')})`,
    );
  }
  if (faults.length > 0 || gender === undefined || label === undefined)
    return { problem: faults.join('; ') };

  return { dataset: 'emodb', speaker: `emodb-${speaker}`, gender, label, statement: text };
}
