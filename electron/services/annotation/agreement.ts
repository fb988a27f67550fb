/**
 * Inter-annotator agreement on nominal labels: Cohen's kappa for each pair of annotators,
 * Fleiss' kappa and Krippendorff's alpha over all of them, and per-category figures, so a
 * team can see whether its emotion labels are reliable enough to train on (and on which
 * classes they are not). Pure and dependency-free: category names are plain strings, and
 * the caller builds the table from each annotator's current label per clip.
 *
 * Undefined coefficients (no items, or chance agreement 1 because a single category was
 * used) are null, never NaN, so they survive JSON and cannot be averaged by accident.
 */

export interface RatingTable {
  annotators: string[];
  /** The category set, in display order (e.g. the canonical emotion labels present). */
  categories: string[];
  /** ratings[k] is annotators[k]'s category for the item, or null when they did not rate it. */
  items: { id: string; ratings: (string | null)[] }[];
}

export interface CohenResult {
  /** The two annotators compared (names from the table). */
  a: string;
  b: string;
  /** Items both rated. */
  items: number;
  /** p_o, the proportion of those items with the same category (0 when there are none). */
  observed: number;
  /** p_e, the agreement expected from the two annotators' own marginals (0 when no items). */
  expected: number;
  kappa: number | null;
  /** Counts over `categories`: rows are a's category, columns b's. */
  confusion: number[][];
}

export interface FleissResult {
  /** Items with at least two ratings. */
  items: number;
  /** P̄, the mean over items of the proportion of agreeing rater pairs (0 when no items). */
  observed: number;
  /** P̄e = Σ_j p_j² (0 when no items). */
  expected: number;
  kappa: number | null;
  /** Per category, in `categories` order: p_j and Fleiss' κ_j. */
  perCategory: { category: string; proportion: number; kappa: number | null }[];
}

export interface AlphaResult {
  alpha: number | null;
  /** n, the number of pairable values (values in units with at least two values). */
  pairableValues: number;
  /** Units with at least two values. */
  units: number;
  /** Krippendorff's coincidence matrix o_ck over `categories` (symmetric; sums to n). */
  coincidence: number[][];
}

export interface AgreementReport {
  annotators: string[];
  categories: string[];
  /** Items rated by at least two annotators. */
  items: number;
  /** Every pair of annotators with ≥1 item in common, in table order (a before b). */
  pairs: CohenResult[];
  fleiss: FleissResult;
  krippendorff: AlphaResult;
  /** Per category: positive specific agreement from the coincidence matrix (o_cc / n_c), plus Fleiss' per-category kappa. */
  perClass: {
    category: string;
    values: number;
    specificAgreement: number | null;
    fleissKappa: number | null;
  }[];
}

/** The table's ratings as category indexes (null = not rated), checked against its shape. */
function codedRatings(table: RatingTable): (number | null)[][] {
  const index = new Map<string, number>();
  table.categories.forEach((category, j) => {
    if (index.has(category))
      throw new Error(`The category "${category}" is listed twice in the rating table.`);
    index.set(category, j);
  });
  return table.items.map((item) => {
    if (item.ratings.length !== table.annotators.length) {
      throw new Error(
        `Item "${item.id}" has ${item.ratings.length} ratings but the table has ${table.annotators.length} annotators.`,
      );
    }
    return item.ratings.map((rating, k) => {
      if (rating === null) return null;
      const j = index.get(rating);
      if (j === undefined) {
        throw new Error(
          `Item "${item.id}": ${table.annotators[k]}'s label "${rating}" is not one of the categories (${table.categories.join(', ')}).`,
        );
      }
      return j;
    });
  });
}

