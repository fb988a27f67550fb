/**
 * The annotate → review → retrain loop through the back end, with the real ML engine:
 * a generated corpus with deliberately wrong labels is imported and predicted in the
 * background, the review queues and agreement see what they should, relabelled clips
 * train with their new labels, a training job runs to a registered model whose confusion
 * cells list workspace clips, and a cancelled job leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { EventEnvelope, TrainingJob } from '../../../electron/contract.ts';
import { EngineClient } from '../../../electron/engine/engine-client.ts';
import { forkEngine } from '../../../electron/engine/fork-engine.ts';
import { startBackendHarness } from '../../helpers/backend-harness.ts';
import { makeEspeakCorpus } from '../../helpers/espeak-corpus.ts';
import { hasProgram } from '../../helpers/programs.ts';
import { isEmotionLabel } from '../../../training/datasets/labels.ts';

const espeakMissing = hasProgram('espeak-ng') ? false : 'espeak-ng is not installed (apt install espeak-ng); it generates the corpus';
if (espeakMissing) console.log(`# skipping the review loop test: ${espeakMissing}`);

/** Resolves with the first recorded event that satisfies `match`, waiting up to `timeoutMs`. */
async function waitForEvent(received: EventEnvelope[], match: (e: EventEnvelope) => boolean, timeoutMs: number, what: string): Promise<EventEnvelope> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = received.find(match);
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${timeoutMs} ms; events: ${[...new Set(received.map((e) => e.event))].join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const jobEnded = (jobId: string) => (e: EventEnvelope) =>
  e.event === 'training.update' && (e.payload as TrainingJob).jobId === jobId && (e.payload as TrainingJob).state !== 'running';

test('predict, review, relabel, agree, retrain: the loop through the back end', { skip: espeakMissing, timeout: 600_000 }, async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-review-loop-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const corpus = path.join(root, 'corpus');
  await makeEspeakCorpus(corpus, { speakers: 6, sentences: 2, labels: ['neutral', 'happy', 'sad', 'angry'] });
  // Two deliberately wrong labels: angry speech filed as sad.
  const wrong = ['enm1', 'enf1'].map((speaker) => path.join(corpus, 'sad', speaker, 'wrong-1.wav'));
  await rename(path.join(corpus, 'angry', 'enm1', '1.wav'), wrong[0]);
  await rename(path.join(corpus, 'angry', 'enf1', '1.wav'), wrong[1]);

  const engine = new EngineClient(() => forkEngine());
  await engine.start();
  t.after(() => engine.stop());
  const { backend, call, callError, received, settings } = await startBackendHarness(root, engine);
  t.after(() => backend.close());
  await call('workspace.open', { dir: path.join(root, 'ws') });
  await call('import.start', { dir: corpus, format: 'folder' });
  await backend.idle();
  const all = await call('clips.list', { offset: 0, limit: 1000 });
  assert.equal(all.total, 48);

  // The model queues need predictions first: the run covers every clip, in the background.
  assert.equal((await call('predictions.status', {})).predicted, 0);
  const started = await call('predictions.run', {});
  assert.equal(started.run?.state, 'running');
  assert.equal(started.run?.total, 48);
  await backend.idle();
  const status = await call('predictions.status', {});
  assert.deepEqual([status.predicted, status.total, status.run?.state, status.run?.done], [48, 48, 'finished', 48]);
  assert.deepEqual([status.seenSpeakers, status.speakers], [0, 6], 'the shipped model never heard these voices');
  assert.ok(received.some((e) => e.event === 'predictions.progress' && (e.payload as { done: number }).done > 0), 'progress is reported');

  // Model disagrees: exactly the clips whose cached top label differs from their label, most confident first.
  const queue = await call('clips.list', { review: 'model-disagrees', offset: 0, limit: 100 });
  const predictions = await Promise.all(all.rows.map(async (clip) => ({ clip, p: await call('clips.predict', { clipId: clip.id }) })));
  const disagreeing = predictions.filter(({ clip, p }) => {
    const top = p?.labels[p.probs.indexOf(Math.max(...p.probs))];
    return top !== clip.datasetLabel;
  });
  assert.equal(queue.total, disagreeing.length);
  const confidence = (id: string) => {
    const p = predictions.find((x) => x.clip.id === id)?.p;
    return p === null || p === undefined ? 0 : Math.max(...p.probs);
  };
  const shown = queue.rows.map((r) => confidence(r.id));
  assert.deepEqual(shown, [...shown].sort((a, b) => b - a), 'most confident first');

  // Relabel the two wrong clips; two annotators disagree on one of them.
  const wrongClips = all.rows.filter((c) => wrong.includes(c.path));
  assert.equal(wrongClips.length, 2);
  for (const clip of wrongClips) await call('labels.set', { clipId: clip.id, annotator: 'ana', label: 'angry', reason: 'angry speech filed as sad' });
  await call('labels.set', { clipId: wrongClips[0].id, annotator: 'ben', label: 'sad' });
  await call('labels.set', { clipId: wrongClips[1].id, annotator: 'ben', label: 'angry' });
  const detail = await call('clips.get', { clipId: wrongClips[0].id });
  assert.deepEqual(detail.annotators.map((e) => [e.annotator, e.label]), [['ana', 'angry'], ['ben', 'sad']]);
  assert.equal(detail.consensus.status, 'tie');
  const disagree = await call('clips.list', { review: 'annotators-disagree', offset: 0, limit: 10 });
  assert.deepEqual(disagree.rows.map((r) => r.id), [wrongClips[0].id]);
  const agreement = await call('labels.agreement', {});
  assert.equal(agreement.items, 2);
  assert.deepEqual(agreement.annotators, ['ana', 'ben']);
  assert.equal(agreement.pairs[0].observed, 0.5);

  // The consensus source leaves the tie out; the current source trains ben's latest label.
  const consensus = await call('training.preview', { labelSource: 'consensus', onlyReviewed: false, folds: 2 });
  assert.equal(consensus.excluded.unresolved, 1);
  assert.equal(consensus.clips, 47);
  assert.equal(consensus.problem, null);

  // Train from the app: curves arrive as training.update events, the model is registered.
  // A half-built model an engine killed mid-job left behind is cleared first.
  const stale = path.join(root, 'ws', 'models', 'old.partial-0f3a');
  await mkdir(path.join(stale, 'weights'), { recursive: true });
  const job = await call('training.start', { selection: { labelSource: 'consensus', onlyReviewed: false }, architecture: 'cnn', epochs: 2, folds: 2, name: 'loop-model' });
  assert.equal(job.state, 'running');
  assert.equal(existsSync(stale), false, 'the stale .partial folder is gone');
  assert.equal((await callError('training.start', { selection: { labelSource: 'current', onlyReviewed: false }, architecture: 'cnn', epochs: 2, folds: 2 })).code, 'invalid-input');
  const ended = (await waitForEvent(received, jobEnded(job.jobId), 480_000, 'the training job')).payload as TrainingJob;
  assert.equal(ended.state, 'finished', ended.message);
  assert.equal(ended.folds.length, 2);
  assert.ok(ended.epochs.some((e) => e.run.startsWith('fold') && e.valUar !== undefined), 'validation curves');
  assert.ok(ended.epochs.some((e) => e.run === 'final model'), 'final model curve');
  const modelDir = path.join(root, 'ws', 'models', 'loop-model');
  assert.equal(ended.modelDir, modelDir);
  assert.ok((await call('models.list', {})).models.some((m) => m.dir === modelDir));
  const model = await call('models.get', { dir: modelDir });
  assert.equal(model.hasOutOfFold, true);
  assert.equal(model.training.clipCount, 47);

  // The relabelled clip trained as angry; the tied one not at all.
  const outOfFold = JSON.parse(await readFile(path.join(modelDir, 'out-of-fold.json'), 'utf8')) as { clips: { path: string; truth: string }[] };
  assert.equal(outOfFold.clips.find((c) => c.path === wrongClips[1].path)?.truth, 'angry');
  assert.equal(outOfFold.clips.some((c) => c.path === wrongClips[0].path), false);

  // Every non-empty confusion cell lists exactly its count of workspace clips.
  const { labels, matrix } = model.evaluation?.pooled.confusion ?? assert.fail('no evaluation');
  let listed = 0;
  for (const [row, truth] of labels.entries()) {
    for (const [column, predicted] of labels.entries()) {
      if (matrix[row][column] === 0) continue;
      assert.ok(isEmotionLabel(truth) && isEmotionLabel(predicted));
      const cell = await call('models.cellClips', { dir: modelDir, truth, predicted });
      assert.equal(cell.clipIds.length, matrix[row][column], `${truth} → ${predicted}`);
      assert.equal(cell.missing, 0);
      listed += cell.clipIds.length;
      // Opened from the cell, a clip shows the prediction the matrix counted: its fold model's.
      const outOfFold = await call('clips.predict', { clipId: cell.clipIds[0], outOfFoldOf: modelDir });
      assert.ok(outOfFold !== null && outOfFold.fold !== undefined && outOfFold.fold >= 1);
      assert.equal(outOfFold.labels[outOfFold.probs.indexOf(Math.max(...outOfFold.probs))], predicted);
    }
  }
  assert.equal(listed, 47);

  // Making it active: its predictions are cached apart from the shipped model's.
  settings.update({ activeModel: modelDir });
  const retrained = await call('predictions.status', {});
  assert.equal(retrained.predicted, 0);
  assert.equal(retrained.seenSpeakers, 6, 'the new model learnt from every speaker here: its answers on them are in-sample');

  // A cancelled job: 'cancelled', no model folder, no partial folder, the engine still serves.
  const second = await call('training.start', { selection: { labelSource: 'current', onlyReviewed: false }, architecture: 'cnn', epochs: 3, folds: 2, name: 'cancelled-model' });
  await waitForEvent(received, (e) => e.event === 'training.update' && (e.payload as TrainingJob).jobId === second.jobId && (e.payload as TrainingJob).epochs.length > 0, 240_000, 'a first epoch');
  assert.deepEqual(await call('training.cancel', {}), { cancelled: true });
  const cancelled = (await waitForEvent(received, jobEnded(second.jobId), 60_000, 'the cancellation')).payload as TrainingJob;
  assert.equal(cancelled.state, 'cancelled');
  const left = await readdir(path.join(root, 'ws', 'models'));
  assert.deepEqual(left, ['loop-model']);
  assert.equal(existsSync(path.join(root, 'ws', 'models', 'cancelled-model')), false);
  assert.equal((await call('training.state', {})).job?.state, 'cancelled');
  assert.ok(await call('clips.predict', { clipId: all.rows[0].id }));

  // A whole model folder the workspace has no row for (its job ended after the workspace was closed) is listed too.
  await cp(modelDir, path.join(root, 'ws', 'models', 'unregistered'), { recursive: true });
  assert.ok((await call('models.list', {})).models.some((m) => m.dir === path.join(root, 'ws', 'models', 'unregistered')));
});
