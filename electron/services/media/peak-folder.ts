/**
 * Min/max envelope of a sample stream, folded as the samples arrive: what a waveform needs to
 * look exactly like the audio at its resolution (every sample is inside its bucket's min..max,
 * so no click or clip is hidden), at a fixed cost per sample and a bounded output size.
 */
import type { MonoSink } from './mono-stream.ts';

/** Finest detail kept, in min/max pairs per second: zoomed in, a 3-second clip still shows its shape. */
export const MAX_PEAKS_PER_SECOND = 400;
/** Most pairs kept for one clip (~100k: an hour at ~27/s), so the JSON stays around 1–2 MB. */
export const MAX_PEAK_PAIRS = 100_000;

/**
 * Samples per min/max pair for a clip: as fine as `maxPerSecond` allows while the whole clip
 * fits in `maxPairs`. A whole number of samples, so pairs never straddle a sample; an unknown
 * duration starts at the finest and `PeakFolder` coarsens as needed.
 */
export function samplesPerPeak(
  durationSec: number | undefined,
  sampleRate: number,
  maxPerSecond = MAX_PEAKS_PER_SECOND,
  maxPairs = MAX_PEAK_PAIRS,
): number {
  const perSecond =
    durationSec === undefined || durationSec <= 0
      ? maxPerSecond
      : Math.min(maxPerSecond, maxPairs / durationSec);
  return Math.max(1, Math.ceil(sampleRate / perSecond));
}

export interface FoldedPeaks {
  min: number[];
  max: number[];
  /** Final bucket size (larger than requested if the stream outgrew `maxPairs`). */
  samplesPerPeak: number;
  /** Samples seen. */
  samples: number;
}

export class PeakFolder implements MonoSink {
  #samplesPerPeak: number;
  readonly #maxPairs: number;
  readonly #min: number[] = [];
  readonly #max: number[] = [];
  #bucketMin = Infinity;
  #bucketMax = -Infinity;
  #bucketCount = 0;
  #samples = 0;

  constructor(samplesPerPeak: number, maxPairs = MAX_PEAK_PAIRS) {
    if (!Number.isInteger(samplesPerPeak) || samplesPerPeak < 1 || !(maxPairs >= 2)) {
      throw new RangeError(`PeakFolder: bad sizes (${samplesPerPeak} per peak, ${maxPairs} pairs)`);
    }
    this.#samplesPerPeak = samplesPerPeak;
    this.#maxPairs = maxPairs;
  }

  push(samples: Float32Array): void {
    this.#samples += samples.length;
    let i = 0;
    while (i < samples.length) {
      const end = Math.min(samples.length, i + this.#samplesPerPeak - this.#bucketCount);
      let lo = this.#bucketMin;
      let hi = this.#bucketMax;
      // NaN fails both tests and is skipped: one damaged float sample must not blank a bucket.
      for (let k = i; k < end; k++) {
        const v = samples[k];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.#bucketCount += end - i;
      i = end;
      if (this.#bucketCount === this.#samplesPerPeak) {
        this.#emit(lo, hi);
      } else {
        this.#bucketMin = lo;
        this.#bucketMax = hi;
      }
    }
  }

  /** The envelope, values clipped to [-1, 1] and rounded to 4 decimals (JSON size). */
  finish(): FoldedPeaks {
    if (this.#bucketCount > 0) this.#emit(this.#bucketMin, this.#bucketMax);
    return {
      min: this.#min.map(roundPeak),
      max: this.#max.map(roundPeak),
      samplesPerPeak: this.#samplesPerPeak,
      samples: this.#samples,
    };
  }

  #emit(lo: number, hi: number): void {
    // A bucket of only NaN has no extent: draw it as silence.
    this.#min.push(lo <= hi ? lo : 0);
    this.#max.push(lo <= hi ? hi : 0);
    this.#bucketMin = Infinity;
    this.#bucketMax = -Infinity;
    this.#bucketCount = 0;
    if (this.#min.length > this.#maxPairs) this.#coarsen();
  }

  /**
   * Merge neighbouring pairs and double the bucket size: for streams longer than their
   * container said (or that said nothing), the output stays within `maxPairs`.
   */
  #coarsen(): void {
    const min = this.#min;
    const max = this.#max;
    const whole = min.length >> 1;
    for (let j = 0; j < whole; j++) {
      min[j] = Math.min(min[2 * j], min[2 * j + 1]);
      max[j] = Math.max(max[2 * j], max[2 * j + 1]);
    }
    if (min.length % 2 === 1) {
      // The odd last pair is the first half of the next, larger bucket.
      this.#bucketMin = min[min.length - 1];
      this.#bucketMax = max[max.length - 1];
      this.#bucketCount = this.#samplesPerPeak;
    }
    min.length = whole;
    max.length = whole;
    this.#samplesPerPeak *= 2;
  }
}

function roundPeak(value: number): number {
  const clipped = value > 1 ? 1 : value < -1 ? -1 : value;
  return Math.round(clipped * 10000) / 10000;
}
