/**
 * Agreement coefficients against published worked examples:
 * - Cohen's kappa: the Wikipedia "Cohen's kappa" examples (50 grant proposals, κ = 0.4; and
 *   the two 100-item tables with the same 60 % agreement, κ = 0.1304 and 0.2593).
 * - Fleiss' kappa: the Wikipedia "Fleiss' kappa" worked example (10 subjects, 14 raters,
 *   5 categories: P_i, p_j, P̄ = 0.378, P̄e = 0.213, κ = 0.210); per-category κ_j as printed by
 *   Cardillo's fleiss.m (MATLAB File Exchange 15426) for the same table.
 * - Krippendorff's alpha: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability",
 *   sections A (binary, α = 0.095), B (nominal, two observers, α = 0.692) and C (nominal,
 *   four observers, missing data, α = 0.743, with its coincidence matrix), and the
 *   Wikipedia "Krippendorff's alpha" computational example (α = 0.691).
 * Plus hand-computed cases for what the examples do not cover (varying raters per item,
 * undefined coefficients, the report's per-class figures).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  agreementReport,
  cohenKappa,
  fleissKappa,
  krippendorffAlphaNominal,
  type RatingTable,
} from '../../../electron/services/annotation/agreement.ts';

function close(actual: number | null, expected: number, tolerance: number, what: string): void {
  assert.notEqual(actual, null, `${what} is null`);
  const value = actual as number;
  assert.ok(
    Math.abs(value - expected) <= tolerance,
    `${what}: ${value} is not within ${tolerance} of ${expected}`,
  );
}

/** The value rounded as a paper prints it. */
const round = (x: number | null, digits: number): number => Number((x as number).toFixed(digits));

/** Two annotators whose confusion (rows a, cols b) over `categories` is `counts`. */
function twoRaterTable(categories: string[], counts: number[][]): RatingTable {
  const items: RatingTable['items'] = [];
  counts.forEach((row, i) =>
    row.forEach((n, j) => {
      for (let k = 0; k < n; k++)
        items.push({ id: `item${items.length + 1}`, ratings: [categories[i], categories[j]] });
    }),
  );
  return { annotators: ['A', 'B'], categories, items };
}

/** A Fleiss count table (subjects × categories) as one rating per rater slot per subject. */
function countTable(categories: string[], counts: number[][]): RatingTable {
  const raters = Math.max(...counts.map((row) => row.reduce((s, n) => s + n, 0)));
  const items = counts.map((row, i) => {
    const ratings: (string | null)[] = [];
    row.forEach((n, j) => {
      for (let k = 0; k < n; k++) ratings.push(categories[j]);
    });
    while (ratings.length < raters) ratings.push(null);
    return { id: `subject${i + 1}`, ratings };
  });
  return {
    annotators: Array.from({ length: raters }, (_, k) => `rater${k + 1}`),
    categories,
    items,
  };
}

/** Krippendorff's reliability-data layout: one line per observer, values by unit, '.' or '*' missing. */
function reliabilityData(observers: Record<string, string>): RatingTable {
  const names = Object.keys(observers);
  const rows = names.map((name) => observers[name].trim().split(/\s+/));
  const units = rows[0].length;
  assert.ok(
    rows.every((row) => row.length === units),
    'every observer line has one value per unit',
  );
  const values = new Set(rows.flat().filter((v) => v !== '.' && v !== '*'));
  const categories = [...values].sort();
  const items = Array.from({ length: units }, (_, u) => ({
    id: `unit${u + 1}`,
    ratings: rows.map((row) => (row[u] === '.' || row[u] === '*' ? null : row[u])),
  }));
  return { annotators: names, categories, items };
}

/** Scott's pi for two raters with no missing data, computed from its own definition. */
function scottsPi(table: RatingTable): { pi: number; units: number } {
  const n = table.items.length;
  const observed = table.items.filter((item) => item.ratings[0] === item.ratings[1]).length / n;
  const expected = table.categories
    .map(
      (c) =>
        table.items.reduce((s, item) => s + item.ratings.filter((r) => r === c).length, 0) /
        (2 * n),
    )
    .reduce((s, p) => s + p * p, 0);
  return { pi: (observed - expected) / (1 - expected), units: n };
}

