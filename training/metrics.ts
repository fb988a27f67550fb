/**
 * Classification metrics for emotion recognition. UAR (unweighted average recall, the
 * mean of per-class recalls) is the headline number because emotion corpora are
 * unbalanced; WA is plain accuracy; macro-F1 averages per-class F1.
 */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationMetrics {
  uar: number;
  wa: number;
  macroF1: number;
  perClass: Record<string, ClassMetrics>;
  confusion: { labels: string[]; matrix: number[][] };
}

/** Confusion matrix with rows = true label, columns = predicted label. */
export function confusionMatrix(labels: readonly string[], truth: readonly string[], predicted: readonly string[]): number[][] {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  truth.forEach((t, i) => {
    const row = index.get(t);
    const col = index.get(predicted[i]);
    if (row === undefined || col === undefined) throw new Error(`label not in the label set: ${row === undefined ? t : predicted[i]}`);
    matrix[row][col]++;
  });
  return matrix;
}

/**
 * Metrics from a confusion matrix. Classes with no true examples are left out of UAR and
 * macro-F1 (their recall is undefined), so a fold missing a class is not penalised for it.
 */
export function metricsFromConfusion(labels: readonly string[], matrix: number[][]): EvaluationMetrics {
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const correct = labels.reduce((sum, _, i) => sum + matrix[i][i], 0);
  const perClass: Record<string, ClassMetrics> = {};
  const recalls: number[] = [];
  const f1s: number[] = [];
  labels.forEach((label, i) => {
    const support = matrix[i].reduce((a, b) => a + b, 0);
    const predictedCount = matrix.reduce((sum, row) => sum + row[i], 0);
    const precision = predictedCount > 0 ? matrix[i][i] / predictedCount : 0;
    const recall = support > 0 ? matrix[i][i] / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision, recall, f1, support };
    if (support > 0) {
      recalls.push(recall);
      f1s.push(f1);
    }
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    uar: mean(recalls),
    wa: total > 0 ? correct / total : 0,
    macroF1: mean(f1s),
    perClass,
    confusion: { labels: [...labels], matrix: matrix.map((r) => [...r]) },
  };
}

export function evaluatePredictions(labels: readonly string[], truth: readonly string[], predicted: readonly string[]): EvaluationMetrics {
  return metricsFromConfusion(labels, confusionMatrix(labels, truth, predicted));
}

/** Element-wise sum of confusion matrices (pooling the folds of a cross-validation). */
export function sumMatrices(matrices: readonly number[][][]): number[][] {
  return matrices[0].map((row, i) => row.map((_, j) => matrices.reduce((s, m) => s + m[i][j], 0)));
}
