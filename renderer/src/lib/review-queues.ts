/**
 * The Review view's queues and prediction bar in words and states: what each queue holds,
 * why one is empty (no model, nothing predicted yet, or simply nothing in doubt), how far
 * the active model's predictions cover the workspace, and the keys that switch queue.
 */
import type { PredictionRun, PredictionStatus, ReviewQueue } from '../../../electron/contract.ts';
import type { Keymap } from './hotkeys.ts';
import { formatCount } from './library-format.ts';

interface QueueInfo {
  name: string;
  /** The queue reads the active model's cached predictions. */
  needsModel: boolean;
  /** What is in it and in which order (the tab's tooltip). */
  help: string;
}

/**
 * A Record, so the compiler holds the renderer's queue list to the contract's (the
 * renderer may import only types from it); the key order is the tab order.
 */
const QUEUE_INFO: Readonly<Record<ReviewQueue, QueueInfo>> = {
  'model-disagrees': {
    name: 'Model disagrees',
    needsModel: true,
    help: 'The model’s top guess is not the current label; most confident first.',
  },
  uncertain: {
    name: 'Uncertain',
    needsModel: true,
    help: 'The model hesitates between labels; most spread-out answers first.',
  },
  'annotators-disagree': {
    name: 'Annotators disagree',
    needsModel: false,
    help: 'Two or more annotators chose different labels; least agreement first.',
  },
  flagged: {
    name: 'Flagged',
    needsModel: false,
    help: 'An annotator flagged the clip; most recently flagged first.',
  },
};

export const QUEUES = Object.keys(QUEUE_INFO) as ReviewQueue[];

export function queueInfo(queue: ReviewQueue): QueueInfo {
  return QUEUE_INFO[queue];
}

/** What the area under the tabs shows for a queue. */
export type QueueState =
  | { kind: 'loading' }
  | { kind: 'no-model' }
  /** A model queue before the active model scored any clip. */
  | { kind: 'unpredicted' }
  | { kind: 'empty' }
  | { kind: 'ready' };

/**
 * `count` is the queue's clips.list total (null until known); `status` the predictions'
 * (null until known, needed only by the model queues).
 */
export function queueState(
  queue: ReviewQueue,
  count: number | null,
  status: Pick<PredictionStatus, 'model' | 'predicted'> | null,
): QueueState {
  if (queueInfo(queue).needsModel) {
    if (status === null) return { kind: 'loading' };
    if (status.model === null) return { kind: 'no-model' };
    if (status.predicted === 0 && (count ?? 0) === 0) return { kind: 'unpredicted' };
  }
  if (count === null) return { kind: 'loading' };
  return count === 0 ? { kind: 'empty' } : { kind: 'ready' };
}

/** Why a queue is empty, for its empty state; `flagKey` is the "Flag ambiguous" key as shown. */
export function emptyQueueText(queue: ReviewQueue, flagKey: string): string {
  switch (queue) {
    case 'model-disagrees':
      return 'The model agrees with the current label of every clip it has scored.';
    case 'uncertain':
      return 'The model is sure of every clip it has scored.';
    case 'annotators-disagree':
      return 'No clip has two annotators with different labels. Disagreements collect here once several people label the same clips.';
    case 'flagged':
      return `No flagged clips. Press ${flagKey} while labelling to flag a clip as ambiguous.`;
  }
}

/** "12 of 48 clips predicted". */
export function coverageText(status: Pick<PredictionStatus, 'predicted' | 'total'>): string {
  const noun = status.total === 1 ? 'clip' : 'clips';
  return `${formatCount(status.predicted)} of ${formatCount(status.total)} ${noun} predicted`;
}

export function isRunning(run: PredictionRun | null): boolean {
  return run?.state === 'running';
}

/** The run's progress for a ProgressBar: 0…1, or null (indeterminate) before its size is known. */
export function runFraction(run: Pick<PredictionRun, 'done' | 'total'>): number | null {
  if (run.total <= 0) return null;
  return Math.min(1, Math.max(0, run.done / run.total));
}

/** The notice a run that ended leaves: what was scored, what was not, or why it stopped. */
export function runOutcome(run: PredictionRun): { tone: 'info' | 'error'; text: string } | null {
  const unread = run.failed > 0 ? `; ${formatCount(run.failed)} could not be read (see the log)` : '';
  switch (run.state) {
    case 'running':
      return null;
    case 'finished':
      return { tone: 'info', text: `Predictions finished: ${formatCount(run.done)} of ${formatCount(run.total)} clips scored${unread}.` };
    case 'cancelled':
      return { tone: 'info', text: `Predictions stopped after ${formatCount(run.done)} of ${formatCount(run.total)} clips${unread}.` };
    case 'failed':
      return { tone: 'error', text: `Predictions failed: ${run.message ?? 'the engine stopped'}.` };
  }
}

/** Fixed keys that step through the queues: '[' back, ']' on (J/K and the arrows move between clips). */
export const QUEUE_KEYS: Readonly<Record<string, -1 | 1>> = { '[': -1, ']': 1 };

/**
 * The queue step a key press asks for, or null. A key the user bound to a labelling action
 * keeps that action: the queue keys never take a key from the Label view.
 */
export function queueStepFor(formatted: string | null, keymap: Keymap): -1 | 1 | null {
  if (formatted === null || keymap.has(formatted)) return null;
  return QUEUE_KEYS[formatted] ?? null;
}

/** The queue `delta` steps from `queue`, wrapping at both ends. */
export function stepQueue(queue: ReviewQueue, delta: -1 | 1): ReviewQueue {
  const at = QUEUES.indexOf(queue);
  return QUEUES[(at + delta + QUEUES.length) % QUEUES.length];
}

/**
 * The queue to open first: the preferred one when it has clips (or counts are unknown),
 * else the first with clips, else the preferred one (its empty state explains).
 */
export function firstQueueWithClips(
  preferred: ReviewQueue,
  counts: Readonly<Record<ReviewQueue, number | null>>,
): ReviewQueue {
  if ((counts[preferred] ?? 1) > 0) return preferred;
  return QUEUES.find((queue) => (counts[queue] ?? 0) > 0) ?? preferred;
}