// Wikipedia, "Fleiss' kappa", worked example: n_ij for 10 subjects × 5 categories, 14 raters.
const FLEISS_COUNTS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];
const FLEISS_CATEGORIES = ['1', '2', '3', '4', '5'];

// Krippendorff (2011), section C: observers A–D, units 1–12.
const KRIPPENDORFF_C = {
  A: '1 2 3 3 2 1 4 1 2 . . .',
  B: '1 2 3 3 2 2 4 1 2 5 . 3',
  C: '. 3 3 3 2 3 4 2 2 5 1 .',
  D: '1 2 3 3 2 4 4 1 2 5 1 .',
};

describe('cohenKappa (Cohen 1960)', () => {
  it('Wikipedia: 50 proposals, yes/yes 20, A yes B no 5, A no B yes 10, no/no 15 → p_o 0.7, p_e 0.5, κ 0.4', () => {
    const table = twoRaterTable(
      ['yes', 'no'],
      [
        [20, 5],
        [10, 15],
      ],
    );
    const r = cohenKappa(table, 0, 1);
    assert.equal(r.a, 'A');
    assert.equal(r.b, 'B');
    assert.equal(r.items, 50);
    assert.deepEqual(r.confusion, [
      [20, 5],
      [10, 15],
    ]);
    close(r.observed, 0.7, 1e-12, 'p_o');
    close(r.expected, 0.5, 1e-12, 'p_e');
    close(r.kappa, 0.4, 1e-12, 'κ');
  });

  it('Wikipedia: same 60 % agreement, different marginals → κ 0.1304 and 0.2593', () => {
    const balanced = cohenKappa(
      twoRaterTable(
        ['yes', 'no'],
        [
          [45, 15],
          [25, 15],
        ],
      ),
      0,
      1,
    );
    close(balanced.observed, 0.6, 1e-12, 'p_o');
    close(balanced.expected, 0.54, 1e-12, 'p_e');
    assert.equal(round(balanced.kappa, 4), 0.1304);
    const skewed = cohenKappa(
      twoRaterTable(
        ['yes', 'no'],
        [
          [25, 35],
          [5, 35],
        ],
      ),
      0,
      1,
    );
    close(skewed.observed, 0.6, 1e-12, 'p_o');
    close(skewed.expected, 0.46, 1e-12, 'p_e');
    assert.equal(round(skewed.kappa, 4), 0.2593);
  });

  it('perfect agreement over three categories is κ = 1', () => {
    const r = cohenKappa(
      twoRaterTable(
        ['angry', 'sad', 'happy'],
        [
          [4, 0, 0],
          [0, 3, 0],
          [0, 0, 5],
        ],
      ),
      0,
      1,
    );
    assert.equal(r.observed, 1);
    assert.equal(r.kappa, 1);
  });

  it('agreement at chance level is κ = 0 (confusion = outer product of the marginals)', () => {
    // a's marginals 8/4/4, b's 4/4/8: p_o = 5/16 = p_e.
    const r = cohenKappa(
      twoRaterTable(
        ['angry', 'sad', 'happy'],
        [
          [2, 2, 4],
          [1, 1, 2],
          [1, 1, 2],
        ],
      ),
      0,
      1,
    );
    close(r.observed, 5 / 16, 1e-12, 'p_o');
    close(r.expected, 5 / 16, 1e-12, 'p_e');
    close(r.kappa, 0, 1e-12, 'κ');
  });

  it('counts only the items both annotators rated', () => {
    const table: RatingTable = {
      annotators: ['ann', 'bob', 'cy'],
      categories: ['calm', 'sad'],
      items: [
        { id: 'c1', ratings: ['calm', 'calm', null] },
        { id: 'c2', ratings: ['sad', null, 'sad'] },
        { id: 'c3', ratings: ['sad', 'calm', 'sad'] },
        { id: 'c4', ratings: [null, 'sad', 'calm'] },
      ],
    };
    const annBob = cohenKappa(table, 0, 1);
    assert.equal(annBob.items, 2);
    assert.deepEqual(annBob.confusion, [
      [1, 0],
      [1, 0],
    ]);
    assert.equal(annBob.observed, 0.5);
    // ann: calm/sad 1/1, bob: calm 2 → p_e = 0.5·1 + 0.5·0 = 0.5, κ = 0.
    assert.equal(annBob.expected, 0.5);
    assert.equal(annBob.kappa, 0);
    assert.equal(cohenKappa(table, 1, 2).items, 2);
  });

  it('is null, not NaN, when undefined: no shared items, or both used one same category', () => {
    const disjoint: RatingTable = {
      annotators: ['A', 'B'],
      categories: ['calm'],
      items: [
        { id: 'x', ratings: ['calm', null] },
        { id: 'y', ratings: [null, 'calm'] },
      ],
    };
    assert.deepEqual(cohenKappa(disjoint, 0, 1), {
      a: 'A',
      b: 'B',
      items: 0,
      observed: 0,
      expected: 0,
      kappa: null,
      confusion: [[0]],
    });
    const oneCategory = cohenKappa(
      twoRaterTable(
        ['calm', 'sad'],
        [
          [6, 0],
          [0, 0],
        ],
      ),
      0,
      1,
    );
    assert.equal(oneCategory.observed, 1);
    assert.equal(oneCategory.expected, 1);
    assert.equal(oneCategory.kappa, null);
  });

  it('rejects annotator indexes that are out of range or the same', () => {
    const table = twoRaterTable(
      ['yes', 'no'],
      [
        [1, 0],
        [0, 1],
      ],
    );
    assert.throws(() => cohenKappa(table, 0, 2), RangeError);
    assert.throws(() => cohenKappa(table, 1, 1), RangeError);
    assert.throws(() => cohenKappa(table, -1, 0), RangeError);
  });
});

