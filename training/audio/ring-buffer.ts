/**
 * Fixed-capacity ring buffer of float32 PCM for live streams: the recorder pushes whatever
 * arrives and the analysis reads the last few seconds, with memory that never grows however
 * long a practice session runs.
 */
export class PcmRingBuffer {
  readonly #data: Float32Array;
  /** Index where the next sample goes. */
  #next = 0;
  #total = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`PcmRingBuffer: capacity must be a positive integer, got ${capacity}`);
    }
    this.#data = new Float32Array(capacity);
  }

  /** How many samples it holds at most. */
  get capacity(): number {
    return this.#data.length;
  }

  /** Every sample ever pushed, including those since overwritten (the stream position). */
  get totalWritten(): number {
    return this.#total;
  }

  push(chunk: Float32Array): void {
    const capacity = this.#data.length;
    this.#total += chunk.length;
    if (chunk.length >= capacity) {
      // Only the newest `capacity` samples survive.
      this.#data.set(chunk.subarray(chunk.length - capacity));
      this.#next = 0;
      return;
    }
    const first = Math.min(chunk.length, capacity - this.#next);
    this.#data.set(chunk.subarray(0, first), this.#next);
    this.#data.set(chunk.subarray(first), 0);
    this.#next = (this.#next + chunk.length) % capacity;
  }

  /** The newest n samples, oldest first (fewer if not yet written), as a new array. */
  latest(n: number): Float32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`PcmRingBuffer.latest: n must be a non-negative integer, got ${n}`);
    }
    const capacity = this.#data.length;
    const count = Math.min(n, this.#total, capacity);
    const out = new Float32Array(count);
    const start = (this.#next - count + capacity) % capacity;
    const first = Math.min(count, capacity - start);
    out.set(this.#data.subarray(start, start + first));
    out.set(this.#data.subarray(0, count - first), first);
    return out;
  }
}