/** n_ij: how many ratings of each category every item received (index = category). */
function categoryCounts(coded: readonly (number | null)[][], categories: number): number[][] {
  return coded.map((ratings) => {
    const counts = new Array<number>(categories).fill(0);
    for (const j of ratings) if (j !== null) counts[j]++;
    return counts;
  });
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

function zeros(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/**
 * Cohen's (1960) kappa between annotators `a` and `b` (indexes into `table.annotators`), over
 * the items both rated:
 *
 *   p_o = Σ_c n_cc / N,   p_e = Σ_c (n_c· / N)(n_·c / N),   κ = (p_o − p_e) / (1 − p_e)
 *
 * where n_cd counts items a put in c and b in d, and n_c· / n_·c are a's and b's marginals.
 * κ is null when no item was rated by both or when p_e = 1 (both used one same category).
 * Source: J. Cohen (1960), "A coefficient of agreement for nominal scales", Educational and
 * Psychological Measurement 20(1), 37–46.
 */
export function cohenKappa(table: RatingTable, a: number, b: number): CohenResult {
  const raters = table.annotators.length;
  if (
    !Number.isInteger(a) ||
    !Number.isInteger(b) ||
    a < 0 ||
    b < 0 ||
    a >= raters ||
    b >= raters ||
    a === b
  ) {
    throw new RangeError(
      `Cohen's kappa needs two different annotators among 0..${raters - 1}; got ${a} and ${b}.`,
    );
  }
  const k = table.categories.length;
  const confusion = zeros(k, k);
  let n = 0;
  for (const ratings of codedRatings(table)) {
    const ra = ratings[a];
    const rb = ratings[b];
    if (ra === null || rb === null) continue;
    confusion[ra][rb]++;
    n++;
  }
  const result = { a: table.annotators[a], b: table.annotators[b], items: n, confusion };
  if (n === 0) return { ...result, observed: 0, expected: 0, kappa: null };

  const rowTotals = confusion.map(sum);
  const colTotals = confusion[0].map((_, c) => sum(confusion.map((row) => row[c])));
  const observed = sum(confusion.map((row, c) => row[c])) / n;
  // Integer numerator over n², so p_e is exactly 1 when both annotators used one category.
  const expected = sum(rowTotals.map((r, c) => r * colTotals[c])) / (n * n);
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  return { ...result, observed, expected, kappa };
}

/**
 * Fleiss' (1971) kappa over the items with at least two ratings, generalised to a number
 * of raters n_i that may differ from item to item (annotators skip clips):
 *
 *   P_i = Σ_j n_ij(n_ij − 1) / (n_i(n_i − 1)),   P̄ = (1/N) Σ_i P_i,
 *   p_j = Σ_i n_ij / Σ_i n_i,   P̄e = Σ_j p_j²,   κ = (P̄ − P̄e) / (1 − P̄e)
 *
 * With the same n on every item this is exactly Fleiss (1971): P_i = (Σ_j n_ij² − n)/(n(n−1)),
 * p_j = Σ_i n_ij / (N n). Each item counts once in P̄ whatever its n_i, as in Fleiss; the
 * marginals p_j pool all ratings.
 *
 * Per category (Fleiss 1971, the kappa for category j):
 *
 *   κ_j = 1 − Σ_i n_ij(n − n_ij) / (N n (n − 1) p_j q_j),   q_j = 1 − p_j
 *
 * generalised here, in the same way as P̄, to
 *
 *   κ_j = 1 − [(1/N) Σ_i n_ij(n_i − n_ij) / (n_i(n_i − 1))] / (p_j q_j)
 *
 * which equals Fleiss' κ_j for constant n and keeps his identity κ = Σ_j p_j q_j κ_j / Σ_j p_j q_j
 * for varying n_i too (because 1 − P_i = Σ_j n_ij(n_i − n_ij) / (n_i(n_i − 1))). κ is null when
 * there are no items or P̄e = 1; κ_j is null when p_j q_j = 0 (category j never or always used).
 * Source: J. L. Fleiss (1971), "Measuring nominal scale agreement among many raters",
 * Psychological Bulletin 76(5), 378–382.
 */
export function fleissKappa(table: RatingTable): FleissResult {
  const k = table.categories.length;
  const counts = categoryCounts(codedRatings(table), k).filter((row) => sum(row) >= 2);
  const items = counts.length;
  if (items === 0) {
    const perCategory = table.categories.map((category) => ({
      category,
      proportion: 0,
      kappa: null,
    }));
    return { items, observed: 0, expected: 0, kappa: null, perCategory };
  }

  const raterPairs = counts.map((row) => {
    const ni = sum(row);
    return ni * (ni - 1);
  });
  const observed =
    sum(counts.map((row, i) => sum(row.map((nij) => nij * (nij - 1))) / raterPairs[i])) / items;
  const totalRatings = sum(counts.map(sum));
  const proportions = table.categories.map(
    (_, j) => sum(counts.map((row) => row[j])) / totalRatings,
  );
  const expected = sum(proportions.map((p) => p * p));
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);

  const perCategory = table.categories.map((category, j) => {
    const p = proportions[j];
    const pq = p * (1 - p);
    if (pq === 0) return { category, proportion: p, kappa: null };
    const disagreement =
      sum(
        counts.map((row, i) => {
          const ni = sum(row);
          return (row[j] * (ni - row[j])) / raterPairs[i];
        }),
      ) / items;
    return { category, proportion: p, kappa: 1 - disagreement / pq };
  });
  return { items, observed, expected, kappa, perCategory };
}

/** Krippendorff's coincidences and value counts over the pairable units. */
interface Coincidences {
  matrix: number[][];
  /** n_c: pairable values of each category (integers, counted rather than summed from o_ck). */
  valueCounts: number[];
  units: number;
}

/**
 * o_ck = Σ_u (number of c–k pairs of values in unit u) / (m_u − 1), over units with m_u ≥ 2
 * values; pairs are ordered and taken between different coders, so o_cc gets n_uc(n_uc − 1).
 */
function coincidencesOf(table: RatingTable): Coincidences {
  const k = table.categories.length;
  const matrix = zeros(k, k);
  const valueCounts = new Array<number>(k).fill(0);
  let units = 0;
  for (const row of categoryCounts(codedRatings(table), k)) {
    const mu = sum(row);
    if (mu < 2) continue;
    units++;
    for (let c = 0; c < k; c++) {
      if (row[c] === 0) continue;
      valueCounts[c] += row[c];
      for (let d = 0; d < k; d++) {
        const pairs = row[c] * (c === d ? row[d] - 1 : row[d]);
        if (pairs > 0) matrix[c][d] += pairs / (mu - 1);
      }
    }
  }
  return { matrix, valueCounts, units };
}

function alphaFrom({ matrix, valueCounts, units }: Coincidences): AlphaResult {
  const n = sum(valueCounts);
  let observedDisagreement = 0;
  matrix.forEach((row, c) => row.forEach((o, d) => (observedDisagreement += c === d ? 0 : o)));
  // Σ_{c≠k} n_c n_k in integers: zero exactly when only one category was used.
  const expectedDisagreement = n * n - sum(valueCounts.map((nc) => nc * nc));
  const alpha =
    units === 0 || expectedDisagreement === 0
      ? null
      : 1 - ((n - 1) * observedDisagreement) / expectedDisagreement;
  return { alpha, pairableValues: n, units, coincidence: matrix };
}

/**
 * Krippendorff's alpha for nominal data, any number of coders, missing values allowed.
 * Only pairable units (m_u ≥ 2 values) take part. From the coincidence matrix
 *
 *   o_ck = Σ_u (number of c–k pairs in unit u) / (m_u − 1),   n_c = Σ_k o_ck,   n = Σ_c n_c,
 *
 * with the nominal difference δ_ck = 0 if c = k else 1:
 *
 *   D_o = (1/n) Σ_c Σ_k o_ck δ_ck,   D_e = 1/(n(n − 1)) Σ_c Σ_k n_c n_k δ_ck,
 *   α = 1 − D_o / D_e = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
 *
 * α is null when no unit is pairable or D_e = 0 (every pairable value in one category).
 * Unlike Fleiss' kappa it weights units by their number of values and corrects for small
 * samples (the n − 1); for two coders with no missing values α = 1 − (1 − π)(2N − 1)/(2N),
 * with π Scott's pi over N units.
 * Source: K. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg
 * School for Communication, University of Pennsylvania (repository.upenn.edu/asc_papers/43),
 * section C, "Nominal data, any number of observers, missing data".
 */
export function krippendorffAlphaNominal(table: RatingTable): AlphaResult {
  return alphaFrom(coincidencesOf(table));
}

/**
 * Everything the Review view shows about agreement, from one table: Cohen's kappa for every
 * pair of annotators who share at least one item, Fleiss' kappa, Krippendorff's alpha, and per
 * category the number of pairable values n_c, the positive specific agreement o_cc / n_c (the
 * share of a category's values whose pair partners agree; for two raters 2a / (2a + b + c)),
 * and Fleiss' κ_j.
 */
export function agreementReport(table: RatingTable): AgreementReport {
  const coded = codedRatings(table);
  const items = coded.filter((ratings) => ratings.filter((r) => r !== null).length >= 2).length;
  const pairs: CohenResult[] = [];
  for (let a = 0; a < table.annotators.length; a++) {
    for (let b = a + 1; b < table.annotators.length; b++) {
      const pair = cohenKappa(table, a, b);
      if (pair.items > 0) pairs.push(pair);
    }
  }
  const fleiss = fleissKappa(table);
  const coincidences = coincidencesOf(table);
  const perClass = table.categories.map((category, c) => {
    const values = coincidences.valueCounts[c];
    return {
      category,
      values,
      specificAgreement: values === 0 ? null : coincidences.matrix[c][c] / values,
      fleissKappa: fleiss.perCategory[c].kappa,
    };
  });
  return {
    annotators: [...table.annotators],
    categories: [...table.categories],
    items,
    pairs,
    fleiss,
    krippendorff: alphaFrom(coincidences),
    perClass,
  };
}
