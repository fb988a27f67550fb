/**
 * The workspace's annotator votes reshaped for agreement statistics and for exports: one
 * row per clip, one column per annotator. Pure; the store supplies the votes and clips.
 */
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import type { AnnotatorVote } from '../workspace/annotator-labels.ts';
import type { ClipRow } from '../workspace/types.ts';
import type { RatingTable } from './agreement.ts';
import { consensusOf } from './consensus.ts';
import type { Consensus } from './consensus.ts';

/** Votes grouped by clip, and the annotators who cast any, sorted by name. */
function groupVotes(votes: readonly AnnotatorVote[]): { annotators: string[]; byClip: Map<string, Map<string, EmotionLabel>> } {
  const byClip = new Map<string, Map<string, EmotionLabel>>();
  for (const vote of votes) {
    const clip = byClip.get(vote.clipId) ?? new Map<string, EmotionLabel>();
    clip.set(vote.annotator, vote.label);
    byClip.set(vote.clipId, clip);
  }
  const annotators = [...new Set(votes.map((v) => v.annotator))].sort();
  return { annotators, byClip };
}

/**
 * The agreement statistics' input: every clip labelled by two or more annotators, the
 * categories being the canonical labels anyone used (in canonical order).
 */
export function ratingTable(votes: readonly AnnotatorVote[]): RatingTable {
  const { annotators, byClip } = groupVotes(votes);
  const used = new Set(votes.map((v) => v.label));
  const items = [...byClip]
    .filter(([, labels]) => labels.size >= 2)
    .map(([id, labels]) => ({ id, ratings: annotators.map((a) => labels.get(a) ?? null) }));
  return { annotators, categories: CANONICAL_LABELS.filter((l) => used.has(l)), items };
}

/** One clip's row in the consensus / per-annotator exports. */
export interface AnnotatedClip {
  clip: ClipRow;
  /** Each annotator's current label, null where they have none; same order as `annotators`. */
  labels: (EmotionLabel | null)[];
  consensus: Consensus;
}

/** Every clip some annotator labelled, by path, with all labels and the consensus. */
export function annotatedClips(clips: readonly ClipRow[], votes: readonly AnnotatorVote[]): { annotators: string[]; rows: AnnotatedClip[] } {
  const { annotators, byClip } = groupVotes(votes);
  const rows = clips
    .filter((clip) => byClip.has(clip.id))
    .map((clip) => {
      const own = byClip.get(clip.id) ?? new Map<string, EmotionLabel>();
      const labels = annotators.map((a) => own.get(a) ?? null);
      return { clip, labels, consensus: consensusOf(labels) };
    });
  return { annotators, rows };
}
