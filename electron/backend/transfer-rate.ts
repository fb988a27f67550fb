/**
 * Download speed and time left, from the byte counts a download reports. The speed is
 * measured over the last few seconds (not since the start), so it follows a connection that
 * slows down, and from byte *differences*, so the bytes a resumed download already had on
 * disk do not count as fetched at an impossible speed.
 */

export interface TransferEstimate {
  /** Null until enough time has passed to measure. */
  bytesPerSec: number | null;
  /** Seconds left at that speed; null without a speed or a known total. */
  etaSec: number | null;
}

/** Speed over the last 5 s: smooth enough to read, quick enough to follow a change. */
const WINDOW_MS = 5000;
/** Below this span two byte counts say little (a burst of buffered chunks). */
const MIN_SPAN_MS = 500;

export class TransferRate {
  private samples: Array<{ at: number; bytes: number }> = [];

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs: number = WINDOW_MS,
  ) {}

  /** Record that `receivedBytes` of `totalBytes` (null: unknown) are on disk now. */
  sample(receivedBytes: number, totalBytes: number | null): TransferEstimate {
    const at = this.now();
    const last = this.samples.at(-1);
    // A count that went down is a restarted download (the server ignored the range): start over.
    if (last !== undefined && receivedBytes < last.bytes) this.samples = [];
    this.samples.push({ at, bytes: receivedBytes });
    // Keep one sample older than the window, so the span covers the whole window.
    while (this.samples.length > 2 && this.samples[1].at <= at - this.windowMs) this.samples.shift();

    const first = this.samples[0];
    const span = at - first.at;
    if (span < MIN_SPAN_MS) return { bytesPerSec: null, etaSec: null };
    const bytesPerSec = ((receivedBytes - first.bytes) * 1000) / span;
    const left = totalBytes === null ? null : Math.max(0, totalBytes - receivedBytes);
    const etaSec = left === null || bytesPerSec <= 0 ? null : left / bytesPerSec;
    return { bytesPerSec, etaSec };
  }

  /** Forget the samples (a new attempt after a pause or cancel). */
  reset(): void {
    this.samples = [];
  }
}
