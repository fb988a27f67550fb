/**
 * Live sliding-window inference for practice mode: push 16 kHz PCM chunks of any size,
 * get a prediction each time a window completes. Frames are computed incrementally from
 * exactly the samples the offline path uses for them (section-4 centred framing), so a
 * window here equals the window `ser predict` scores at the same start frame.
 */
import { computeClipFrames } from './features/clip-frames.ts';
import { FEATURE_SPEC } from './features/spec.ts';
import { predictWindows, type Predictor } from './model/inference.ts';
import type { ClipFrames } from './model/model-input.ts';

export interface StreamPrediction {
  /** Window start and end in seconds from the first sample pushed. */
  startSec: number;
  endSec: number;
  startFrame: number;
  probs: Float32Array;
  /** Fraction of the window's frames with speech; below the model's minimum it is silence. */
  speechFraction: number;
  isSpeech: boolean;
}

const HOP = FEATURE_SPEC.hopLength;
/** Half of the 512-sample analysis frame: how far a frame reaches either side of its centre. */
const HALF_FRAME = FEATURE_SPEC.frameLength / 2;
/** Frames of left context to recompute so every kept frame sees real (not padded) samples. */
const CONTEXT_FRAMES = Math.ceil(HALF_FRAME / HOP);

export class EmotionStream {
  private samples = new Float32Array(0);
  /** Absolute index of samples[0]. */
  private sampleOffset = 0;
  private totalSamples = 0;
  /** Finished frames; frames[0] is absolute frame `frameOffset`. */
  private logMel: number[][] = [];
  private levelDb: number[] = [];
  private frameOffset = 0;
  private nextWindowStart = 0;

  constructor(private readonly predictor: Predictor) {}

  /** Add samples (16 kHz mono float32); returns the windows this chunk completed. */
  push(chunk: Float32Array): StreamPrediction[] {
    this.appendSamples(chunk);
    this.computeFinishedFrames();
    return this.scoreCompletedWindows();
  }

  private appendSamples(chunk: Float32Array): void {
    const joined = new Float32Array(this.samples.length + chunk.length);
    joined.set(this.samples);
    joined.set(chunk, this.samples.length);
    this.samples = joined;
    this.totalSamples += chunk.length;
  }

  /** Frame t is final once samples up to t·hop + half a frame have arrived. */
  private computeFinishedFrames(): void {
    const firstNew = this.frameOffset + this.levelDb.length;
    const lastFinal = Math.floor((this.totalSamples - HALF_FRAME) / HOP);
    if (lastFinal < firstNew) return;
    const segmentFirstFrame = Math.max(0, firstNew - CONTEXT_FRAMES);
    const segmentStart = segmentFirstFrame * HOP;
    const segmentEnd = lastFinal * HOP + HALF_FRAME;
    const segment = this.samples.subarray(segmentStart - this.sampleOffset, segmentEnd - this.sampleOffset);
    const frames = computeClipFrames(segment);
    const nMels = frames.logMel.cols;
    for (let t = firstNew; t <= lastFinal; t++) {
      const local = t - segmentFirstFrame;
      this.logMel.push(Array.from(frames.logMel.data.subarray(local * nMels, (local + 1) * nMels)));
      this.levelDb.push(frames.levelDb[local]);
    }
    this.forgetOldSamples();
  }

  /** Keep only the samples the next frames still need. */
  private forgetOldSamples(): void {
    const nextFrame = this.frameOffset + this.levelDb.length;
    const keepFrom = Math.max(0, (nextFrame - CONTEXT_FRAMES) * HOP);
    if (keepFrom > this.sampleOffset) {
      this.samples = this.samples.slice(keepFrom - this.sampleOffset);
      this.sampleOffset = keepFrom;
    }
  }

  private scoreCompletedWindows(): StreamPrediction[] {
    const { windowFrames, hopFrames, minSpeechFraction } = this.predictor.input;
    const finished = this.frameOffset + this.levelDb.length;
    const starts: number[] = [];
    while (this.nextWindowStart + windowFrames <= finished) {
      starts.push(this.nextWindowStart);
      this.nextWindowStart += hopFrames;
    }
    if (starts.length === 0) return [];
    const clip = this.framesFrom(starts[0], starts[starts.length - 1] + windowFrames);
    const windows = predictWindows(this.predictor, clip, starts.map((s) => s - starts[0]));
    this.forgetOldFrames();
    const secondsPerFrame = HOP / FEATURE_SPEC.sampleRate;
    return windows.map((w, i) => ({
      startSec: starts[i] * secondsPerFrame,
      endSec: (starts[i] + windowFrames) * secondsPerFrame,
      startFrame: starts[i],
      probs: w.probs,
      speechFraction: w.speechFraction,
      isSpeech: w.speechFraction >= minSpeechFraction,
    }));
  }

  private framesFrom(first: number, end: number): ClipFrames {
    const nMels = this.predictor.input.nMels;
    const rows = end - first;
    const data = new Float32Array(rows * nMels);
    for (let r = 0; r < rows; r++) data.set(this.logMel[first - this.frameOffset + r], r * nMels);
    return {
      logMel: { rows, cols: nMels, data },
      levelDb: Float32Array.from(this.levelDb.slice(first - this.frameOffset, end - this.frameOffset)),
    };
  }

  private forgetOldFrames(): void {
    const drop = this.nextWindowStart - this.frameOffset;
    if (drop <= 0) return;
    this.logMel.splice(0, drop);
    this.levelDb.splice(0, drop);
    this.frameOffset += drop;
  }
}
