/**
 * The Annotators panel in words: each annotator's current label as one row, and the
 * consensus (computed by the back end) as a phrase a reviewer reads at a glance.
 */
import type { Consensus, LabelEvent } from '../../../electron/contract.ts';
import { intensityName } from './label-state.ts';
import type { Label } from './label-state.ts';

/** "happy", "happy and sad", "happy, sad and angry". */
function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "unanimous (3 of 3)", "majority 2 of 3", "tie between happy and sad", "one annotator", "no labels yet". */
export function describeConsensus(consensus: Consensus): string {
  switch (consensus.status) {
    case 'none':
      return 'no labels yet';
    case 'single':
      return 'one annotator';
    case 'unanimous':
      return `unanimous (${consensus.votes} of ${consensus.votes})`;
    case 'majority':
      return `majority ${consensus.agreeing} of ${consensus.votes}`;
    case 'tie':
      return `tie between ${listWords(consensus.tied)}`;
  }
}

/** Whether the consensus keeps or changes the corpus's own label; null without a winner. */
export function consensusVersusDataset(
  consensus: Pick<Consensus, 'label'>,
  datasetLabel: Label,
): 'agrees' | 'differs' | null {
  if (consensus.label === null) return null;
  return consensus.label === datasetLabel ? 'agrees' : 'differs';
}

export interface AnnotatorRow {
  name: string;
  /** The annotator using this view. */
  isSelf: boolean;
  label: Label | null;
  /** Intensity and flags, as short tags. */
  tags: string[];
  note?: string;
  reason?: string;
  createdAt: string;
}

/** One row per annotator's current event (the back end's order, by name), the user's marked. */
export function annotatorRows(events: readonly LabelEvent[], self: string): AnnotatorRow[] {
  return events.map((event) => {
    const intensity = intensityName(event.intensity);
    return {
      name: event.annotator,
      isSelf: self !== '' && event.annotator === self,
      label: event.label,
      tags: [...(intensity !== null ? [intensity] : []), ...event.flags.map((flag) => `⚑ ${flag}`)],
      ...(event.note !== undefined ? { note: event.note } : {}),
      ...(event.reason !== undefined ? { reason: event.reason } : {}),
      createdAt: event.createdAt,
    };
  });
}
