/**
 * What a training run from the app sees: relabelled clips train with their new label,
 * consensus ties and cleared labels are left out, and the preview says why a selection
 * cannot be trained. Also the annotator tables behind agreement and the exports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotatedClips, ratingTable } from '../../../electron/services/annotation/annotator-tables.ts';
import { buildTrainingSet } from '../../../electron/services/training/training-set.ts';
import type { AnnotatorVote } from '../../../electron/services/workspace/annotator-labels.ts';
import { exportConsensus, exportPerAnnotator } from '../../../electron/services/workspace/export.ts';
import type { ClipRow } from '../../../electron/services/workspace/types.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';

function clip(i: number, datasetLabel: EmotionLabel, current?: EmotionLabel | null): ClipRow {
  const base: ClipRow = {
    id: `id${i}`,
    path: `/c/${String(i).padStart(2, '0')}.wav`,
    dataset: i < 10 ? 'folder' : 'tess',
    speaker: `s${i % 8}`,
    gender: i % 2 === 0 ? 'female' : 'male',
    datasetLabel,
    durationSec: 2,
    sampleRate: 16000,
    channels: 1,
    importedAt: '2026-01-01T00:00:00.000Z',
  };
  if (current === undefined) return base;
  return { ...base, current: { id: i, clipId: base.id, annotator: 'ann', label: current, flags: [], createdAt: '2026-01-02T00:00:00.000Z' } };
}

const vote = (clipId: string, annotator: string, label: EmotionLabel): AnnotatorVote => ({ clipId, annotator, label });

/** 16 clips over 8 speakers: happy/sad alternating by corpus label. */
const CLIPS: ClipRow[] = Array.from({ length: 16 }, (_, i) => clip(i, i % 2 === 0 ? 'happy' : 'sad'));

test('current labels: a relabelled clip trains with its new label, a cleared one is left out', () => {
  const clips = [...CLIPS];
  clips[0] = clip(0, 'happy', 'angry');
  clips[1] = clip(1, 'sad', null);
  const set = buildTrainingSet(clips, [], { labelSource: 'current', onlyReviewed: false }, 2);
  assert.equal(set.clips.find((c) => c.path === clips[0].path)?.label, 'angry');
  assert.equal(set.clips.some((c) => c.path === clips[1].path), false);
  assert.equal(set.preview.clips, 15);
  assert.equal(set.preview.relabeled, 1);
  assert.deepEqual(set.preview.excluded, { cleared: 1, unresolved: 0, unreviewed: 0 });
  assert.deepEqual(set.preview.byLabel, { happy: 7, sad: 7, angry: 1 });
  assert.equal(set.preview.problem, null);
});

test('consensus labels: the majority wins, a tie is left out, unvoted clips keep the corpus label', () => {
  const votes = [vote('id2', 'ann', 'angry'), vote('id2', 'bob', 'angry'), vote('id2', 'cat', 'happy'), vote('id3', 'ann', 'happy'), vote('id3', 'bob', 'sad')];
  const set = buildTrainingSet(CLIPS, votes, { labelSource: 'consensus', onlyReviewed: false }, 2);
  assert.equal(set.clips.find((c) => c.path === CLIPS[2].path)?.label, 'angry');
  assert.equal(set.clips.some((c) => c.path === CLIPS[3].path), false);
  assert.equal(set.clips.find((c) => c.path === CLIPS[4].path)?.label, 'happy');
  assert.deepEqual(set.preview.excluded, { cleared: 0, unresolved: 1, unreviewed: 0 });

  const reviewed = buildTrainingSet(CLIPS, votes, { labelSource: 'consensus', onlyReviewed: true }, 2);
  assert.deepEqual(reviewed.clips.map((c) => c.path), [CLIPS[2].path]);
  assert.equal(reviewed.preview.excluded.unreviewed, 14);
  assert.match(reviewed.preview.problem ?? '', /at least two emotions/);
});

test('selection by dataset and speaker, and the speaker minimum of speaker-independent folds', () => {
  const some = buildTrainingSet(CLIPS, [], { labelSource: 'current', onlyReviewed: false, speakers: ['s0', 's1', 's2'] }, 2);
  assert.deepEqual([...new Set(some.clips.map((c) => c.speaker))].sort(), ['s0', 's1', 's2']);
  assert.match(some.preview.problem ?? '', /needs at least 6 speakers .* has 3/);
  const tess = buildTrainingSet(CLIPS, [], { labelSource: 'current', onlyReviewed: false, datasets: ['tess'] }, 2);
  assert.ok(tess.clips.every((c) => c.dataset === 'tess'));
  assert.equal(tess.clips.length, 6);
  assert.equal(buildTrainingSet(CLIPS, [], { labelSource: 'current', onlyReviewed: false }, 10).preview.problem?.includes('with 10 folds'), true);
  assert.equal(buildTrainingSet(CLIPS, [], { labelSource: 'current', onlyReviewed: false }, 5).preview.problem, null);
});

test('rating table: clips with two or more annotators, one column per annotator, categories in canonical order', () => {
  const votes = [vote('a', 'zoe', 'sad'), vote('a', 'ann', 'happy'), vote('b', 'ann', 'angry'), vote('c', 'bob', 'neutral'), vote('c', 'zoe', 'neutral')];
  const table = ratingTable(votes);
  assert.deepEqual(table.annotators, ['ann', 'bob', 'zoe']);
  assert.deepEqual(table.categories, ['neutral', 'happy', 'sad', 'angry']);
  assert.deepEqual(table.items, [
    { id: 'a', ratings: ['happy', null, 'sad'] },
    { id: 'c', ratings: [null, 'neutral', 'neutral'] },
  ]);
});

test('consensus and per-annotator exports carry every annotated clip with its status', () => {
  const votes = [vote('id0', 'ann', 'angry'), vote('id0', 'bob', 'sad'), vote('id1', 'ann', 'sad'), vote('id1', 'bob', 'sad')];
  const { annotators, rows } = annotatedClips(CLIPS, votes);
  const records = rows.map(({ clip: c, labels, consensus }) => ({ clipId: c.id, path: c.path, dataset: c.dataset, speaker: c.speaker, datasetLabel: c.datasetLabel, labels, consensus }));
  const consensus = exportConsensus(records, 'csv').split('\r\n');
  assert.equal(consensus[0], 'clipId,path,dataset,speaker,datasetLabel,consensus,status,votes,agreeing,tied');
  assert.equal(consensus[1], 'id0,/c/00.wav,folder,s0,happy,,tie,2,1,sad;angry');
  assert.equal(consensus[2], 'id1,/c/01.wav,folder,s1,sad,sad,unanimous,2,2,');
  const wide = JSON.parse(exportPerAnnotator(annotators, records, 'json')) as Record<string, unknown>[];
  assert.deepEqual(wide[0], { clipId: 'id0', path: '/c/00.wav', speaker: 's0', datasetLabel: 'happy', 'annotator:ann': 'angry', 'annotator:bob': 'sad', consensus: null });
});