describe('fleissKappa (Fleiss 1971)', () => {
  const table = countTable(FLEISS_CATEGORIES, FLEISS_COUNTS);

  it('builds 14 ratings per subject from the count table', () => {
    assert.equal(table.annotators.length, 14);
    assert.ok(table.items.every((item) => item.ratings.every((r) => r !== null)));
    assert.deepEqual(
      table.items[1].ratings.filter((r) => r === '3').length,
      6,
      'subject 2 has six ratings of category 3',
    );
  });

  it('Wikipedia worked example: P̄ 0.378, P̄e 0.213, κ 0.210, p_j 0.143 0.200 0.279 0.150 0.229', () => {
    const r = fleissKappa(table);
    assert.equal(r.items, 10);
    assert.equal(round(r.observed, 3), 0.378);
    assert.equal(round(r.expected, 3), 0.213);
    assert.equal(round(r.kappa, 3), 0.21);
    assert.deepEqual(
      r.perCategory.map((c) => round(c.proportion, 3)),
      [0.143, 0.2, 0.279, 0.15, 0.229],
    );
    assert.deepEqual(
      r.perCategory.map((c) => c.category),
      FLEISS_CATEGORIES,
    );
    // The column totals 20 28 39 21 32 over 140 ratings.
    [20, 28, 39, 21, 32].forEach((total, j) =>
      close(r.perCategory[j].proportion, total / 140, 1e-12, `p_${j + 1}`),
    );
  });

  it("Wikipedia worked example: each subject's P_i (1.000 0.253 0.308 0.440 0.330 0.462 0.242 0.176 0.286 0.286)", () => {
    const published = [1.0, 0.253, 0.308, 0.44, 0.33, 0.462, 0.242, 0.176, 0.286, 0.286];
    FLEISS_COUNTS.forEach((row, i) => {
      // P̄ of a one-subject table is that subject's P_i.
      const single = fleissKappa(countTable(FLEISS_CATEGORIES, [row]));
      assert.equal(round(single.observed, 3), published[i], `P_${i + 1}`);
    });
  });

  it("per-category κ_j on the same table match Cardillo's fleiss.m: 0.2013 0.0797 0.1716 0.0304 0.5077", () => {
    const r = fleissKappa(table);
    assert.deepEqual(
      r.perCategory.map((c) => round(c.kappa, 4)),
      [0.2013, 0.0797, 0.1716, 0.0304, 0.5077],
    );
  });

  // x/x/y, x/x, y/x (+ one lone rating that must not count), worked by hand:
  // P_i = 1/3, 1, 0 → P̄ = 4/9; p = (5/7, 2/7) → P̄e = 29/49; κ = (4/9 − 29/49)/(20/49) = −13/36.
  // κ_x = κ_y = 1 − [(1/3)(2·1/6 + 2·0/2 + 1·1/2)]/(10/49) = 1 − (5/18)(49/10) = −13/36 as well
  // (two categories: both κ_j equal κ).
  const VARYING: RatingTable = {
    annotators: ['a1', 'a2', 'a3'],
    categories: ['x', 'y'],
    items: [
      { id: 'i1', ratings: ['x', 'x', 'y'] },
      { id: 'i2', ratings: ['x', null, 'x'] },
      { id: 'i3', ratings: [null, 'y', 'x'] },
      { id: 'i4', ratings: ['x', null, null] },
    ],
  };

  it("keeps Fleiss' identity κ = Σ p_j q_j κ_j / Σ p_j q_j", () => {
    for (const t of [table, VARYING]) {
      const r = fleissKappa(t);
      const weights = r.perCategory.map((c) => c.proportion * (1 - c.proportion));
      const weighted = r.perCategory.reduce((s, c, j) => s + weights[j] * (c.kappa ?? 0), 0);
      close(r.kappa, weighted / weights.reduce((s, w) => s + w, 0), 1e-12, 'weighted mean of κ_j');
    }
  });

  it('generalises to a varying number of raters per item (worked by hand)', () => {
    const r = fleissKappa(VARYING);
    assert.equal(r.items, 3);
    close(r.observed, 4 / 9, 1e-12, 'P̄');
    close(r.expected, 29 / 49, 1e-12, 'P̄e');
    close(r.kappa, -13 / 36, 1e-12, 'κ');
    close(r.perCategory[0].proportion, 5 / 7, 1e-12, 'p_x');
    close(r.perCategory[0].kappa, -13 / 36, 1e-12, 'κ_x');
    close(r.perCategory[1].kappa, -13 / 36, 1e-12, 'κ_y');
  });

  it('equals the 1971 per-category formula 1 − Σ n_ij(n − n_ij) / (N n (n−1) p_j q_j) for constant n', () => {
    const n = 14;
    const N = FLEISS_COUNTS.length;
    const r = fleissKappa(table);
    FLEISS_CATEGORIES.forEach((_, j) => {
      const p = FLEISS_COUNTS.reduce((s, row) => s + row[j], 0) / (N * n);
      const disagreement = FLEISS_COUNTS.reduce((s, row) => s + row[j] * (n - row[j]), 0);
      close(
        r.perCategory[j].kappa,
        1 - disagreement / (N * n * (n - 1) * p * (1 - p)),
        1e-12,
        `κ_${j + 1}`,
      );
    });
  });

  it('is null when undefined: no item with two ratings, or one category used throughout', () => {
    const lone: RatingTable = {
      annotators: ['a', 'b'],
      categories: ['x', 'y'],
      items: [
        { id: '1', ratings: ['x', null] },
        { id: '2', ratings: [null, 'y'] },
      ],
    };
    assert.deepEqual(fleissKappa(lone), {
      items: 0,
      observed: 0,
      expected: 0,
      kappa: null,
      perCategory: [
        { category: 'x', proportion: 0, kappa: null },
        { category: 'y', proportion: 0, kappa: null },
      ],
    });
    const same = fleissKappa(
      countTable(
        ['x', 'y'],
        [
          [3, 0],
          [3, 0],
        ],
      ),
    );
    assert.equal(same.observed, 1);
    assert.equal(same.expected, 1);
    assert.equal(same.kappa, null);
    assert.deepEqual(
      same.perCategory.map((c) => c.kappa),
      [null, null],
    );
  });
});

