import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import type { ModelSummary } from '../../../electron/contract.ts';
import {
  asCellLabel,
  baselineDir,
  cellTitle,
  chanceLevel,
  classRows,
  compareEvaluations,
  comparisonCaveat,
  deltaOf,
  describeConfusionCell,
  formatMeanStd,
  formatRate,
  missingNote,
  trainingDataCaveat,
} from '../../../renderer/src/lib/train-metrics.ts';
import type { Evaluation } from '../../../renderer/src/lib/train-metrics.ts';

function evaluation(recalls: Record<string, number>, meanUar: number, macroF1: number): Evaluation {
  const labels = Object.keys(recalls);
  return {
    protocol: 'speaker-independent',
    folds: [],
    meanUar,
    stdUar: 0.05,
    pooled: {
      uar: meanUar,
      wa: meanUar,
      macroF1,
      perClass: Object.fromEntries(labels.map((l) => [l, { precision: 0.5, recall: recalls[l], f1: 0.5, support: 10 }])),
      confusion: { labels, matrix: labels.map(() => labels.map(() => 0)) },
    },
  };
}

function model(dir: string): ModelSummary {
  return { dir, name: dir, labels: ['angry', 'sad'], builtIn: false };
}

describe('train-metrics', () => {
  it('formats rates and mean ± std in percent', () => {
    assert.equal(formatRate(0.62345), '62.3%');
    assert.equal(formatRate(undefined), '—');
    assert.equal(formatMeanStd(0.5, 0.0412), '50.0% ± 4.1');
  });

  it('puts chance at one over the number of labels', () => {
    assert.equal(chanceLevel(['a', 'b', 'c', 'd']), 0.25);
    assert.equal(chanceLevel([]), 0);
  });

  it('lists per-class rows in the confusion order', () => {
    const e = evaluation({ sad: 0.4, angry: 0.9 }, 0.65, 0.6).pooled;
    assert.deepEqual(classRows(e).map((r) => [r.label, r.recall]), [['sad', 0.4], ['angry', 0.9]]);
  });

  it('signs deltas in points with an arrow and words', () => {
    assert.deepEqual(deltaOf(0.65, 0.6), { direction: 'up', arrow: '▲', text: '+5.0 pts' });
    assert.deepEqual(deltaOf(0.58, 0.6), { direction: 'down', arrow: '▼', text: '−2.0 pts' });
    assert.equal(deltaOf(0.6002, 0.6).direction, 'same');
  });

  it("compares UAR, macro-F1 and the recall of this model's labels", () => {
    const rows = compareEvaluations(evaluation({ angry: 0.8, sad: 0.5 }, 0.65, 0.6), evaluation({ angry: 0.7, calm: 0.4 }, 0.55, 0.62));
    assert.deepEqual(rows.map((r) => r.name), ['UAR (mean over folds)', 'Macro-F1 (pooled)', 'Recall: angry', 'Recall: sad']);
    assert.equal(rows[0].delta?.text, '+10.0 pts');
    assert.equal(rows[1].delta?.direction, 'down');
    assert.equal(rows[2].delta?.direction, 'up');
    assert.equal(rows[3].previous, undefined);
    assert.equal(rows[3].delta, null);
  });

  it('warns when the label sets differ, so chance differs', () => {
    const four = evaluation({ angry: 0.8, sad: 0.5, happy: 0.4, neutral: 0.6 }, 0.6, 0.6);
    const eight = evaluation({ angry: 0.7, sad: 0.5, happy: 0.4, neutral: 0.6, calm: 0.4, fearful: 0.5, disgust: 0.5, surprised: 0.5 }, 0.5, 0.5);
    assert.equal(comparisonCaveat(four, evaluation({ sad: 0.1, neutral: 0.1, angry: 0.1, happy: 0.1 }, 0.1, 0.1)), null);
    const caveat = comparisonCaveat(four, eight) ?? '';
    assert.match(caveat, /8 labels \(chance 12\.5%\).* 4 \(chance 25\.0%\)/);
    assert.match(caveat, /calm, fearful, disgust, surprised/);
  });

  it('names a confusion cell and its missing clips', () => {
    assert.equal(cellTitle('angry', 'sad', 4), 'angry predicted as sad · 4 clips');
    assert.equal(cellTitle('angry', 'sad', 1), 'angry predicted as sad · 1 clip');
    assert.equal(describeConfusionCell('sad', 'calm', '1', 1), 'sad predicted as calm: 1 clip');
    assert.equal(describeConfusionCell('sad', 'sad', '12', 12), 'sad predicted as sad: 12 clips');
    assert.equal(missingNote(0, 3), null);
    assert.match(missingNote(2, 3) ?? '', /2 clips .* only 3 can be opened/);
    assert.match(missingNote(1, 0) ?? '', /1 clip .* nothing to open/);
    assert.equal(asCellLabel('sad', ['angry', 'sad']), 'sad');
    assert.equal(asCellLabel('bored', ['angry', 'sad']), null);
  });

  it('compares with the model active before the job, never with itself', () => {
    assert.equal(baselineDir('/new', '/old', model('/new')), '/old');
    assert.equal(baselineDir('/new', null, model('/other')), null);
    assert.equal(baselineDir('/new', undefined, model('/other')), '/other');
    assert.equal(baselineDir('/new', undefined, model('/new')), null);
    assert.equal(baselineDir('/new', '/new', null), null);
    assert.equal(baselineDir('/new', undefined, null), null);
  });
});

test('a comparison across different training data is flagged, the same data is not', () => {
  const mine = { datasets: ['ravdess'], speakers: 8, clipCount: 480 };
  assert.equal(trainingDataCaveat(mine, { ...mine }), null);
  const caveat = trainingDataCaveat(mine, { datasets: ['ravdess'], speakers: 20, clipCount: 1200 });
  assert.match(caveat ?? '', /this model on 480 clips of 8 speakers \(ravdess\), the previous one on 1,200 clips of 20 speakers/);
  assert.notEqual(trainingDataCaveat(mine, { ...mine, datasets: ['tess'] }), null);
});
