import type { EmotionLabel } from './labels.ts';
import type { NameParse } from './types.ts';
import { splitRelativePath } from './walk.ts';

const SCHEME = 'file name does not follow the RAVDESS scheme MM-VV-EE-II-SS-RR-AA';

const EMOTIONS: ReadonlyMap<string, EmotionLabel> = new Map([
  ['01', 'neutral'],
  ['02', 'calm'],
  ['03', 'happy'],
  ['04', 'sad'],
  ['05', 'angry'],
  ['06', 'fearful'],
  ['07', 'disgust'],
  ['08', 'surprised'],
]);

const MODALITY_NAMES: ReadonlyMap<string, string> = new Map([
  ['01', 'full audio-video'],
  ['02', 'video-only'],
]);

/**
 * Parse a RAVDESS path `[Actor_NN/]MM-VV-EE-II-SS-RR-AA.ext`. Every bad field is named,
 * so a user can see at once whether a file was renamed or belongs to another corpus.
 * Song clips parse (vocalChannel 'song'); whether to keep them is the scanner's choice.
 */
export function parseRavdessName(relativePath: string): NameParse {
  const { folders, stem } = splitRelativePath(relativePath);
  if (!/^\d\d(-\d\d){6}$/.test(stem)) return { problem: SCHEME };
  const [modality, channel, emotion, intensity, statement, repetition, actor] = stem.split('-');

  const faults: string[] = [];
  const videoModality = MODALITY_NAMES.get(modality);
  if (videoModality !== undefined) {
    faults.push(`modality ${modality} is ${videoModality}; only 03 (audio-only) is audio`);
  } else if (modality !== '03') {
    faults.push(`modality code ${modality} is not 01–03`);
  }
  if (!inRange(channel, 1, 2)) faults.push(`vocal channel code ${channel} is not 01–02`);
  const label = EMOTIONS.get(emotion);
  if (label === undefined) faults.push(`emotion code ${emotion} is not 01–08`);
  if (!inRange(intensity, 1, 2)) {
    faults.push(`intensity code ${intensity} is not 01–02`);
  } else if (label === 'neutral' && intensity === '02') {
    faults.push('intensity 02 (strong) does not exist for neutral');
  }
  if (!inRange(statement, 1, 2)) faults.push(`statement code ${statement} is not 01–02`);
  if (!inRange(repetition, 1, 2)) faults.push(`repetition code ${repetition} is not 01–02`);
  const actorNumber = Number(actor);
  if (!inRange(actor, 1, 24)) faults.push(`actor code ${actor} is not 01–24`);
  const actorFolder = folders.at(-1)?.match(/^Actor_(\d+)$/i);
  if (actorFolder && Number(actorFolder[1]) !== actorNumber) {
    faults.push(`folder ${actorFolder[0]} disagrees with actor ${actor} in the file name`);
  }
  if (faults.length > 0 || label === undefined) return { problem: faults.join('; ') };

  return {
    dataset: 'ravdess',
    speaker: `ravdess-${actor}`,
    gender: actorNumber % 2 === 1 ? 'male' : 'female',
    label,
    intensity: intensity === '01' ? 'normal' : 'strong',
    statement,
    vocalChannel: channel === '01' ? 'speech' : 'song',
  };
}

/** Whether a two-digit code lies in [low, high]. */
function inRange(code: string, low: number, high: number): boolean {
  const n = Number(code);
  return n >= low && n <= high;
}