describe('krippendorffAlphaNominal (Krippendorff 2011)', () => {
  it('section C: 4 observers × 12 units with missing values → α 0.743 (= 113/152)', () => {
    const r = krippendorffAlphaNominal(reliabilityData(KRIPPENDORFF_C));
    assert.equal(round(r.alpha, 3), 0.743);
    close(r.alpha, 113 / 152, 1e-12, 'α');
    assert.equal(r.pairableValues, 40);
    assert.equal(r.units, 11, 'unit 12 has a single value and is not pairable');
  });

  it("section C: the paper's coincidence matrix (n_c = 9 13 10 5 3)", () => {
    const { coincidence } = krippendorffAlphaNominal(reliabilityData(KRIPPENDORFF_C));
    const expected = [
      [7, 4 / 3, 1 / 3, 1 / 3, 0],
      [4 / 3, 10, 4 / 3, 1 / 3, 0],
      [1 / 3, 4 / 3, 8, 1 / 3, 0],
      [1 / 3, 1 / 3, 1 / 3, 4, 0],
      [0, 0, 0, 0, 3],
    ];
    expected.forEach((row, c) =>
      row.forEach((o, k) => close(coincidence[c][k], o, 1e-12, `o_${c + 1}${k + 1}`)),
    );
    assert.deepEqual(
      coincidence.map((row) => Math.round(row.reduce((s, o) => s + o, 0) * 1e9) / 1e9),
      [9, 13, 10, 5, 3],
    );
  });

  it("section C: where unit 12's lone value sits (B in the paper, C in R's irr copy) does not matter", () => {
    const moved = { ...KRIPPENDORFF_C, B: '1 2 3 3 2 2 4 1 2 5 . .', C: '. 3 3 3 2 3 4 2 2 5 1 3' };
    close(krippendorffAlphaNominal(reliabilityData(moved)).alpha, 113 / 152, 1e-12, 'α');
  });

  it('section A: binary data, two observers, no missing data → α 0.095 (= 1 − 19·4 / (14·6))', () => {
    const r = krippendorffAlphaNominal(
      reliabilityData({ A: '0 1 0 0 0 0 0 0 1 0', B: '1 1 1 0 0 1 0 0 0 0' }),
    );
    assert.equal(round(r.alpha, 3), 0.095);
    close(r.alpha, 1 - (19 * 4) / (14 * 6), 1e-12, 'α');
  });

  it('section B: nominal data, two observers, no missing data → α 0.692', () => {
    const r = krippendorffAlphaNominal(
      reliabilityData({ A: 'a a b b d c c c e d d a', B: 'b a b b b c c c e d d d' }),
    );
    assert.equal(round(r.alpha, 3), 0.692);
  });

  it('Wikipedia computational example: 3 coders × 15 units, missing values → α 0.691', () => {
    const r = krippendorffAlphaNominal(
      reliabilityData({
        A: '* * * * * 3 4 1 2 1 1 3 3 * 3',
        B: '1 * 2 1 3 3 4 3 * * * * * * *',
        C: '* * 2 1 3 4 4 * 2 1 1 3 3 * 4',
      }),
    );
    assert.equal(round(r.alpha, 3), 0.691);
  });

  it("two coders, no missing data: α = 1 − (1 − π)(2N − 1)/(2N) with π Scott's pi", () => {
    const tables = [
      reliabilityData({ A: 'a a b b d c c c e d d a', B: 'b a b b b c c c e d d d' }),
      twoRaterTable(
        ['yes', 'no'],
        [
          [20, 5],
          [10, 15],
        ],
      ),
      twoRaterTable(
        ['yes', 'no'],
        [
          [45, 15],
          [25, 15],
        ],
      ),
    ];
    for (const t of tables) {
      const { pi, units } = scottsPi(t);
      close(
        krippendorffAlphaNominal(t).alpha,
        1 - ((1 - pi) * (2 * units - 1)) / (2 * units),
        1e-12,
        'α from π',
      );
    }
  });

  it('is 1 for perfect agreement and null when undefined (no pairable unit, or one value only)', () => {
    assert.equal(
      krippendorffAlphaNominal(reliabilityData({ A: '1 2 3 .', B: '1 2 3 4', C: '. 2 3 .' })).alpha,
      1,
    );
    const lone = krippendorffAlphaNominal(reliabilityData({ A: '1 . 3', B: '. 2 .' }));
    assert.equal(lone.alpha, null);
    assert.equal(lone.units, 0);
    assert.equal(lone.pairableValues, 0);
    assert.equal(krippendorffAlphaNominal(reliabilityData({ A: '1 1 1', B: '1 1 .' })).alpha, null);
  });
});

