/**
 * The live "tone of voice": window probabilities smoothed over time, so the display follows
 * the speaker's tone rather than each 2-second window's noise.
 *
 * Smoothing is an exponential moving average with a 1.5 s time constant: with windows every
 * 0.5 s a new window weighs 1 − e^(−0.5/1.5) ≈ 28 %, so a real change of tone takes over
 * within ~2 windows (1 s) while a single odd window cannot flip the label. Silence is never
 * scored: a window without enough speech (isSpeech false) clears the tone and the average,
 * so speech after a pause starts afresh rather than from the tone before it.
 */
import { argmax } from '../model/inference.ts';
import type { StreamPrediction } from '../stream.ts';
import type { LiveUpdate } from './live-update.ts';

export const TONE_TIME_CONSTANT_SEC = 1.5;

export class ToneSmoother {
  private readonly alpha: number;
  private smoothed: Float64Array | null = null;
  private top = -1;
  /** When the current top label took over (the end of the window that made it top). */
  private topSince = 0;

  /** `hopSec`: seconds between consecutive windows (the model's window hop). */
  constructor(
    private readonly labels: readonly string[],
    hopSec: number,
    timeConstantSec = TONE_TIME_CONSTANT_SEC,
  ) {
    this.alpha = 1 - Math.exp(-hopSec / timeConstantSec);
  }

  add(window: StreamPrediction): void {
    if (window.probs.length !== this.labels.length) {
      throw new RangeError(`the model gave ${window.probs.length} probabilities for ${this.labels.length} labels`);
    }
    if (!window.isSpeech) {
      this.smoothed = null;
      this.top = -1;
      return;
    }
    if (this.smoothed === null) this.smoothed = Float64Array.from(window.probs);
    else for (let c = 0; c < this.smoothed.length; c++) this.smoothed[c] += this.alpha * (window.probs[c] - this.smoothed[c]);
    const top = argmax(this.smoothed);
    if (top !== this.top) {
      this.top = top;
      this.topSince = window.endSec;
    }
  }

  /** The tone as of time `t` (s), or null before the first speech window and after a silent one. */
  toneAt(t: number): LiveUpdate['tone'] {
    if (this.smoothed === null) return null;
    return {
      label: this.labels[this.top],
      confidence: this.smoothed[this.top],
      probs: Array.from(this.smoothed),
      dominantForSec: Math.max(0, t - this.topSince),
    };
  }
}
