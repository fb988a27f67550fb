/**
 * What MatrixTable draws for a count matrix (a confusion matrix, Krippendorff's
 * coincidences): each cell's share of its row, which sets its heat, and its words for a
 * screen reader. Row-normalised, so a rare class's row is as readable as a common one's.
 */

/** matrix[i][j] / (sum of row i); a row summing to 0 (or less) is all zeros. */
export function rowShares(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((total, value) => total + (Number.isFinite(value) ? value : 0), 0);
    return row.map((value) => (sum > 0 && Number.isFinite(value) ? value / sum : 0));
  });
}

/** Most of the accent colour a cell gets (at share 1), in percent: the rest is the surface. */
export const MAX_HEAT_PERCENT = 70;

/**
 * A cell's shading: `percent` of the accent mixed into the surface, and whether the text
 * must switch to the accent's text colour to stay readable on it.
 */
export function heatOf(share: number): { percent: number; strong: boolean } {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  const percent = Math.round(clamped * MAX_HEAT_PERCENT);
  return { percent, strong: percent >= MAX_HEAT_PERCENT * 0.6 };
}

/** Counts as whole numbers; fractional values (coincidences) with one decimal. */
export function formatMatrixValue(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toFixed(1);
}

/** "angry labelled as sad: 3 clips" — a cell's accessible name. */
export function describeCell(row: string, column: string, shown: string, value: number): string {
  return `${row} labelled as ${column}: ${shown} ${value === 1 ? 'clip' : 'clips'}`;
}
