/**
 * Speech activity of a live stream, frame by frame. level.ts `activeFrames` judges a frame
 * against the loud end of a whole clip; live there is no whole clip, so each frame is judged
 * against the `contextFrames` ending with it: frame j is active exactly when
 * `activeFrames(levels, j − contextFrames + 1, j + 1, options)` says its last frame is —
 * loud enough absolutely, and within `relativeRangeDb` of the span's 95th percentile.
 * The span's levels are kept sorted (binary-search insert and remove), so each frame costs
 * O(log n) comparisons and a short memmove instead of a sort.
 */
import type { ActivityOptions } from '../features/level.ts';

export class RollingActivity {
  /** The last `contextFrames` levels, ascending. */
  private readonly sorted: number[] = [];
  /** The same levels in arrival order (a ring), to know which one leaves. */
  private readonly ring: Float32Array;
  private count = 0;

  constructor(
    private readonly options: ActivityOptions,
    contextFrames: number,
  ) {
    if (!Number.isInteger(contextFrames) || contextFrames < 1) throw new RangeError(`contextFrames must be a positive integer, got ${contextFrames}`);
    this.ring = new Float32Array(contextFrames);
  }

  /** Add the next frame's level (dBFS); returns whether that frame is active. */
  push(levelDb: number): boolean {
    const level = Math.fround(levelDb); // activeFrames compares float32 levels
    const slot = this.count % this.ring.length;
    if (this.count >= this.ring.length) this.sorted.splice(this.lowerBound(this.ring[slot]), 1);
    this.ring[slot] = level;
    this.count++;
    this.sorted.splice(this.lowerBound(level), 0, level);
    const n = this.sorted.length;
    const loud = this.sorted[Math.min(n - 1, Math.floor(0.95 * n))];
    return level >= Math.max(this.options.absoluteFloorDb, loud - this.options.relativeRangeDb);
  }

  /** First index whose value is ≥ `value`. */
  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
