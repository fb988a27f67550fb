/**
 * The review queues as the store serves them: which clips each queue holds and in which
 * order, the prediction cache they read, and explicit clip lists (a confusion cell).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { predictionMeasures } from '../../../electron/services/workspace/predictions.ts';
import type { WorkspaceStore } from '../../../electron/services/workspace/store.ts';
import { WorkspaceInputError } from '../../../electron/services/workspace/errors.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import { importClips, makeClip, openTempWorkspace } from './make-workspace.ts';

const LABELS = ['neutral', 'happy', 'sad', 'angry'];
const MODEL = '/models/m@2026-01-01T00:00:00.000Z';

/** Six clips whose corpus labels are neutral, happy, sad, angry, neutral, happy. */
async function workspace(t: TestContext): Promise<{ store: WorkspaceStore; ids: string[] }> {
  const { store } = await openTempWorkspace(t);
  const clips = Array.from({ length: 6 }, (_, i) => makeClip(i, { label: LABELS[i % 4] as EmotionLabel }));
  importClips(store, clips);
  return { store, ids: clips.map((c) => c.sha256) };
}

function predict(store: WorkspaceStore, clipId: string, probs: number[]): void {
  store.savePrediction({ modelKey: MODEL, clipId, labels: LABELS, probs, hasSpeech: true });
}

function queue(store: WorkspaceStore, review: 'model-disagrees' | 'uncertain' | 'annotators-disagree' | 'flagged'): string[] {
  return store.listClips({ review, model: MODEL, offset: 0, limit: 100 }).rows.map((r) => r.id);
}

test('predictionMeasures: top label, confidence, top-2 margin and entropy normalised by ln K', () => {
  const m = predictionMeasures(['a', 'b', 'c', 'd'], [0.1, 0.6, 0.2, 0.1]);
  assert.equal(m.topLabel, 'b');
  assert.equal(m.topProb, 0.6);
  assert.ok(Math.abs(m.margin - 0.4) < 1e-12);
  const h = -(0.1 * Math.log(0.1) * 2 + 0.6 * Math.log(0.6) + 0.2 * Math.log(0.2)) / Math.log(4);
  assert.ok(Math.abs(m.entropy - h) < 1e-12);
  assert.ok(Math.abs(predictionMeasures(['a', 'b'], [0.5, 0.5]).entropy - 1) < 1e-12, 'uniform is 1');
  assert.equal(predictionMeasures(['a', 'b'], [1, 0]).entropy, 0, 'certain is 0');
  assert.throws(() => predictionMeasures(['a', 'b'], [1]), /one probability per label/);
});

test('model disagrees: the model’s top class differs from the current label, most confident first', async (t) => {
  const { store, ids } = await workspace(t);
  predict(store, ids[0], [0.9, 0.05, 0.03, 0.02]); // neutral, as the corpus says: agrees
  predict(store, ids[1], [0.1, 0.1, 0.2, 0.6]); // happy clip, model angry 0.6
  predict(store, ids[2], [0.05, 0.05, 0.1, 0.8]); // sad clip, model angry 0.8
  predict(store, ids[3], [0.7, 0.1, 0.1, 0.1]); // angry clip, model neutral 0.7
  predict(store, ids[4], [0.2, 0.4, 0.2, 0.2]); // neutral clip, model happy 0.4
  // ids[5] has no prediction: it cannot be in a model queue.
  assert.deepEqual(queue(store, 'model-disagrees'), [ids[2], ids[3], ids[1], ids[4]]);

  // Relabelling a clip to the model's answer takes it out; labelling one away puts it in.
  store.appendLabel({ clipId: ids[2], annotator: 'ann', label: 'angry' });
  store.appendLabel({ clipId: ids[0], annotator: 'ann', label: 'sad' });
  assert.deepEqual(queue(store, 'model-disagrees'), [ids[0], ids[3], ids[1], ids[4]]);
});

test('uncertain: hesitant predictions only, highest entropy first, then the smallest top-2 margin', async (t) => {
  const { store, ids } = await workspace(t);
  predict(store, ids[0], [0.97, 0.01, 0.01, 0.01]);
  predict(store, ids[1], [0.25, 0.25, 0.25, 0.25]);
  predict(store, ids[2], [0.4, 0.4, 0.1, 0.1]);
  predict(store, ids[3], [0.4, 0.1, 0.4, 0.1]); // same entropy as ids[2], same margin: path order
  predict(store, ids[4], [0.6, 0.2, 0.1, 0.1]); // margin 0.4 and top 0.6: confident enough
  predict(store, ids[5], [0.35, 0.3, 0.2, 0.15]); // margin 0.05, spread out
  assert.deepEqual(queue(store, 'uncertain'), [ids[1], ids[5], ids[2], ids[3]]);
});

