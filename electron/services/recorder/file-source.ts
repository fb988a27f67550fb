/**
 * "Practice with a file": any audio file decoded to 16 kHz mono and delivered at real-time
 * pace in 100 ms chunks, so the live pipeline (analysis, updates, recording, report) runs
 * exactly as it does for a microphone. Chunk k is due once its audio "has happened", at
 * start + (k+1)·100 ms plus the time spent paused; each timer is set from that clock, not
 * from the previous timer, so late timers never accumulate into drift (a delayed tick
 * delivers every chunk already due, as a microphone's backlog would).
 */
import path from 'node:path';
import { loadMono16k } from '../../../training/audio/load.ts';
import { describeError, InputFileError } from '../../../training/errors.ts';
import { ChunkQueue } from './chunk-queue.ts';
import { PCM_SAMPLE_RATE, PcmSourceError } from './pcm-source.ts';
import type { PcmSource } from './pcm-source.ts';
import { floatToS16 } from './s16-assembler.ts';

export const FILE_CHUNK_MS = 100;

export interface FileSourceOptions {
  /** Chunk length; default 100 ms. */
  chunkMs?: number;
  /** Milliseconds on a monotonic clock; default performance.now(). Tests pass a mocked one. */
  now?: () => number;
  /** Decoding (default: loadMono16k); tests pass samples directly. */
  load?: (filePath: string) => Promise<Float32Array>;
}

async function decode(filePath: string): Promise<Float32Array> {
  return (await loadMono16k(filePath)).samples;
}

export class FileSource implements PcmSource {
  readonly kind = 'file';
  readonly name: string;
  private readonly chunkSamples: number;
  private readonly chunkMs: number;
  private readonly now: () => number;
  private readonly load: (filePath: string) => Promise<Float32Array>;
  private readonly queue = new ChunkQueue<Int16Array>(() => this.stop());
  private pcm: Int16Array | undefined;
  /** Chunks delivered so far. */
  private sent = 0;
  /** When chunk 0's audio began, shifted forward by every pause. */
  private origin = 0;
  private pausedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;

  constructor(
    private readonly filePath: string,
    options: FileSourceOptions = {},
  ) {
    this.name = path.basename(filePath);
    this.chunkMs = options.chunkMs ?? FILE_CHUNK_MS;
    this.chunkSamples = Math.round((PCM_SAMPLE_RATE * this.chunkMs) / 1000);
    this.now = options.now ?? (() => performance.now());
    this.load = options.load ?? decode;
  }

  start(): AsyncIterableIterator<Int16Array> {
    if (this.started) throw new Error('FileSource.start() may be called once');
    this.started = true;
    void this.open();
    return this.queue;
  }

  pause(): void {
    if (this.stopped || this.pausedAt !== undefined) return;
    this.pausedAt = this.now();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    if (this.stopped || this.pausedAt === undefined) return;
    this.origin += this.now() - this.pausedAt;
    this.pausedAt = undefined;
    this.schedule();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.end();
  }

  private async open(): Promise<void> {
    let samples: Float32Array;
    try {
      samples = await this.load(this.filePath);
    } catch (error) {
      const message = error instanceof InputFileError ? error.message : `${this.filePath}: ${describeError(error)}`;
      this.queue.fail(new PcmSourceError('unreadable-file', message));
      return;
    }
    if (this.stopped) return;
    this.pcm = floatToS16(samples);
    this.origin = this.now();
    // Paused while decoding: the clock starts now, and the pause counts from now.
    if (this.pausedAt !== undefined) this.pausedAt = this.origin;
    else this.schedule();
  }

  private get chunkCount(): number {
    return Math.ceil((this.pcm?.length ?? 0) / this.chunkSamples);
  }

  /** Delivers every chunk that is due, then sets the timer for the next one. */
  private tick = (): void => {
    this.timer = undefined;
    const pcm = this.pcm;
    if (this.stopped || this.pausedAt !== undefined || pcm === undefined) return;
    const elapsed = this.now() - this.origin;
    while (this.sent < this.chunkCount && (this.sent + 1) * this.chunkMs <= elapsed) {
      const from = this.sent * this.chunkSamples;
      this.queue.push(pcm.slice(from, from + this.chunkSamples));
      this.sent++;
    }
    if (this.sent >= this.chunkCount) this.stop();
    else this.schedule();
  };

  private schedule(): void {
    if (this.stopped || this.pcm === undefined || this.timer !== undefined) return;
    const due = this.origin + (this.sent + 1) * this.chunkMs;
    this.timer = setTimeout(this.tick, Math.max(0, due - this.now()));
  }
}
