/**
 * The consensus label of one clip from its annotators' current labels: what training on
 * "consensus labels" (DESIGN.md §2, step 3) uses, and what the Review view shows beside
 * each clip. Pure: the caller derives each annotator's current label from the label events.
 */
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';

export type ConsensusStatus = 'none' | 'single' | 'unanimous' | 'majority' | 'tie';

export interface Consensus {
  /** The winning label; null for 'none' and 'tie'. */
  label: EmotionLabel | null;
  status: ConsensusStatus;
  /** Non-null votes counted. */
  votes: number;
  /** Votes for the winning label (for a tie: the tied top count). */
  agreeing: number;
  /** The labels tied at the top ('tie' only; else the winner alone or empty), canonical order. */
  tied: EmotionLabel[];
}

const CANONICAL_INDEX: ReadonlyMap<string, number> = new Map(
  CANONICAL_LABELS.map((label, i) => [label, i]),
);

/**
 * Majority over annotators' current labels; null votes (a cleared label) are ignored.
 * 'single' = exactly one vote; 'unanimous' = ≥2 votes all equal; 'majority' = a strict
 * plurality winner (top count greater than every other count); 'tie' = two or more labels
 * share the top count. A tie names no winner on purpose: picking one (first vote, label
 * order) would let an arbitrary rule decide a training label the annotators disagree on.
 */
export function consensusOf(votes: readonly (EmotionLabel | null)[]): Consensus {
  const counts = new Map<EmotionLabel, number>();
  let total = 0;
  for (const vote of votes) {
    if (vote === null) continue;
    counts.set(vote, (counts.get(vote) ?? 0) + 1);
    total++;
  }
  if (total === 0) return { label: null, status: 'none', votes: 0, agreeing: 0, tied: [] };

  const top = Math.max(...counts.values());
  const leaders = [...counts.keys()]
    .filter((label) => counts.get(label) === top)
    .sort((x, y) => (CANONICAL_INDEX.get(x) ?? Infinity) - (CANONICAL_INDEX.get(y) ?? Infinity));
  if (leaders.length > 1)
    return { label: null, status: 'tie', votes: total, agreeing: top, tied: leaders };

  const winner = leaders[0];
  const status: ConsensusStatus = total === 1 ? 'single' : top === total ? 'unanimous' : 'majority';
  return { label: winner, status, votes: total, agreeing: top, tied: [winner] };
}
