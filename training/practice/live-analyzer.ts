/**
 * Practice mode's live analysis (DESIGN.md §2, step 4): 16 kHz microphone samples in,
 * `LiveUpdate`s out — tone of voice, pitch, loudness, pace, pauses and coaching hints —
 * one per `updateIntervalSec` of audio. Pure Node: the engine process feeds it, the UI
 * shows what it returns, and the session's timeline is the list of updates.
 *
 * One `EmotionStream` does all the signal work once: its windows carry the emotion model's
 * probabilities (exactly what `ser predict` gives for the same windows), and the per-frame
 * level and YIN pitch it computes for them feed the prosody measures (live-prosody.ts).
 *
 * Timing: the update at t covers audio up to t, except that a frame is only final 32 ms
 * after its centre (half of YIN's 1024-sample frame), so measures lag the microphone by
 * that much. The update at t uses exactly the frames and windows final once t seconds of
 * audio have arrived, which makes the updates independent of how the audio was chunked.
 */
import { FEATURE_SPEC } from '../features/spec.ts';
import type { Predictor } from '../model/inference.ts';
import { EmotionStream, lastFinalFrame, type StreamFrame, type StreamPrediction } from '../stream.ts';
import { type HintInput, HintTracker } from './hints.ts';
import type { GoalProfile, LiveUpdate } from './live-update.ts';
import { LiveProsody } from './live-prosody.ts';
import { ToneSmoother } from './tone-smoother.ts';

/** The pace band the settings default to (words per minute). */
export const DEFAULT_PACE_TARGET_WPM: readonly [number, number] = [140, 160];
/** 0.2 s: five updates per second of audio, the rate DESIGN.md §2 asks of practice mode. */
export const DEFAULT_UPDATE_INTERVAL_SEC = 0.2;

export interface LiveAnalyzerOptions {
  /** The emotion model (predictorOf(loadModel(dir))). */
  predictor: Predictor;
  /** The model's labels, in the order of its probabilities. */
  labels: readonly string[];
  /** What the speaker practises towards; decides the tone hints. */
  goal: GoalProfile;
  /** Target pace band in words per minute (settings default: DEFAULT_PACE_TARGET_WPM). */
  paceTargetWpm: readonly [number, number];
  /** Seconds of audio between updates; default 0.2 (≥ 5 updates per second of audio). */
  updateIntervalSec?: number;
}

export class LiveAnalyzer {
  private readonly stream: EmotionStream;
  private readonly prosody: LiveProsody;
  private readonly tone: ToneSmoother;
  private readonly hints: HintTracker;
  private readonly windowFrames: number;
  private readonly intervalSamples: number;
  /** Frames and windows the stream finished that no update has consumed yet. */
  private pendingFrames: StreamFrame[] = [];
  private pendingWindows: StreamPrediction[] = [];
  private readonly allWindows: StreamPrediction[] = [];
  private samplesIn = 0;
  private updatesOut = 0;

  constructor(options: LiveAnalyzerOptions) {
    const { predictor, labels, goal, paceTargetWpm } = options;
    const interval = options.updateIntervalSec ?? DEFAULT_UPDATE_INTERVAL_SEC;
    this.intervalSamples = Math.round(interval * FEATURE_SPEC.sampleRate);
    if (!Number.isFinite(interval) || this.intervalSamples < 1) {
      throw new RangeError(`updateIntervalSec must be a positive number of seconds, got ${interval}`);
    }
    const [low, high] = paceTargetWpm;
    if (!(low > 0 && high >= low)) throw new RangeError(`paceTargetWpm must be [min, max] with 0 < min ≤ max, got [${low}, ${high}]`);
    const outputs = predictor.model.outputs[0]?.shape.at(-1);
    if (typeof outputs === 'number' && outputs !== labels.length) {
      throw new RangeError(`the model gives ${outputs} probabilities but ${labels.length} labels were given`);
    }
    this.stream = new EmotionStream(predictor, (frame) => this.pendingFrames.push(frame));
    this.prosody = new LiveProsody(predictor.input.activity);
    const hopSec = (predictor.input.hopFrames * FEATURE_SPEC.hopLength) / FEATURE_SPEC.sampleRate;
    this.tone = new ToneSmoother(labels, hopSec);
    this.hints = new HintTracker(goal, paceTargetWpm);
    this.windowFrames = predictor.input.windowFrames;
  }

  /** 16 kHz mono float32 samples, any chunk size; returns the updates due (one per updateIntervalSec of audio, in order). */
  push(samples: Float32Array): LiveUpdate[] {
    this.samplesIn += samples.length;
    const windows = this.stream.push(samples);
    for (const w of windows) {
      this.allWindows.push(w);
      this.pendingWindows.push(w);
    }
    const updates: LiveUpdate[] = [];
    while ((this.updatesOut + 1) * this.intervalSamples <= this.samplesIn) {
      this.updatesOut++;
      updates.push(this.update(this.updatesOut * this.intervalSamples));
    }
    return updates;
  }

  /**
   * Every window prediction so far (StreamPrediction from training/stream.ts), for checking
   * against `ser predict`. Kept for the whole session: two windows a second of ~100 bytes
   * each, about 1 MB per hour.
   */
  get windows(): readonly StreamPrediction[] {
    return this.allWindows;
  }

  /** Seconds of audio pushed. */
  get seconds(): number {
    return this.samplesIn / FEATURE_SPEC.sampleRate;
  }

  /** The update once `endSample` samples have arrived: consume what was final by then, then measure. */
  private update(endSample: number): LiveUpdate {
    const t = endSample / FEATURE_SPEC.sampleRate;
    const horizon = lastFinalFrame(endSample);
    const frames = takeWhile(this.pendingFrames, (f) => f.index <= horizon);
    this.pendingFrames = frames.rest;
    for (const frame of frames.taken) this.prosody.add(frame);
    const windows = takeWhile(this.pendingWindows, (w) => w.startFrame + this.windowFrames - 1 <= horizon);
    this.pendingWindows = windows.rest;
    for (const window of windows.taken) this.tone.add(window);

    const p = this.prosody.measures();
    const measured: HintInput = {
      t,
      speech: p.speech,
      tone: this.tone.toneAt(t),
      pitchHz: p.pitchHz,
      pitchVariationSt: p.pitchVariationSt,
      loudnessDbfs: p.loudnessDbfs,
      syllablesPerSec: p.syllablesPerSec,
      wordsPerMinute: p.wordsPerMinute,
      pauses: p.pauses,
    };
    return { ...measured, hints: this.hints.next(measured) };
  }
}

/** The leading items that pass `test`, and the rest. */
function takeWhile<T>(items: T[], test: (item: T) => boolean): { taken: T[]; rest: T[] } {
  let n = 0;
  while (n < items.length && test(items[n])) n++;
  return { taken: items.slice(0, n), rest: items.slice(n) };
}
