/**
 * The label events of the durability test's burst, as a pure function of (run, i), so the
 * parent can check every acknowledged event's content without hearing it from the child.
 */
import { CANONICAL_LABELS } from '../../training/datasets/labels.ts';
import type { LabelInput } from '../../electron/services/workspace/inputs.ts';

/** The annotator of burst `run`, so each run's events can be told apart. */
export function burstAnnotator(run: number): string {
  return `burst-${run}`;
}

/** Event `i` of burst `run` over `clipIds`: varied labels (some cleared), notes needing CSV quoting, flags. */
export function burstInput(run: number, i: number, clipIds: readonly string[]): LabelInput {
  const slot = i % (CANONICAL_LABELS.length + 1);
  return {
    clipId: clipIds[i % clipIds.length],
    annotator: burstAnnotator(run),
    label: slot === CANONICAL_LABELS.length ? null : CANONICAL_LABELS[slot],
    note: `run ${run}, event ${i}: "acked"\nline two`,
    flags: i % 3 === 0 ? ['ambiguous'] : [],
    ...(i % 2 === 0 ? { intensity: 'medium' as const } : {}),
  };
}
