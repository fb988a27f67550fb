import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minimumSpeakers, speakerFolds } from '../../../training/splits.ts';

/** 20 speakers × 6 clips, genders alternating like RAVDESS actors. */
const clips = Array.from({ length: 120 }, (_, i) => {
  const n = (i % 20) + 1;
  return { speaker: `ravdess-${String(n).padStart(2, '0')}`, gender: n % 2 ? ('male' as const) : ('female' as const) };
});

test('no speaker crosses a split, and every speaker is tested exactly once', () => {
  const folds = speakerFolds(clips, 5, 7);
  assert.equal(folds.length, 5);
  const tested: string[] = [];
  for (const f of folds) {
    const sets = [f.trainSpeakers, f.validationSpeakers, f.testSpeakers];
    const all = sets.flat();
    assert.equal(new Set(all).size, all.length, `fold ${f.index} puts a speaker on two sides`);
    assert.equal(all.length, 20, 'every speaker is somewhere');
    assert.equal(f.testSpeakers.length, 4);
    assert.equal(f.validationSpeakers.length, 4, 'four validation speakers once 16 remain');
    tested.push(...f.testSpeakers);
  }
  assert.deepEqual([...tested].sort(), [...new Set(clips.map((c) => c.speaker))].sort());
});

test('folds mix genders and are reproducible from the seed', () => {
  const folds = speakerFolds(clips, 5, 7);
  for (const f of folds) {
    const males = f.testSpeakers.filter((s) => Number(s.slice(-2)) % 2 === 1).length;
    assert.equal(males, 2, 'two male and two female test speakers per fold');
    const valMales = f.validationSpeakers.filter((s) => Number(s.slice(-2)) % 2 === 1).length;
    assert.equal(valMales, 2, 'two male and two female validation speakers');
  }
  assert.deepEqual(speakerFolds(clips, 5, 7), folds);
  assert.notDeepEqual(speakerFolds(clips, 5, 8), folds);
});

test('too few speakers is a clear error, not a leaky split', () => {
  const few = [{ speaker: 'a' }, { speaker: 'b' }, { speaker: 'c' }];
  assert.throws(() => speakerFolds(few, 5, 1, 2), /at least 5 distinct speakers.*has 3/);
});

test('a split that would leave a fold nobody to train on is refused', () => {
  // 4 speakers in 2 folds: 2 test + 2 validation speakers per fold, 0 to train on.
  const four = ['a', 'b', 'c', 'd'].map((speaker) => ({ speaker }));
  assert.throws(() => speakerFolds(four, 2, 1), /at least 6 distinct speakers for 2 folds.*has 4/);
  const six = [...four, { speaker: 'e' }, { speaker: 'f' }];
  for (const fold of speakerFolds(six, 2, 1)) assert.ok(fold.trainSpeakers.length >= 1, JSON.stringify(fold));
  assert.equal(minimumSpeakers(2), 6);
  assert.equal(minimumSpeakers(5), 5);
});
