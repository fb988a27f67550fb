import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Consensus, LabelEvent, PredictionRun, ReviewQueue } from '../../../electron/contract.ts';
import { DEFAULT_HOTKEYS } from '../../../electron/services/settings/schema.ts';
import { REVIEW_QUEUES } from '../../../electron/services/workspace/inputs.ts';
import { buildKeymap } from '../../../renderer/src/lib/hotkeys.ts';
import {
  annotatorRows,
  consensusVersusDataset,
  describeConsensus,
} from '../../../renderer/src/lib/review-consensus.ts';
import {
  QUEUES,
  coverageText,
  emptyQueueText,
  firstQueueWithClips,
  queueInfo,
  queueState,
  queueStepFor,
  runFraction,
  runOutcome,
  stepQueue,
} from '../../../renderer/src/lib/review-queues.ts';

function consensus(fields: Partial<Consensus> & Pick<Consensus, 'status'>): Consensus {
  return { label: null, votes: 0, agreeing: 0, tied: [], ...fields };
}

describe('describeConsensus', () => {
  it('names each status the way the Annotators panel shows it', () => {
    assert.equal(describeConsensus(consensus({ status: 'none' })), 'no labels yet');
    assert.equal(
      describeConsensus(consensus({ status: 'single', label: 'sad', votes: 1, agreeing: 1, tied: ['sad'] })),
      'one annotator',
    );
    assert.equal(
      describeConsensus(consensus({ status: 'unanimous', label: 'sad', votes: 3, agreeing: 3, tied: ['sad'] })),
      'unanimous (3 of 3)',
    );
    assert.equal(
      describeConsensus(consensus({ status: 'majority', label: 'angry', votes: 5, agreeing: 3, tied: ['angry'] })),
      'majority 3 of 5',
    );
  });

  it('lists every tied label with commas and a final "and"', () => {
    assert.equal(
      describeConsensus(consensus({ status: 'tie', votes: 2, agreeing: 1, tied: ['happy', 'sad'] })),
      'tie between happy and sad',
    );
    assert.equal(
      describeConsensus(consensus({ status: 'tie', votes: 3, agreeing: 1, tied: ['calm', 'happy', 'sad'] })),
      'tie between calm, happy and sad',
    );
  });
});

describe('consensusVersusDataset', () => {
  it('compares a winner with the corpus label, and says nothing without one', () => {
    assert.equal(consensusVersusDataset({ label: 'sad' }, 'sad'), 'agrees');
    assert.equal(consensusVersusDataset({ label: 'calm' }, 'sad'), 'differs');
    assert.equal(consensusVersusDataset({ label: null }, 'sad'), null);
  });
});

