/**
 * The model's probabilities as the Label view draws them: one bar per label in the
 * canonical label order (so bars never jump around between clips), the top class marked.
 */
import type { Prediction } from '../../../electron/contract.ts';

export interface ProbabilityRow {
  label: string;
  prob: number;
  /** The most probable class (the first one on a tie). */
  top: boolean;
}

/**
 * Rows for a prediction, ordered by `order` (app.info's labels); labels the model knows
 * but `order` does not list come last, in the model's order.
 */
export function probabilityRows(
  prediction: Pick<Prediction, 'labels' | 'probs'>,
  order: readonly string[],
): ProbabilityRow[] {
  const rows = prediction.labels.map((label, i) => ({ label, prob: prediction.probs[i] ?? 0 }));
  let topIndex = -1;
  rows.forEach((row, i) => {
    if (topIndex < 0 || row.prob > rows[topIndex].prob) topIndex = i;
  });
  const rank = (label: string): number => {
    const i = order.indexOf(label);
    return i < 0 ? order.length : i;
  };
  return rows
    .map((row, i) => ({ ...row, top: i === topIndex, modelIndex: i }))
    .sort((a, b) => rank(a.label) - rank(b.label) || a.modelIndex - b.modelIndex)
    .map(({ label, prob, top }) => ({ label, prob, top }));
}

/** What the probabilities panel shows; none of these states blocks the rest of the view. */
export type PredictionView =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'starting' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; model: string; uar?: number; rows: ProbabilityRow[] };
