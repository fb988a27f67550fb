import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confusionMatrix, evaluatePredictions, metricsFromConfusion, sumMatrices } from '../../../training/metrics.ts';

const labels = ['angry', 'happy', 'sad'];
// Hand-worked case: 10 clips.
//   true angry (4): predicted angry, angry, angry, happy
//   true happy (3): happy, happy, sad
//   true sad   (3): sad, angry, angry
const truth = ['angry', 'angry', 'angry', 'angry', 'happy', 'happy', 'happy', 'sad', 'sad', 'sad'];
const predicted = ['angry', 'angry', 'angry', 'happy', 'happy', 'happy', 'sad', 'sad', 'angry', 'angry'];

test('confusion matrix counts rows = truth, columns = prediction', () => {
  assert.deepEqual(confusionMatrix(labels, truth, predicted), [
    [3, 1, 0],
    [0, 2, 1],
    [2, 0, 1],
  ]);
});

test('UAR, WA, macro-F1 and per-class values match the hand computation', () => {
  const m = evaluatePredictions(labels, truth, predicted);
  // recalls: angry 3/4, happy 2/3, sad 1/3 → UAR = (0.75 + 0.6667 + 0.3333) / 3 = 0.5833
  assert.ok(Math.abs(m.uar - (0.75 + 2 / 3 + 1 / 3) / 3) < 1e-12);
  assert.equal(m.wa, 6 / 10);
  // precisions: angry 3/5, happy 2/3, sad 1/2
  assert.ok(Math.abs(m.perClass.angry.precision - 0.6) < 1e-12);
  assert.ok(Math.abs(m.perClass.happy.precision - 2 / 3) < 1e-12);
  assert.ok(Math.abs(m.perClass.sad.precision - 0.5) < 1e-12);
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  const expectedF1 = (f1(0.6, 0.75) + f1(2 / 3, 2 / 3) + f1(0.5, 1 / 3)) / 3;
  assert.ok(Math.abs(m.macroF1 - expectedF1) < 1e-12);
  assert.equal(m.perClass.sad.support, 3);
});

test('a class absent from the truth does not drag UAR down', () => {
  const m = metricsFromConfusion(labels, [
    [2, 0, 0],
    [0, 0, 0],
    [0, 1, 1],
  ]);
  assert.equal(m.uar, (1 + 0.5) / 2);
  assert.equal(m.perClass.happy.support, 0);
});

test('fold matrices pool by summation; unknown labels are an error', () => {
  assert.deepEqual(sumMatrices([[[1, 2], [3, 4]], [[1, 0], [0, 1]]]), [[2, 2], [3, 5]]);
  assert.throws(() => confusionMatrix(labels, ['angry'], ['bored']), /bored/);
});
