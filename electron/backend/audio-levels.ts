/**
 * Input levels of 16-bit PCM in dBFS, for the microphone test: a live reading per 100 ms of
 * audio while it records, and the whole recording's RMS, peak and clipping afterwards.
 * Readings are counted in audio, not wall-clock time, so a recorder that delivers in bursts
 * still gives one reading per 100 ms of sound.
 */

/** What silence reads (20·log10(0) would be −∞, which JSON cannot carry). */
export const SILENCE_DB = -100;
/** A sample this close to full scale counts as clipped (s16 reaches −32768 and +32767). */
const CLIP_LEVEL = 32767;
/** Fewer full-scale samples than this are a single loud click, not a clipped recording. */
const CLIPPED_SAMPLES = 3;

export interface LevelReading {
  /** RMS over the samples read, in dBFS. */
  rmsDb: number;
  peakDb: number;
}

export interface RecordingLevels extends LevelReading {
  /** Samples at full scale. */
  clippedSamples: number;
  clipped: boolean;
}

/** An amplitude ratio to full scale (1 = 0 dBFS) in dB, floored at SILENCE_DB. */
export function toDbfs(ratio: number): number {
  if (!(ratio > 0)) return SILENCE_DB;
  return Math.max(SILENCE_DB, 20 * Math.log10(ratio));
}

/** Sum of squares, peak and full-scale count of s16 samples, as ratios of full scale (32768). */
class LevelSums {
  count = 0;
  private sumSquares = 0;
  private peak = 0;
  clippedSamples = 0;

  add(samples: Int16Array, from = 0, to = samples.length): void {
    for (let i = from; i < to; i++) {
      const value = samples[i];
      const magnitude = Math.abs(value);
      this.sumSquares += value * value;
      if (magnitude > this.peak) this.peak = magnitude;
      if (magnitude >= CLIP_LEVEL) this.clippedSamples++;
    }
    this.count += to - from;
  }

  reading(): LevelReading {
    const rms = this.count === 0 ? 0 : Math.sqrt(this.sumSquares / this.count) / 32768;
    return { rmsDb: toDbfs(rms), peakDb: toDbfs(this.peak / 32768) };
  }
}

/** The levels of a whole recording. */
export function measureLevels(samples: Int16Array): RecordingLevels {
  const sums = new LevelSums();
  sums.add(samples);
  return { ...sums.reading(), clippedSamples: sums.clippedSamples, clipped: sums.clippedSamples >= CLIPPED_SAMPLES };
}

/**
 * Cuts a stream of chunks of any size into blocks of `blockSamples` and reads each block's
 * level; a partial block waits for the next chunk.
 */
export class BlockLevelMeter {
  private block = new LevelSums();
  private total = 0;

  constructor(private readonly blockSamples: number) {
    if (!Number.isInteger(blockSamples) || blockSamples <= 0) throw new RangeError('blockSamples must be a positive integer');
  }

  /** The readings of every block `chunk` completes, with the sample count at each block's end. */
  push(chunk: Int16Array): Array<LevelReading & { endSample: number }> {
    const readings: Array<LevelReading & { endSample: number }> = [];
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(chunk.length - at, this.blockSamples - this.block.count);
      this.block.add(chunk, at, at + take);
      at += take;
      this.total += take;
      if (this.block.count === this.blockSamples) {
        readings.push({ ...this.block.reading(), endSample: this.total });
        this.block = new LevelSums();
      }
    }
    return readings;
  }
}
