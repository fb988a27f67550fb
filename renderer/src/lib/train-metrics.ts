/**
 * A trained model's speaker-independent evaluation as the Train view reports it: headline
 * numbers, the per-class table, the comparison with the model that was active before, and
 * the words for a confusion-matrix cell. Pure, so the arithmetic and the copy are tested.
 */
import type { MethodInput, ModelDetail, ModelSummary } from '../../../electron/contract.ts';

export type Evaluation = NonNullable<ModelDetail['evaluation']>;
/** The metrics of all folds' test predictions pooled together. */
export type PooledMetrics = Evaluation['pooled'];
export type CellLabel = MethodInput<'models.cellClips'>['truth'];

/** 0.6234 → "62.3%"; not a number → "—". */
export function formatRate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

/** Mean and standard deviation over folds: "62.3% ± 4.1". */
export function formatMeanStd(mean: number, std: number): string {
  return `${formatRate(mean)} ± ${Number.isFinite(std) ? (std * 100).toFixed(1) : '—'}`;
}

/** Guessing uniformly among the labels: the UAR a model that learnt nothing gets. */
export function chanceLevel(labels: readonly string[]): number {
  return labels.length > 0 ? 1 / labels.length : 0;
}

export interface ClassRow {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The per-class metrics in the confusion matrix's label order (classes it lacks last). */
export function classRows(pooled: PooledMetrics): ClassRow[] {
  const order = [...pooled.confusion.labels, ...Object.keys(pooled.perClass).filter((l) => !pooled.confusion.labels.includes(l))];
  return order.filter((label) => pooled.perClass[label] !== undefined).map((label) => ({ label, ...pooled.perClass[label] }));
}

export type Direction = 'up' | 'down' | 'same';

export interface Delta {
  direction: Direction;
  /** "▲", "▼" or "=" — shown with the words, never colour alone. */
  arrow: string;
  /** "+3.1 pts", "−2.0 pts" (percentage points), "no change". */
  text: string;
}

/** Differences under half a tenth of a point read as "no change" (they are below what is printed). */
const SAME_BELOW = 0.0005;

export function deltaOf(current: number, previous: number): Delta {
  const diff = current - previous;
  if (!Number.isFinite(diff) || Math.abs(diff) < SAME_BELOW) return { direction: 'same', arrow: '=', text: 'no change' };
  const points = `${(Math.abs(diff) * 100).toFixed(1)} pts`;
  return diff > 0 ? { direction: 'up', arrow: '▲', text: `+${points}` } : { direction: 'down', arrow: '▼', text: `−${points}` };
}

export interface ComparisonRow {
  name: string;
  current: number | undefined;
  previous: number | undefined;
  /** Null when either side lacks the number (a label only one model knows). */
  delta: Delta | null;
}

function row(name: string, current: number | undefined, previous: number | undefined): ComparisonRow {
  return { name, current, previous, delta: current !== undefined && previous !== undefined ? deltaOf(current, previous) : null };
}

/**
 * This model against the previous one: mean UAR over folds, pooled macro-F1 and the pooled
 * recall of each of this model's labels (a label the previous model lacks has no delta).
 */
export function compareEvaluations(current: Evaluation, previous: Evaluation): ComparisonRow[] {
  return [
    row('UAR (mean over folds)', current.meanUar, previous.meanUar),
    row('Macro-F1 (pooled)', current.pooled.macroF1, previous.pooled.macroF1),
    ...classRows(current.pooled).map((r) => row(`Recall: ${r.label}`, r.recall, previous.pooled.perClass[r.label]?.recall)),
  ];
}

/**
 * Why the two models' numbers are not like for like, or null: with other labels, chance
 * differs (UAR over 8 labels and over 4 are different scales), so the deltas only hint.
 */
export function comparisonCaveat(current: Evaluation, previous: Evaluation): string | null {
  const mine = current.pooled.confusion.labels;
  const theirs = previous.pooled.confusion.labels;
  const same = mine.length === theirs.length && mine.every((l) => theirs.includes(l));
  if (same) return null;
  const only = theirs.filter((l) => !mine.includes(l));
  const extra = only.length > 0 ? ` It also tells apart ${only.join(', ')}.` : '';
  return (
    `The previous model was evaluated on ${theirs.length} labels (chance ${formatRate(chanceLevel(theirs))}), this one on ` +
    `${mine.length} (chance ${formatRate(chanceLevel(mine))}), so the changes are indicative, not like for like.${extra}`
  );
}

/** What a model was trained and cross-validated on, as models.get reports it. */
type TrainingData = Pick<ModelDetail['training'], 'datasets' | 'speakers' | 'clipCount'>;

/**
 * Why two models' numbers are not like for like when their cross-validation ran on
 * different data (other speakers, clip counts or corpora), or null when the data match.
 */
export function trainingDataCaveat(current: TrainingData, previous: TrainingData): string | null {
  const describe = (d: TrainingData) => `${d.clipCount.toLocaleString('en-US')} clips of ${d.speakers} speakers (${d.datasets.join(', ') || 'unknown corpus'})`;
  const same = current.clipCount === previous.clipCount && current.speakers === previous.speakers && current.datasets.join() === previous.datasets.join();
  if (same) return null;
  return `Evaluated on different data: this model on ${describe(current)}, the previous one on ${describe(previous)}; the change mixes the model with the data.`;
}

/** The canonical label `name` is, typed for models.cellClips, or null when the app does not know it. */
export function asCellLabel(name: string, labels: readonly CellLabel[]): CellLabel | null {
  return labels.find((l) => l === name) ?? null;
}

/** The clip list's title for one confusion cell: "angry predicted as sad · 4 clips". */
export function cellTitle(truth: string, predicted: string, clips: number): string {
  return `${truth} predicted as ${predicted} · ${clips} ${clips === 1 ? 'clip' : 'clips'}`;
}

/** A confusion cell's accessible name: "angry predicted as sad: 4 clips". */
export function describeConfusionCell(truth: string, predicted: string, shown: string, value: number): string {
  return `${truth} predicted as ${predicted}: ${shown} ${value === 1 ? 'clip' : 'clips'}`;
}

/** What to say when some of a cell's clips are not in this workspace (trained elsewhere, or removed). */
export function missingNote(missing: number, shown: number): string | null {
  if (missing <= 0) return null;
  const some = missing === 1 ? '1 clip of this cell is' : `${missing} clips of this cell are`;
  return shown > 0 ? `${some} not in this workspace, so only ${shown} can be opened.` : `${some} not in this workspace, so there is nothing to open.`;
}

/**
 * The model to compare a result with: the one that was active when the job started when
 * that is known, else the active model; never the model itself.
 */
export function baselineDir(shownDir: string, activeBefore: string | null | undefined, active: ModelSummary | null): string | null {
  if (activeBefore !== undefined) return activeBefore !== null && activeBefore !== shownDir ? activeBefore : null;
  return active !== null && active.dir !== shownDir ? active.dir : null;
}
