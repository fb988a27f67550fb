/**
 * Live sliding-window inference for practice mode: push 16 kHz PCM chunks of any size,
 * get a prediction each time a window completes. Frames are computed incrementally from
 * exactly the samples the offline path uses for them (section-4 centred framing), so a
 * window here equals the window `ser predict` scores at the same start frame.
 */
import { PcmRingBuffer } from './audio/ring-buffer.ts';
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
/**
 * How far a frame reaches either side of its centre: half of YIN's 1024-sample frame,
 * the widest of the analyses (the STFT and RMS reach 256).
 */
const HALF_FRAME = Math.max(FEATURE_SPEC.frameLength, FEATURE_SPEC.yin.frameLength) / 2;
/** Frames of left context to recompute so every kept frame sees real (not padded) samples. */
const CONTEXT_FRAMES = Math.ceil(HALF_FRAME / HOP);
/** Input is processed in slices of at most this many samples (0.5 s), so a huge push stays bounded. */
const SLICE = 8000;

/** The last frame that is final once `samples` samples have arrived (negative before the first). */
export function lastFinalFrame(samples: number): number {
  return Math.floor((samples - HALF_FRAME) / HOP);
}

/**
 * The per-frame prosody a stream computes anyway for its windows (section-4 frames, 10 ms
 * hop), handed to an optional listener so live measures (pitch, loudness, pace, pauses)
 * need not compute RMS and YIN a second time.
 */
export interface StreamFrame {
  /** Absolute frame index: the frame centred on sample index·hop. */
  index: number;
  /** 20·log10 RMS (dBFS). */
  levelDb: number;
  /** log2(F0 / 150 Hz) on voiced frames, 0 elsewhere. */
  f0Octaves: number;
  /** 1 when periodic (YIN) and above the absolute speech floor, else 0. */
  voiced: number;
}

/** One finished frame's values. */
interface FrameValues {
  logMel: Float32Array;
  levelDb: number;
  f0Octaves: number;
  voiced: number;
}

export class EmotionStream {
  /** Recent samples: enough for the frames one slice of input can finish. */
  private readonly samples = new PcmRingBuffer(SLICE + 2 * (CONTEXT_FRAMES * HOP + HALF_FRAME));
  /** Finished frames, oldest first; the first is absolute frame `frameOffset`. */
  private frames: FrameValues[] = [];
  private frameOffset = 0;
  private nextWindowStart = 0;

  /** `onFrame`, when given, sees every frame once, in order, as soon as it is final. */
  constructor(
    private readonly predictor: Predictor,
    private readonly onFrame?: (frame: StreamFrame) => void,
  ) {}

  /** Add samples (16 kHz mono float32); returns the windows this chunk completed. */
  push(chunk: Float32Array): StreamPrediction[] {
    const out: StreamPrediction[] = [];
    for (let i = 0; i < chunk.length; i += SLICE) {
      this.samples.push(chunk.subarray(i, i + SLICE));
      this.computeFinishedFrames();
      out.push(...this.scoreCompletedWindows());
    }
    return out;
  }

  /** Frame t is final once samples up to t·hop + half a frame have arrived. */
  private computeFinishedFrames(): void {
    const total = this.samples.totalWritten;
    const firstNew = this.frameOffset + this.frames.length;
    const lastFinal = lastFinalFrame(total);
    if (lastFinal < firstNew) return;
    const segmentFirstFrame = Math.max(0, firstNew - CONTEXT_FRAMES);
    const segmentStart = segmentFirstFrame * HOP;
    const segmentEnd = lastFinal * HOP + HALF_FRAME;
    const segment = this.samples.latest(total - segmentStart).subarray(0, segmentEnd - segmentStart);
    const computed = computeClipFrames(segment);
    const nMels = computed.logMel.cols;
    for (let t = firstNew; t <= lastFinal; t++) {
      const local = t - segmentFirstFrame;
      const frame = {
        logMel: computed.logMel.data.slice(local * nMels, (local + 1) * nMels),
        levelDb: computed.levelDb[local],
        f0Octaves: computed.f0Octaves[local],
        voiced: computed.voiced[local],
      };
      this.frames.push(frame);
      this.onFrame?.({ index: t, levelDb: frame.levelDb, f0Octaves: frame.f0Octaves, voiced: frame.voiced });
    }
  }

  private scoreCompletedWindows(): StreamPrediction[] {
    const { windowFrames, hopFrames, minSpeechFraction } = this.predictor.input;
    const finished = this.frameOffset + this.frames.length;
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
    const span = this.frames.slice(first - this.frameOffset, end - this.frameOffset);
    const data = new Float32Array(span.length * nMels);
    span.forEach((f, r) => data.set(f.logMel, r * nMels));
    return {
      logMel: { rows: span.length, cols: nMels, data },
      levelDb: Float32Array.from(span, (f) => f.levelDb),
      f0Octaves: Float32Array.from(span, (f) => f.f0Octaves),
      voiced: Float32Array.from(span, (f) => f.voiced),
    };
  }

  private forgetOldFrames(): void {
    const drop = this.nextWindowStart - this.frameOffset;
    if (drop <= 0) return;
    this.frames.splice(0, drop);
    this.frameOffset += drop;
  }
}
