/**
 * A streaming short-time Fourier transform that keeps only a bounded picture of the clip:
 * centred frames (librosa center=True, zero padding) through the repo's float64 WebAssembly
 * FFT, max-pooled over time into at most `maxColumns` columns and resampled to the display
 * rows as each column completes. Samples are consumed as they arrive and dropped once no
 * frame needs them, so an hour of audio costs a few MB, not the 370 MB its full STFT would.
 *
 * Max-pooling (not averaging) keeps a short loud event visible when many frames share one
 * column, as max/min peaks do for the waveform.
 */
import { realFft64Of } from '../../../training/features/real-fft64.ts';
import type { RealFft64 } from '../../../training/features/real-fft64.ts';
import { centeredWindow, periodicHann } from '../../../training/features/windows.ts';
import type { MonoSink } from './mono-stream.ts';
import type { RowSampler } from './spectrogram-rows.ts';

export interface StftPlan {
  /** FFT size: the window length rounded up to a power of two (512 at 16 kHz). */
  nFft: number;
  /** Hann window length: 25 ms (400 samples at 16 kHz, as the feature spec uses). */
  winLength: number;
  /** Samples between frames: 10 ms, widened up to the window length for long clips. */
  hop: number;
  /** Frames pooled into each column at the start (doubles if the clip outgrows maxColumns). */
  framesPerColumn: number;
}

/** Most columns kept for one clip: 3000 × 256 indices is a JSON of at most ~3 MB. */
export const MAX_SPECTROGRAM_COLUMNS = 3000;

/**
 * Analysis parameters for a clip of `durationSec` at `sampleRate`. Short clips get one 10 ms
 * frame per column; longer ones a wider hop (never wider than the window, so no sample goes
 * unanalysed) and then several frames per column, which keeps the FFT count near
 * duration / 25 ms for long recordings (1 hour at 16 kHz: ~147k FFTs, under a second here).
 */
export function planStft(
  sampleRate: number,
  durationSec: number | undefined,
  maxColumns = MAX_SPECTROGRAM_COLUMNS,
): StftPlan {
  const winLength = Math.max(8, Math.round(0.025 * sampleRate));
  const nFft = 2 ** Math.ceil(Math.log2(winLength));
  const baseHop = Math.max(1, Math.round(0.01 * sampleRate));
  if (durationSec === undefined || durationSec <= 0) {
    return { nFft, winLength, hop: baseHop, framesPerColumn: 1 };
  }
  const samples = Math.round(durationSec * sampleRate);
  // Fewest frames per column that keep the hop within the window; then the hop that spreads
  // that many frames per column over (just under) maxColumns columns.
  const framesPerColumn = Math.ceil((samples / winLength + 1) / maxColumns);
  const hop = Math.max(baseHop, Math.ceil(samples / (framesPerColumn * maxColumns - 1)));
  return { nFft, winLength, hop, framesPerColumn };
}

export interface PooledColumns {
  /** Row magnitudes per column, rows low → high, a full-scale sine ≈ 1. */
  columns: Float32Array[];
  /** Final frames per column (after any doubling). */
  framesPerColumn: number;
  hop: number;
  /** Samples seen. */
  samples: number;
}

export class StftPooler implements MonoSink {
  readonly #plan: StftPlan;
  readonly #fft: RealFft64;
  readonly #window: Float64Array;
  /** Turns a full-scale sine's magnitude into ≈ 1: the window's sum / 2. */
  readonly #scale: number;
  readonly #rows: RowSampler;
  readonly #rowCount: number;
  readonly #maxColumns: number;
  #framesPerColumn: number;

  /** Samples still needed by future frames; #buffer[0] is absolute sample #bufferStart. */
  #buffer = new Float32Array(0);
  #bufferLength = 0;
  #bufferStart = 0;
  /** Index of the next frame to compute. */
  #frame = 0;

  readonly #spectrum: Float32Array;
  /** Max over the current column's frames, per FFT bin. */
  readonly #pool: Float32Array;
  #pooledFrames = 0;
  /** Rows of a column left over by #coarsen, merged into the next one. */
  #carry: Float32Array | undefined;
  readonly #columns: Float32Array[] = [];