test('the model queues need a model key and read only that model’s predictions', async (t) => {
  const { store, ids } = await workspace(t);
  predict(store, ids[1], [0.1, 0.1, 0.2, 0.6]);
  assert.throws(() => store.listClips({ review: 'uncertain', offset: 0, limit: 10 }), (e: unknown) => e instanceof WorkspaceInputError && e.field === 'model');
  assert.equal(store.listClips({ review: 'uncertain', model: 'other@1', offset: 0, limit: 10 }).total, 0);
  assert.equal(store.countPredictions(MODEL), 1);
  assert.deepEqual(
    store.clipsWithoutPrediction(MODEL).map((c) => c.id).sort(),
    ids.filter((id) => id !== ids[1]).sort(),
  );
  const cached = store.getPrediction(MODEL, ids[1]);
  assert.equal(cached?.topLabel, 'angry');
  assert.deepEqual(cached?.probs, [0.1, 0.1, 0.2, 0.6]);
  assert.throws(() => store.savePrediction({ modelKey: MODEL, clipId: ids[0], labels: LABELS, probs: [1], hasSpeech: true }), /one probability per label/);
});

test('annotators disagree: differing current labels of two or more annotators, ties before majorities', async (t) => {
  const { store, ids } = await workspace(t);
  const label = (i: number, annotator: string, l: EmotionLabel) => store.appendLabel({ clipId: ids[i], annotator, label: l });
  label(0, 'ann', 'happy');
  label(0, 'bob', 'happy'); // agree: not in the queue
  label(1, 'ann', 'happy');
  label(1, 'bob', 'sad');
  label(1, 'cat', 'happy'); // 2 of 3
  label(2, 'ann', 'sad');
  label(2, 'bob', 'angry'); // 1–1 tie
  label(3, 'ann', 'angry'); // a single annotator never disagrees
  label(4, 'ann', 'neutral');
  label(4, 'bob', 'sad');
  label(4, 'bob', 'neutral'); // bob changed his mind: now they agree
  assert.deepEqual(queue(store, 'annotators-disagree'), [ids[2], ids[1]]);
  // An undo brings bob's earlier label back, and the clip back into the queue.
  store.undoLast('bob');
  assert.deepEqual(queue(store, 'annotators-disagree'), [ids[2], ids[4], ids[1]]);
});

test('flagged: clips some annotator currently flags, most recently flagged first', async (t) => {
  const { store, ids } = await workspace(t);
  store.appendLabel({ clipId: ids[3], annotator: 'ann', label: 'sad', flags: ['ambiguous'], note: 'sad or tired?' });
  store.appendLabel({ clipId: ids[1], annotator: 'bob', label: 'happy', flags: ['ambiguous'] });
  store.appendLabel({ clipId: ids[1], annotator: 'ann', label: 'happy' }); // bob's flag still stands
  store.appendLabel({ clipId: ids[5], annotator: 'ann', label: 'happy', flags: ['ambiguous'] });
  store.appendLabel({ clipId: ids[5], annotator: 'ann', label: 'happy' }); // unflagged again
  assert.deepEqual(queue(store, 'flagged'), [ids[1], ids[3]]);
});

test('clipIds lists exactly those clips, in the given order unless a sort is asked for', async (t) => {
  const { store, ids } = await workspace(t);
  const wanted = [ids[4], ids[0], ids[2]];
  assert.deepEqual(store.listClips({ clipIds: wanted, offset: 0, limit: 10 }).rows.map((r) => r.id), wanted);
  const page = store.listClips({ clipIds: wanted, offset: 1, limit: 1 });
  assert.equal(page.total, 3);
  assert.deepEqual(page.rows.map((r) => r.id), [ids[0]]);
  const byPath = store.listClips({ clipIds: wanted, sort: 'path', offset: 0, limit: 10 }).rows.map((r) => r.path);
  assert.deepEqual(byPath, [...byPath].sort());
});
