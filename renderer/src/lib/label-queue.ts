/**
 * Label writes and undos go to the back end one at a time, in the order the keys were
 * pressed: "3, Shift+2, Ctrl+Z" must reach the store as set, set, undo even when the
 * replies are slow. The queue also reports the save state the view shows: "saved" only
 * once every queued write has been answered (the reply means the event is on disk).
 */

export type SaveStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'error'; message: string };

export interface WriteQueue {
  /** Run `task` after every task queued before it; resolves or rejects with its outcome. */
  enqueue<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once every task queued so far has settled (never rejects). */
  whenIdle(): Promise<void>;
  /** Tasks queued or running. */
  readonly pending: number;
}

export function createWriteQueue(
  onStatus: (status: SaveStatus) => void,
  describeError: (error: unknown) => string,
): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let failed: string | null = null;
  return {
    get pending() {
      return pending;
    },
    whenIdle() {
      return tail.then(() => undefined);
    },
    enqueue<T>(task: () => Promise<T>): Promise<T> {
      pending += 1;
      onStatus({ state: 'saving' });
      const run = tail.then(task);
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      run.then(
        () => {
          pending -= 1;
          if (pending === 0) {
            onStatus(failed === null ? { state: 'saved' } : { state: 'error', message: failed });
            failed = null;
          }
        },
        (error: unknown) => {
          pending -= 1;
          failed = describeError(error);
          if (pending === 0) {
            onStatus({ state: 'error', message: failed });
            failed = null;
          }
        },
      );
      return run;
    },
  };
}
