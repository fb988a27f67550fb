/**
 * The async iterator a PcmSource hands out: the producer (a child process's stdout, a
 * timer) pushes chunks whenever they arrive and the consumer pulls them with `for await`.
 * Nothing is dropped while the consumer is busy; a consumer that stops iterating early
 * (break, throw) calls `onReturn`, so the producer is stopped too.
 */
export class ChunkQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  private done = false;
  private failure: Error | undefined;

  constructor(private readonly onReturn: () => void = () => {}) {}

  /** Ignored once the queue has ended or failed. */
  push(item: T): void {
    if (this.done) return;
    const waiting = this.waiting;
    if (waiting === undefined) {
      this.buffered.push(item);
      return;
    }
    this.waiting = undefined;
    waiting.resolve({ value: item, done: false });
  }

  /** No more chunks: the consumer gets what is buffered, then completes. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.settleWaiting();
  }

  /** The consumer gets what is buffered, then this error. The first end or failure wins. */
  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.settleWaiting();
  }

  get ended(): boolean {
    return this.done;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift() as T, done: false });
    if (this.done) {
      if (this.failure !== undefined) {
        const failure = this.failure;
        this.failure = undefined;
        return Promise.reject(failure);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.buffered.length = 0;
    if (!this.done) {
      this.done = true;
      this.onReturn();
    }
    this.failure = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private settleWaiting(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      waiting.reject(failure);
    } else waiting.resolve({ value: undefined, done: true });
  }
}
