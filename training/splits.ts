/**
 * Speaker-disjoint splits. Every fold holds out whole speakers, and the validation
 * speakers used for early stopping are taken from the training side, so no speaker's
 * voice is ever on two sides of a split. High SER numbers from random clip splits are
 * speaker leakage (DESIGN.md section 10); only these splits are offered.
 */
import { SeededRandom } from './random.ts';

export interface SpeakerOf {
  speaker: string;
  gender?: 'male' | 'female';
}

export interface SpeakerFold {
  index: number;
  testSpeakers: string[];
  validationSpeakers: string[];
  trainSpeakers: string[];
}

/**
 * K folds over the distinct speakers. Speakers are shuffled with the seed and dealt
 * round-robin within each gender, so folds get similar gender mixes when genders are known.
 */
/**
 * How many validation speakers a training side of `n` speakers gives up: four (two per
 * gender when known) once there are enough, since early stopping on two voices is mostly
 * noise (measured on RAVDESS: validation UAR 0.2 while the test fold scored 0.45).
 */
export function validationSpeakerCountFor(n: number): number {
  return n >= 14 ? 4 : 2;
}

/** Speakers every fold must keep for training once its test and validation speakers are out. */
const MIN_TRAINING_SPEAKERS = 1;

/**
 * The fewest distinct speakers that `k` folds can be made of: each fold's test speakers
 * (up to ⌈n/k⌉) and validation speakers out, at least one speaker is left to train on.
 */
export function minimumSpeakers(k: number, validationSpeakerCount?: number): number {
  for (let n = k; ; n++) {
    const validation = validationSpeakerCount ?? validationSpeakerCountFor(n * (1 - 1 / k));
    if (n - Math.ceil(n / k) - validation >= MIN_TRAINING_SPEAKERS) return n;
  }
}

export function speakerFolds(
  items: readonly SpeakerOf[],
  k: number,
  seed: number,
  requestedValidationSpeakers?: number,
): SpeakerFold[] {
  const validationSpeakerCount =
    requestedValidationSpeakers ?? validationSpeakerCountFor(new Set(items.map((i) => i.speaker)).size * (1 - 1 / k));
  const genderOf = new Map<string, string>();
  for (const item of items) genderOf.set(item.speaker, item.gender ?? 'unknown');
  const speakers = [...genderOf.keys()].sort();
  if (k < 2) throw new Error(`need at least 2 folds, got ${k}`);
  const largestTestSet = Math.ceil(speakers.length / k);
  if (speakers.length - largestTestSet - validationSpeakerCount < MIN_TRAINING_SPEAKERS) {
    throw new Error(
      `speaker-independent evaluation needs at least ${minimumSpeakers(k, requestedValidationSpeakers)} distinct speakers for ${k} folds ` +
        '(each fold holds out its test speakers and its validation speakers, and still needs someone to train on); ' +
        `the data has ${speakers.length}. Add speakers, lower --folds, or give the speaker of each clip (CSV speaker column).`,
    );
  }
  const random = new SeededRandom(seed);
  const ordered = ['female', 'male', 'unknown'].flatMap((g) =>
    random.shuffled(speakers.filter((s) => genderOf.get(s) === g)),
  );
  const testSets: string[][] = Array.from({ length: k }, () => []);
  ordered.forEach((speaker, i) => testSets[i % k].push(speaker));
  return testSets.map((testSpeakers, index) => {
    const rest = ordered.filter((s) => !testSpeakers.includes(s));
    const validationSpeakers = pickValidationSpeakers(rest, genderOf, validationSpeakerCount, random);
    return {
      index,
      testSpeakers: testSpeakers.sort(),
      validationSpeakers,
      trainSpeakers: rest.filter((s) => !validationSpeakers.includes(s)).sort(),
    };
  });
}

/** Validation speakers for a training set, alternating genders when they are known. */
export function pickValidationSpeakers(
  candidates: readonly string[],
  genderOf: ReadonlyMap<string, string>,
  count: number,
  random: SeededRandom,
): string[] {
  const byGender = new Map<string, string[]>();
  for (const s of random.shuffled(candidates)) {
    const g = genderOf.get(s) ?? 'unknown';
    byGender.set(g, [...(byGender.get(g) ?? []), s]);
  }
  const queues = [...byGender.values()];
  const picked: string[] = [];
  for (let round = 0; picked.length < count && queues.some((q) => q.length > 0); round++) {
    const queue = queues[round % queues.length];
    const next = queue.shift();
    if (next !== undefined) picked.push(next);
  }
  return picked.sort();
}
