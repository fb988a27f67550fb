/**
 * The emotion taxonomy every importer maps into (DESIGN.md §5): the eight RAVDESS
 * classes plus EmoDB's boredom. Models list the subset they know.
 */
export const CANONICAL_LABELS = [
  'neutral',
  'calm',
  'happy',
  'sad',
  'angry',
  'fearful',
  'disgust',
  'surprised',
  'boredom',
] as const;

export type EmotionLabel = (typeof CANONICAL_LABELS)[number];

const CANONICAL_SET: ReadonlySet<string> = new Set(CANONICAL_LABELS);

export function isEmotionLabel(s: string): s is EmotionLabel {
  return CANONICAL_SET.has(s);
}

/**
 * Spellings seen in folder names and manifests of the common corpora (full words, the
 * three-letter CREMA-D/IEMOCAP codes, TESS's "ps"). Single letters are left out on
 * purpose: SAVEE's "a" is anger but EmoDB's "A" is fear, so a lone letter would be a guess.
 */
const ALIASES: ReadonlyMap<string, EmotionLabel> = new Map(
  Object.entries({
    neu: 'neutral',
    neutrality: 'neutral',
    cal: 'calm',
    calmness: 'calm',
    hap: 'happy',
    happiness: 'happy',
    joy: 'happy',
    joyful: 'happy',
    sadness: 'sad',
    ang: 'angry',
    anger: 'angry',
    fear: 'fearful',
    fea: 'fearful',
    afraid: 'fearful',
    scared: 'fearful',
    dis: 'disgust',
    disgusted: 'disgust',
    surprise: 'surprised',
    sur: 'surprised',
    ps: 'surprised',
    'pleasant surprise': 'surprised',
    'pleasant surprised': 'surprised',
    bored: 'boredom',
    bor: 'boredom',
  } satisfies Record<string, EmotionLabel>),
);

/**
 * Map free-form label names (folder names, CSV cells: "Angry", "ang", "anger", "fear",
 * "happiness", "surprise", "ps" ...) to a canonical label, or undefined. Case, surrounding
 * spaces and `_`/`-`/space separators do not matter; anything not in the table is
 * undefined rather than a guess.
 */
export function normaliseLabelName(s: string): EmotionLabel | undefined {
  const key = s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  return isEmotionLabel(key) ? key : ALIASES.get(key);
}
