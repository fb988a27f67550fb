import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FIRST_RUN_STEPS,
  leaveOutcome,
  nextStep,
  previousStep,
  stepStatuses,
} from '../../../renderer/src/lib/first-run-steps.ts';

test('the five steps in order, Next and Back walking them, null past either end', () => {
  assert.deepEqual([...FIRST_RUN_STEPS], ['workspace', 'annotator', 'microphone', 'goal', 'data']);
  const forward: string[] = [];
  for (let step: (typeof FIRST_RUN_STEPS)[number] | null = 'workspace'; step !== null; step = nextStep(step)) forward.push(step);
  assert.deepEqual(forward, [...FIRST_RUN_STEPS]);
  assert.equal(previousStep('workspace'), null);
  assert.equal(previousStep('data'), 'goal');
  assert.equal(nextStep('data'), null, 'the last step finishes');
});

test('the indicator shows done, skipped, current and upcoming', () => {
  const statuses = stepStatuses('microphone', { workspace: 'done', annotator: 'skipped' });
  assert.deepEqual(
    statuses.map((s) => [s.step, s.status]),
    [
      ['workspace', 'done'],
      ['annotator', 'skipped'],
      ['microphone', 'current'],
      ['goal', 'upcoming'],
      ['data', 'upcoming'],
    ],
  );
  assert.equal(statuses[1].title, 'Your name');
  assert.equal(stepStatuses('workspace', { workspace: 'done' })[0].status, 'current', 'the current step shows as current even when done');
});

test('leaving a step: done when its action happened, never downgraded by passing it again', () => {
  assert.equal(leaveOutcome(undefined, true), 'done');
  assert.equal(leaveOutcome(undefined, false), 'skipped');
  assert.equal(leaveOutcome('done', false), 'done');
  assert.equal(leaveOutcome('skipped', true), 'done');
  assert.equal(leaveOutcome('skipped', false), 'skipped');
});