  constructor(
    plan: StftPlan,
    rows: RowSampler,
    rowCount: number,
    maxColumns = MAX_SPECTROGRAM_COLUMNS,
  ) {
    if (!(maxColumns >= 2) || !(plan.framesPerColumn >= 1) || !(plan.hop >= 1)) {
      throw new RangeError(
        `StftPooler: bad plan ${JSON.stringify(plan)} for ${maxColumns} columns`,
      );
    }
    this.#plan = plan;
    this.#fft = realFft64Of(plan.nFft, 1);
    this.#window = centeredWindow(periodicHann(plan.winLength), plan.nFft);
    this.#scale = 2 / this.#window.reduce((sum, w) => sum + w, 0);
    this.#rows = rows;
    this.#rowCount = rowCount;
    this.#maxColumns = maxColumns;
    this.#framesPerColumn = plan.framesPerColumn;
    this.#spectrum = new Float32Array(plan.nFft / 2 + 1);
    this.#pool = new Float32Array(plan.nFft / 2 + 1);
  }

  push(samples: Float32Array): void {
    this.#append(samples);
    const { hop, nFft } = this.#plan;
    const available = this.#bufferStart + this.#bufferLength;
    // A frame is complete once the sample at its right edge has arrived.
    while (this.#frame * hop + nFft / 2 <= available) this.#computeFrame();
    this.#dropConsumed();
  }

  /** The columns, after the frames that reach past the end (zero-padded, center=True). */
  finish(): PooledColumns {
    const samples = this.#bufferStart + this.#bufferLength;
    const frames = 1 + Math.floor(samples / this.#plan.hop);
    while (this.#frame < frames) this.#computeFrame();
    if (this.#pooledFrames > 0) this.#emitColumn();
    return {
      columns: this.#columns,
      framesPerColumn: this.#framesPerColumn,
      hop: this.#plan.hop,
      samples,
    };
  }

  #append(samples: Float32Array): void {
    const needed = this.#bufferLength + samples.length;
    if (needed > this.#buffer.length) {
      const grown = new Float32Array(Math.max(needed, 2 * this.#buffer.length));
      grown.set(this.#buffer.subarray(0, this.#bufferLength));
      this.#buffer = grown;
    }
    this.#buffer.set(samples, this.#bufferLength);
    this.#bufferLength = needed;
  }

  /** Forget samples before the next frame's left edge. */
  #dropConsumed(): void {
    const keepFrom = this.#frame * this.#plan.hop - this.#plan.nFft / 2 - this.#bufferStart;
    if (keepFrom <= 0) return;
    const drop = Math.min(keepFrom, this.#bufferLength);
    this.#buffer.copyWithin(0, drop, this.#bufferLength);
    this.#bufferLength -= drop;
    this.#bufferStart += drop;
  }

  #computeFrame(): void {
    const { hop, nFft } = this.#plan;
    const start = this.#frame * hop - nFft / 2 - this.#bufferStart;
    // Out-of-range samples read as zeros: the padding at both ends of a centred STFT.
    this.#fft.windowedSpectrum(
      this.#buffer.subarray(0, this.#bufferLength),
      start,
      this.#window,
      this.#spectrum,
      0,
    );
    const pool = this.#pool;
    const spectrum = this.#spectrum;
    for (let k = 0; k < pool.length; k++) if (spectrum[k] > pool[k]) pool[k] = spectrum[k];
    this.#frame++;
    if (++this.#pooledFrames === this.#framesPerColumn) this.#emitColumn();
  }

  #emitColumn(): void {
    const pool = this.#pool;
    for (let k = 0; k < pool.length; k++) pool[k] *= this.#scale;
    const column = new Float32Array(this.#rowCount);
    this.#rows.sample(pool, column);
    if (this.#carry) {
      for (let r = 0; r < column.length; r++) column[r] = Math.max(column[r], this.#carry[r]);
      this.#carry = undefined;
    }
    this.#columns.push(column);
    pool.fill(0);
    this.#pooledFrames = 0;
    if (this.#columns.length > this.#maxColumns) this.#coarsen();
  }

  /**
   * Merge neighbouring columns and double the frames per column: for streams longer than
   * their container said (or that said nothing), the picture stays within maxColumns.
   */
  #coarsen(): void {
    const columns = this.#columns;
    const whole = columns.length >> 1;
    for (let j = 0; j < whole; j++) {
      const a = columns[2 * j];
      const b = columns[2 * j + 1];
      for (let r = 0; r < a.length; r++) if (b[r] > a[r]) a[r] = b[r];
      columns[j] = a;
    }
    if (columns.length % 2 === 1) {
      // The odd last column is the first half of the next, wider one (the pool is empty now).
      this.#carry = columns[columns.length - 1];
      this.#pooledFrames = this.#framesPerColumn;
    }
    columns.length = whole;
    this.#framesPerColumn *= 2;
  }
}
