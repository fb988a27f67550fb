import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KAPPA_BANDS,
  alphaNullReason,
  categoryNullReason,
  cohenNullReason,
  defaultPairIndex,
  fleissNullReason,
  formatCoefficient,
  formatProportion,
  hasAgreementData,
  kappaBand,
  pairGrid,
} from '../../../renderer/src/lib/agreement-format.ts';
import { describeCell, formatMatrixValue, heatOf, rowShares } from '../../../renderer/src/lib/matrix-format.ts';

describe('kappaBand (Landis & Koch)', () => {
  it('puts each value in its band, bounds included in the lower band', () => {
    const cases: [number, string][] = [
      [-0.3, 'poor'],
      [-0.001, 'poor'],
      [0, 'slight'],
      [0.2, 'slight'],
      [0.205, 'fair'],
      [0.4, 'fair'],
      [0.41, 'moderate'],
      [0.6, 'moderate'],
      [0.61, 'substantial'],
      [0.8, 'substantial'],
      [0.81, 'almost-perfect'],
      [1, 'almost-perfect'],
    ];
    for (const [value, band] of cases) assert.equal(kappaBand(value)?.id, band, String(value));
  });

  it('has no band for an undefined value', () => {
    assert.equal(kappaBand(null), null);
    assert.equal(kappaBand(Number.NaN), null);
  });

  it('lists the six bands in order for the legend', () => {
    assert.deepEqual(
      KAPPA_BANDS.map((band) => band.id),
      ['poor', 'slight', 'fair', 'moderate', 'substantial', 'almost-perfect'],
    );
  });
});

describe('number formats', () => {
  it('writes coefficients with two decimals and a real minus sign', () => {
    assert.equal(formatCoefficient(0.6137), '0.61');
    assert.equal(formatCoefficient(-0.052), '−0.05');
    assert.equal(formatCoefficient(-0.001), '0.00');
    assert.equal(formatCoefficient(1), '1.00');
    assert.equal(formatCoefficient(null), '—');
  });

  it('writes proportions as whole percentages', () => {
    assert.equal(formatProportion(0.8249), '82%');
    assert.equal(formatProportion(null), '—');
  });
});

describe('why a coefficient is undefined', () => {
  it('tells too few clips apart from no variation', () => {
    assert.match(cohenNullReason({ items: 0 }), /no clip in common/);
    assert.match(cohenNullReason({ items: 4 }), /No variation/);
    assert.match(fleissNullReason({ items: 0 }), /Too few clips/);
    assert.match(fleissNullReason({ items: 3 }), /No variation/);
    assert.match(alphaNullReason({ pairableValues: 0 }), /Too few clips/);
    assert.match(alphaNullReason({ pairableValues: 6 }), /No variation/);
    assert.match(categoryNullReason(0), /Nobody used this label/);
    assert.match(categoryNullReason(5), /No variation/);
  });
});

describe('defaultPairIndex', () => {
  it('picks the pair with most clips in common, the first on a tie', () => {
    assert.equal(defaultPairIndex([{ items: 3 }, { items: 9 }, { items: 9 }, { items: 1 }]), 1);
    assert.equal(defaultPairIndex([{ items: 2 }]), 0);
  });

  it('is null when no pair shares a clip', () => {
    assert.equal(defaultPairIndex([]), null);
    assert.equal(defaultPairIndex([{ items: 0 }]), null);
  });
});

describe('pairGrid', () => {
  it('puts each pair in both of its cells and leaves the diagonal and unpaired cells empty', () => {
    const ab = { a: 'ann', b: 'bob', kappa: 0.5 };
    const bc = { a: 'bob', b: 'cy', kappa: 0.1 };
    const grid = pairGrid(['ann', 'bob', 'cy'], [ab, bc]);
    assert.deepEqual(grid, [
      [null, ab, null],
      [ab, null, bc],
      [null, bc, null],
    ]);
  });

  it('keeps names apart that would collide if joined naively', () => {
    const odd = { a: 'a,b', b: 'c' };
    const grid = pairGrid(['a', 'b,c', 'a,b', 'c'], [odd]);
    assert.equal(grid[0][1], null);
    assert.equal(grid[2][3], odd);
  });
});

describe('hasAgreementData', () => {
  it('needs a clip labelled by two or more annotators', () => {
    assert.equal(hasAgreementData({ items: 0, annotators: ['ann', 'bob'] }), false);
    assert.equal(hasAgreementData({ items: 3, annotators: ['ann'] }), false);
    assert.equal(hasAgreementData({ items: 3, annotators: ['ann', 'bob'] }), true);
  });
});

describe('matrix shading', () => {
  it('normalises each row by its own sum, empty rows to zeros', () => {
    assert.deepEqual(
      rowShares([
        [3, 1],
        [0, 0],
        [2, 2],
      ]),
      [
        [0.75, 0.25],
        [0, 0],
        [0.5, 0.5],
      ],
    );
  });

  it('turns a share into accent strength, switching the text colour on dark cells', () => {
    assert.deepEqual(heatOf(0), { percent: 0, strong: false });
    assert.deepEqual(heatOf(1), { percent: 70, strong: true });
    assert.equal(heatOf(0.5).strong, false);
    assert.equal(heatOf(0.65).strong, true);
    assert.equal(heatOf(2).percent, 70);
    assert.equal(heatOf(Number.NaN).percent, 0);
  });

  it('writes counts whole and coincidences with one decimal', () => {
    assert.equal(formatMatrixValue(1200), '1,200');
    assert.equal(formatMatrixValue(2.5), '2.5');
    assert.equal(formatMatrixValue(1 / 3), '0.3');
  });

  it('names a cell for a screen reader', () => {
    assert.equal(describeCell('angry', 'sad', '3', 3), 'angry labelled as sad: 3 clips');
    assert.equal(describeCell('calm', 'calm', '1', 1), 'calm labelled as calm: 1 clip');
  });
});
