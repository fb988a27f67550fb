/**
 * Rate-limits progress reports. A 200 MB download arrives in thousands of chunks and a
 * corpus zip holds ~1,500 entries; forwarding each one would flood the UI channel, so at
 * most one report per interval goes out, plus the last one when the caller flushes.
 */

export interface ProgressThrottle<T> {
  /** Report `value`; it is sent now if the interval has passed, else kept as the latest. */
  push(value: T): void;
  /** Send the latest value not yet sent, if any (call once the work is finished). */
  flush(): void;
}

/** 10 reports a second at most: smooth enough for a progress bar. */
const PROGRESS_INTERVAL_MS = 100;

export function createProgressThrottle<T>(
  emit: (value: T) => void,
  intervalMs: number = PROGRESS_INTERVAL_MS,
  now: () => number = () => performance.now(),
): ProgressThrottle<T> {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let pending: { value: T } | undefined;
  return {
    push(value) {
      const time = now();
      if (time - lastSentAt >= intervalMs) {
        lastSentAt = time;
        pending = undefined;
        emit(value);
      } else {
        pending = { value };
      }
    },
    flush() {
      if (pending === undefined) return;
      const { value } = pending;
      pending = undefined;
      lastSentAt = now();
      emit(value);
    },
  };
}
