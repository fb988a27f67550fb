/**
 * Which clips a training run from the app sees, and with which label. This is where
 * relabelling pays off: a clip an annotator corrected trains with the corrected label,
 * and with the consensus source, with what the annotators agree on. Pure, so the rules
 * are tested without a database or an engine.
 */
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import { minimumSpeakers } from '../../../training/splits.ts';
import { consensusOf } from '../annotation/consensus.ts';
import type { TrainingPreview, TrainingSelection } from '../../contract.ts';
import type { AnnotatorVote } from '../workspace/annotator-labels.ts';
import type { ClipRow } from '../workspace/types.ts';

/** A clip as the engine's training job takes it. */
export interface TrainingClip {
  path: string;
  label: EmotionLabel;
  speaker: string;
  gender?: 'male' | 'female';
  dataset: string;
}

export interface TrainingSet {
  clips: TrainingClip[];
  preview: TrainingPreview;
}

type Outcome = { label: EmotionLabel } | { excluded: keyof TrainingPreview['excluded'] };

/**
 * The training label of one clip. current: the clip's current label (anyone's latest
 * event), or the corpus's own label while nobody labelled it; a cleared label leaves the
 * clip out. consensus: the annotators' majority, or the corpus's label while nobody voted;
 * a tie leaves the clip out (it waits in the "annotators disagree" queue).
 */
function trainingLabel(clip: ClipRow, votes: readonly EmotionLabel[], selection: TrainingSelection): Outcome {
  if (selection.onlyReviewed && votes.length === 0) return { excluded: 'unreviewed' };
  if (selection.labelSource === 'consensus') {
    if (votes.length === 0) return clip.current?.label === null ? { excluded: 'cleared' } : { label: clip.datasetLabel };
    const consensus = consensusOf(votes);
    return consensus.label === null ? { excluded: 'unresolved' } : { label: consensus.label };
  }
  if (clip.current === undefined) return { label: clip.datasetLabel };
  return clip.current.label === null ? { excluded: 'cleared' } : { label: clip.current.label };
}

/** Why `clips` cannot be trained with `folds` speaker folds, or null when they can. */
function trainingProblem(clips: readonly TrainingClip[], folds: number): string | null {
  const labels = new Set(clips.map((c) => c.label));
  if (labels.size < 2) return `Training needs clips of at least two emotions; this selection has ${labels.size}.`;
  const speakers = new Set(clips.map((c) => c.speaker)).size;
  const needed = minimumSpeakers(folds);
  if (speakers < needed) {
    return (
      `Speaker-independent evaluation with ${folds} folds needs at least ${needed} speakers ` +
      `(each fold holds out test and validation speakers and must keep some to train on); this selection has ${speakers}. ` +
      'Add speakers or use fewer folds.'
    );
  }
  return null;
}

export function buildTrainingSet(
  clips: readonly ClipRow[],
  votes: readonly AnnotatorVote[],
  selection: TrainingSelection,
  folds: number,
): TrainingSet {
  const votesByClip = new Map<string, EmotionLabel[]>();
  for (const vote of votes) {
    const list = votesByClip.get(vote.clipId) ?? [];
    list.push(vote.label);
    votesByClip.set(vote.clipId, list);
  }
  const datasets = new Set(selection.datasets ?? []);
  const speakers = new Set(selection.speakers ?? []);
  const excluded = { cleared: 0, unresolved: 0, unreviewed: 0 };
  const chosen: TrainingClip[] = [];
  let relabeled = 0;
  for (const clip of clips) {
    if (datasets.size > 0 && !datasets.has(clip.dataset)) continue;
    if (speakers.size > 0 && !speakers.has(clip.speaker)) continue;
    const outcome = trainingLabel(clip, votesByClip.get(clip.id) ?? [], selection);
    if ('excluded' in outcome) {
      excluded[outcome.excluded] += 1;
      continue;
    }
    if (outcome.label !== clip.datasetLabel) relabeled += 1;
    chosen.push({
      path: clip.path,
      label: outcome.label,
      speaker: clip.speaker,
      ...(clip.gender !== undefined ? { gender: clip.gender } : {}),
      dataset: clip.dataset,
    });
  }
  const byLabel: Record<string, number> = {};
  for (const label of CANONICAL_LABELS) {
    const n = chosen.filter((c) => c.label === label).length;
    if (n > 0) byLabel[label] = n;
  }
  return {
    clips: chosen,
    preview: {
      clips: chosen.length,
      speakers: new Set(chosen.map((c) => c.speaker)).size,
      byLabel,
      excluded,
      relabeled,
      problem: trainingProblem(chosen, folds),
    },
  };
}
