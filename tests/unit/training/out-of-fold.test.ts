/**
 * Out-of-fold predictions of a cross-validation: every clip exactly once, predicted by the
 * fold whose test speakers include its speaker, with its own label as truth, a probability
 * per label, and — pooled — exactly the confusion matrix the evaluation reports.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { trainWithCrossValidation } from '../../../training/cross-validate.ts';
import { confusionMatrix } from '../../../training/metrics.ts';
import { argmax } from '../../../training/model/inference.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../training/train-config.ts';
import { syntheticCorpus } from './synthetic-corpus.ts';

it('covers every clip once, from the fold that held its speaker out, and pools to the reported confusion', async () => {
  const clips = syntheticCorpus({ speakers: 6, labels: ['happy', 'sad', 'angry'], clipsPerLabel: 2 });
  const config = { ...DEFAULT_TRAIN_CONFIG, architecture: 'stats-mlp' as const, maxEpochs: 3, batchSize: 8, folds: 3 };
  const result = await trainWithCrossValidation({
    clips,
    source: { clips: clips.map((c) => c.clip), augmentations: 0, seed: config.seed, cacheDir: '/nonexistent' },
    name: 'oof',
    backend: { name: 'cpu', request: 'cpu' },
    jobs: 1,
    dataLicense: 'test data',
    config,
  });
  result.model.dispose();
  const { labels, clips: predictions } = result.outOfFold;
  assert.deepEqual(labels, ['happy', 'sad', 'angry']);
  assert.deepEqual(labels, result.metadata.labels);

  assert.deepEqual(predictions.map((p) => p.path).sort(), clips.map((c) => c.clip.path).sort(), 'every clip exactly once');
  const byPath = new Map(clips.map((c) => [c.clip.path, c.clip]));
  const folds = result.metadata.evaluation?.folds ?? [];
  assert.equal(folds.length, 3);
  for (const p of predictions) {
    const clip = byPath.get(p.path);
    assert.ok(clip);
    assert.equal(p.truth, clip.label);
    assert.equal(p.speaker, clip.speaker);
    const fold = folds.find((f) => f.fold === p.fold);
    assert.ok(fold?.testSpeakers.includes(p.speaker), `${p.path} in fold ${p.fold} (test speakers ${fold?.testSpeakers.join(' ')})`);
    assert.equal(p.probs.length, labels.length);
    assert.ok(Math.abs(p.probs.reduce((a, b) => a + b, 0) - 1) < 1e-5, p.probs.join(' '));
    assert.equal(p.predicted, labels[argmax(p.probs)]);
  }
  assert.deepEqual(
    confusionMatrix(labels, predictions.map((p) => p.truth), predictions.map((p) => p.predicted)),
    result.metadata.evaluation?.pooled.confusion.matrix,
  );
  assert.deepEqual([...new Set(predictions.map((p) => p.fold))], [1, 2, 3], 'fold by fold');
});
