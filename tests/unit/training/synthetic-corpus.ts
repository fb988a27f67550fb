/**
 * A tiny prepared corpus for training tests, built in memory: each label lifts the upper
 * mel bands and the pitch channel by its own amount, so a stats-MLP learns it in a few
 * epochs. Speakers are 'folder-s0' … and every speaker has every label.
 */
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import type { PreparedClip } from '../../../training/model/prepare-corpus.ts';
import { SeededRandom } from '../../../training/random.ts';

const ROWS = 240;
const MELS = 64;

export function syntheticCorpus(options: { speakers: number; labels: readonly EmotionLabel[]; clipsPerLabel: number; seed?: number }): PreparedClip[] {
  const random = new SeededRandom(options.seed ?? 11);
  const clips: PreparedClip[] = [];
  for (let s = 0; s < options.speakers; s++) {
    options.labels.forEach((label, l) => {
      for (let n = 0; n < options.clipsPerLabel; n++) {
        const data = Float32Array.from({ length: ROWS * MELS }, (_, j) => -50 + (l * (j % MELS)) / 8 + 3 * random.normal());
        const series = (v: number) => new Float32Array(ROWS).fill(v);
        const frames = { logMel: { rows: ROWS, cols: MELS, data }, levelDb: series(-30), f0Octaves: series(0.4 * l - 0.3), voiced: series(1) };
        clips.push({
          clip: { path: `/corpus/s${s}/${label}-${n}.wav`, dataset: 'folder', speaker: `folder-s${s}`, label },
          frames,
          augmented: [],
        });
      }
    });
  }
  return clips;
}