describe('annotatorRows', () => {
  const base = { clipId: 'c'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z' };
  const events: LabelEvent[] = [
    { ...base, id: 3, annotator: 'ann', label: 'happy', intensity: 'high', flags: ['ambiguous'], note: 'laughs' },
    { ...base, id: 7, annotator: 'bob', label: null, flags: [], reason: 'silence only' },
  ];

  it('keeps the order, marks the user, and turns intensity and flags into tags', () => {
    const rows = annotatorRows(events, 'bob');
    assert.deepEqual(
      rows.map((row) => [row.name, row.isSelf, row.label]),
      [
        ['ann', false, 'happy'],
        ['bob', true, null],
      ],
    );
    assert.deepEqual(rows[0].tags, ['strong', '⚑ ambiguous']);
    assert.equal(rows[0].note, 'laughs');
    assert.equal('reason' in rows[0], false);
    assert.equal(rows[1].reason, 'silence only');
    assert.deepEqual(rows[1].tags, []);
  });

  it('marks nobody when the annotator name is not set', () => {
    assert.equal(annotatorRows(events, '').some((row) => row.isSelf), false);
  });
});

describe('review queues', () => {
  it('lists the contract’s queues in the contract’s order, each named once', () => {
    assert.deepEqual(QUEUES, [...REVIEW_QUEUES]);
    assert.equal(new Set(QUEUES.map((queue) => queueInfo(queue).name)).size, QUEUES.length);
    assert.deepEqual(
      QUEUES.filter((queue) => queueInfo(queue).needsModel),
      ['model-disagrees', 'uncertain'],
    );
  });

  it('says why a model queue is empty: no model, nothing predicted, or nothing in doubt', () => {
    const model = { dir: '/m', name: 'm', labels: ['sad', 'happy'], builtIn: false };
    assert.equal(queueState('uncertain', 0, null).kind, 'loading');
    assert.equal(queueState('uncertain', 0, { model: null, predicted: 0 }).kind, 'no-model');
    assert.equal(queueState('uncertain', 0, { model, predicted: 0 }).kind, 'unpredicted');
    assert.equal(queueState('uncertain', 0, { model, predicted: 4 }).kind, 'empty');
    assert.equal(queueState('uncertain', 2, { model, predicted: 4 }).kind, 'ready');
    assert.equal(queueState('uncertain', null, { model, predicted: 4 }).kind, 'loading');
  });

  it('lets the annotator queues work without a model', () => {
    assert.equal(queueState('flagged', 3, null).kind, 'ready');
    assert.equal(queueState('annotators-disagree', 0, { model: null, predicted: 0 }).kind, 'empty');
  });

  it('tells how to fill the flagged queue with the key actually bound', () => {
    assert.match(emptyQueueText('flagged', 'F'), /Press F /);
    for (const queue of QUEUES) assert.ok(emptyQueueText(queue, 'A').length > 20, queue);
  });

  it('steps through the queues with [ and ], wrapping at both ends', () => {
    assert.equal(stepQueue('model-disagrees', 1), 'uncertain');
    assert.equal(stepQueue('flagged', 1), 'model-disagrees');
    assert.equal(stepQueue('model-disagrees', -1), 'flagged');
    const keymap = buildKeymap(DEFAULT_HOTKEYS);
    assert.equal(queueStepFor(']', keymap), 1);
    assert.equal(queueStepFor('[', keymap), -1);
    assert.equal(queueStepFor('j', keymap), null);
    assert.equal(queueStepFor(null, keymap), null);
  });

  it('never takes a key the user bound to a labelling action', () => {
    const keymap = buildKeymap({ ...DEFAULT_HOTKEYS, next: ']' });
    assert.equal(queueStepFor(']', keymap), null);
    assert.equal(queueStepFor('[', keymap), -1);
  });

  it('opens on the preferred queue unless it is empty and another is not', () => {
    const counts: Record<ReviewQueue, number | null> = {
      'model-disagrees': 0,
      uncertain: 0,
      'annotators-disagree': 2,
      flagged: 5,
    };
    assert.equal(firstQueueWithClips('model-disagrees', counts), 'annotators-disagree');
    assert.equal(firstQueueWithClips('flagged', counts), 'flagged');
    assert.equal(firstQueueWithClips('uncertain', { ...counts, uncertain: null }), 'uncertain');
    const none = { 'model-disagrees': 0, uncertain: 0, 'annotators-disagree': 0, flagged: 0 };
    assert.equal(firstQueueWithClips('uncertain', none), 'uncertain');
  });
});

describe('the predictions bar', () => {
  const run = (fields: Partial<PredictionRun>): PredictionRun => ({
    state: 'running',
    modelDir: '/m',
    done: 0,
    total: 0,
    failed: 0,
    ...fields,
  });

  it('counts coverage with thousands separators', () => {
    assert.equal(coverageText({ predicted: 12, total: 1480 }), '12 of 1,480 clips predicted');
    assert.equal(coverageText({ predicted: 0, total: 1 }), '0 of 1 clip predicted');
  });

  it('gives the progress as a fraction, indeterminate before the size is known', () => {
    assert.equal(runFraction(run({ done: 5, total: 20 })), 0.25);
    assert.equal(runFraction(run({ done: 25, total: 20 })), 1);
    assert.equal(runFraction(run({ done: 0, total: 0 })), null);
  });

  it('reports how a run ended, counting clips that could not be read', () => {
    assert.equal(runOutcome(run({ done: 3, total: 9 })), null);
    assert.deepEqual(runOutcome(run({ state: 'finished', done: 9, total: 9 })), {
      tone: 'info',
      text: 'Predictions finished: 9 of 9 clips scored.',
    });
    assert.match(runOutcome(run({ state: 'finished', done: 9, total: 9, failed: 2 }))?.text ?? '', /2 could not be read/);
    assert.match(runOutcome(run({ state: 'cancelled', done: 4, total: 9 }))?.text ?? '', /stopped after 4 of 9/);
    const failed = runOutcome(run({ state: 'failed', message: 'engine crashed' }));
    assert.equal(failed?.tone, 'error');
    assert.match(failed?.text ?? '', /engine crashed/);
  });
});