describe('agreementReport', () => {
  it('pairs every two annotators who share an item, and only those', () => {
    const table: RatingTable = {
      annotators: ['X', 'Y', 'Z'],
      categories: ['calm', 'sad'],
      items: [
        { id: '1', ratings: ['calm', null, 'calm'] },
        { id: '2', ratings: ['sad', null, 'calm'] },
        { id: '3', ratings: [null, 'sad', 'sad'] },
        { id: '4', ratings: [null, 'calm', null] },
      ],
    };
    const report = agreementReport(table);
    assert.equal(report.items, 3);
    assert.deepEqual(
      report.pairs.map((p) => [p.a, p.b, p.items]),
      [
        ['X', 'Z', 2],
        ['Y', 'Z', 1],
      ],
    );
    assert.deepEqual(report.annotators, ['X', 'Y', 'Z']);
    assert.deepEqual(report.categories, ['calm', 'sad']);
  });

  it('per class: positive specific agreement 2a/(2a+b+c) and Fleiss κ_j on the Wikipedia Cohen table', () => {
    const report = agreementReport(
      twoRaterTable(
        ['yes', 'no'],
        [
          [20, 5],
          [10, 15],
        ],
      ),
    );
    assert.equal(report.items, 50);
    assert.deepEqual(
      report.perClass.map((c) => [c.category, c.values]),
      [
        ['yes', 55],
        ['no', 45],
      ],
    );
    close(report.perClass[0].specificAgreement, 40 / 55, 1e-12, 'yes: 2·20/(2·20+5+10)');
    close(report.perClass[1].specificAgreement, 30 / 45, 1e-12, 'no: 2·15/(2·15+5+10)');
    // Two categories: both κ_j equal the overall Fleiss kappa.
    for (const c of report.perClass)
      close(c.fleissKappa, report.fleiss.kappa as number, 1e-12, `κ_${c.category}`);
    close(report.pairs[0].kappa, 0.4, 1e-12, 'Cohen κ');
  });

  it('carries the same coefficients as the single functions (Krippendorff section C)', () => {
    const table = reliabilityData(KRIPPENDORFF_C);
    const report = agreementReport(table);
    assert.deepEqual(report.krippendorff, krippendorffAlphaNominal(table));
    assert.deepEqual(report.fleiss, fleissKappa(table));
    assert.equal(report.items, 11);
    assert.equal(report.pairs.length, 6);
    assert.deepEqual(
      report.perClass.map((c) => c.values),
      [9, 13, 10, 5, 3],
    );
    close(report.perClass[0].specificAgreement, 7 / 9, 1e-12, 'o_11 / n_1');
    close(report.perClass[4].specificAgreement, 1, 1e-12, 'o_55 / n_5');
  });

  it('gives null specific agreement for a category nobody used', () => {
    const report = agreementReport({
      ...twoRaterTable(
        ['yes', 'no'],
        [
          [3, 1],
          [1, 2],
        ],
      ),
      categories: ['yes', 'no', 'maybe'],
    });
    assert.deepEqual(report.perClass[2], {
      category: 'maybe',
      values: 0,
      specificAgreement: null,
      fleissKappa: null,
    });
  });
});

describe('rating table checks', () => {
  it('names the item, annotator and label when a label is not a category', () => {
    const table: RatingTable = {
      annotators: ['ann', 'bob'],
      categories: ['calm'],
      items: [{ id: 'clip-7', ratings: ['calm', 'joy'] }],
    };
    assert.throws(() => fleissKappa(table), /clip-7.*bob.*"joy"/);
  });

  it('rejects an item whose ratings do not match the annotators, and duplicate categories', () => {
    const short: RatingTable = {
      annotators: ['ann', 'bob'],
      categories: ['calm'],
      items: [{ id: 'clip-1', ratings: ['calm'] }],
    };
    assert.throws(() => krippendorffAlphaNominal(short), /clip-1.*1 ratings.*2 annotators/);
    const twice: RatingTable = {
      annotators: ['ann', 'bob'],
      categories: ['calm', 'calm'],
      items: [],
    };
    assert.throws(() => agreementReport(twice), /"calm" is listed twice/);
  });
});
