/**
 * The Agreement view's numbers in words: kappa/alpha values and their Landis & Koch band,
 * why a coefficient is undefined (the back end sends null, never NaN), the annotator pair
 * the confusion matrix opens on, and the annotator × annotator grid of Cohen's kappa.
 */
import type { AgreementReport } from '../../../electron/contract.ts';

type Pair = AgreementReport['pairs'][number];
type Fleiss = AgreementReport['fleiss'];
type Alpha = AgreementReport['krippendorff'];

export type BandId = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost-perfect';

export interface Band {
  id: BandId;
  name: string;
  /** The band's range as Landis & Koch (1977) write it. */
  range: string;
  /** What the band means for a team deciding whether its labels can be trained on. */
  meaning: string;
}

const BANDS: Readonly<Record<BandId, Band>> = {
  poor: { id: 'poor', name: 'Poor', range: 'below 0', meaning: 'Less agreement than chance: the annotators read these clips differently.' },
  slight: { id: 'slight', name: 'Slight', range: '0–0.20', meaning: 'Barely above chance: the labels are not reliable yet.' },
  fair: { id: 'fair', name: 'Fair', range: '0.21–0.40', meaning: 'Some agreement, but many labels differ; look at the confusions.' },
  moderate: { id: 'moderate', name: 'Moderate', range: '0.41–0.60', meaning: 'Agreement on the clear cases; similar emotions still blur.' },
  substantial: { id: 'substantial', name: 'Substantial', range: '0.61–0.80', meaning: 'Good agreement: usually reliable enough to train on.' },
  'almost-perfect': { id: 'almost-perfect', name: 'Almost perfect', range: '0.81–1', meaning: 'The annotators almost always agree.' },
};

/**
 * Landis & Koch's (1977) band for a kappa or alpha: <0 poor, 0–0.20 slight, 0.21–0.40 fair,
 * 0.41–0.60 moderate, 0.61–0.80 substantial, 0.81–1 almost perfect (a value between two
 * printed bounds, 0.205 say, belongs to the higher band). Null for an undefined value.
 */
export function kappaBand(value: number | null): Band | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (value < 0) return BANDS.poor;
  if (value <= 0.2) return BANDS.slight;
  if (value <= 0.4) return BANDS.fair;
  if (value <= 0.6) return BANDS.moderate;
  if (value <= 0.8) return BANDS.substantial;
  return BANDS['almost-perfect'];
}

/** Every band from poor to almost perfect: the scale's legend. */
export const KAPPA_BANDS: readonly Band[] = Object.values(BANDS);

/** 0.6137 → "0.61", −0.05 → "−0.05" (a real minus sign), null → "—". */
export function formatCoefficient(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const fixed = Math.abs(value).toFixed(2);
  return value < 0 && fixed !== '0.00' ? `−${fixed}` : fixed;
}

/** 0.8234 → "82%", null → "—". */
export function formatProportion(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${Math.round(value * 100)}%`;
}

const NO_VARIATION = 'No variation: only one label was used, so chance agreement is already 100% and kappa is undefined.';

/** Why a pair's kappa is null. */
export function cohenNullReason(pair: Pick<Pair, 'items'>): string {
  return pair.items === 0 ? 'Too few clips: these two annotators have no clip in common.' : NO_VARIATION;
}

/** Why Fleiss' kappa is null. */
export function fleissNullReason(fleiss: Pick<Fleiss, 'items'>): string {
  return fleiss.items === 0 ? 'Too few clips: none was labelled by two or more annotators.' : NO_VARIATION;
}

/** Why Krippendorff's alpha is null. */
export function alphaNullReason(alpha: Pick<Alpha, 'pairableValues'>): string {
  return alpha.pairableValues === 0
    ? 'Too few clips: none was labelled by two or more annotators.'
    : 'No variation: every pairable value is the same label, so disagreement expected by chance is 0 and alpha is undefined.';
}

/** Why a label's specific agreement or per-category kappa is null. */
export function categoryNullReason(values: number): string {
  return values === 0
    ? 'Nobody used this label on a clip that another annotator labelled too.'
    : 'No variation: every rating of the shared clips is this label, so its kappa is undefined.';
}

/**
 * The pair the confusion matrix opens on: the one with most clips in common (the first in
 * the report's order on a tie); null when no pair shares a clip.
 */
export function defaultPairIndex(pairs: readonly Pick<Pair, 'items'>[]): number | null {
  let best: number | null = null;
  pairs.forEach((pair, i) => {
    if (pair.items > 0 && (best === null || pair.items > pairs[best].items)) best = i;
  });
  return best;
}

/**
 * The annotator × annotator grid of pairs: grid[i][j] is the pair of annotators i and j
 * (the report lists each pair once, a before b, so both cells point to it), null on the
 * diagonal and for pairs without a clip in common.
 */
export function pairGrid<P extends Pick<Pair, 'a' | 'b'>>(
  annotators: readonly string[],
  pairs: readonly P[],
): (P | null)[][] {
  const byKey = new Map<string, P>();
  for (const pair of pairs) {
    byKey.set(JSON.stringify([pair.a, pair.b]), pair);
    byKey.set(JSON.stringify([pair.b, pair.a]), pair);
  }
  return annotators.map((row, i) =>
    annotators.map((column, j) => (i === j ? null : (byKey.get(JSON.stringify([row, column])) ?? null))),
  );
}

/** True when the report has something to show: a clip that two or more annotators labelled. */
export function hasAgreementData(report: Pick<AgreementReport, 'items' | 'annotators'>): boolean {
  return report.items > 0 && report.annotators.length >= 2;
}
