/**
 * Live prosody for practice mode — speech activity, pitch, loudness, pace and pauses — from
 * the per-frame values the emotion stream computes anyway (10 ms frames: level, YIN F0,
 * voicing; see stream.ts `StreamFrame`). Frames are added one by one and every measure is
 * "as of the newest frame", so the same frames give the same measures however the audio
 * was chunked and however often the measures are read.
 *
 * - Activity: a frame is speech when it is loud enough absolutely (−55 dBFS) and within
 *   30 dB of the loud end (95th percentile) of the 10 s ending with it — level.ts
 *   `activeFrames` with the model's activity options over a trailing span, since a live
 *   stream has no whole clip to be relative to (rolling-activity.ts).
 * - `speech`: at least 30 % of the last 0.5 s is active.
 * - Pitch: F0 of frames both voiced (YIN) and active. `pitchHz` is the median of the last
 *   0.5 s; `pitchVariationSt` the RMS deviation in semitones from the median over the last
 *   10 s (as prosody.ts `f0SpreadSemitones`), ignoring frames more than 9 st from the
 *   median (YIN octave errors, which would make a flat voice look lively); null until the
 *   10 s hold 1 s of voiced frames.
 * - Loudness: power-mean level of the active frames of the last 0.5 s; null in silence.
 * - Pauses: a run of ≥ 0.25 s without activity between speech; ≥ 2 s is long. Shorter
 *   gaps (stop closures, breaths between words) are part of speaking.
 * - Pace: syllable nuclei (syllable-nuclei.ts) in the last 10 s, divided by the speaking
 *   time in them (active frames plus the short gaps; pauses excluded); null until that is
 *   2 s. Words per minute = syllables per second × 60 / 1.5, taking English's ≈ 1.5
 *   syllables per word — a rough constant; other languages differ (Spanish or Japanese
 *   have more syllables per word, so their wpm reads high).
 */
import { activeLevelDb, type ActivityOptions } from '../features/level.ts';
import { median } from '../math.ts';
import type { StreamFrame } from '../stream.ts';
import type { LiveUpdate } from './live-update.ts';
import { RollingActivity } from './rolling-activity.ts';
import { SyllableNucleusDetector } from './syllable-nuclei.ts';

export const PROSODY_WINDOWS = {
  /** Frames per second (section-4 hop of 10 ms). */
  framesPerSec: 100,
  /** Recent span for `speech`, `pitchHz`, `loudnessDbfs` (s). */
  recentSec: 0.5,
  /** Share of active frames in the recent span that makes it speech. */
  speechFraction: 0.3,
  /** Span for activity's relative floor, pitch variation and pace (s). */
  contextSec: 10,
  /** Voiced time needed in the context before pitch variation is reported (s). */
  minVoicedSec: 1,
  /**
   * Semitones from the median beyond which an F0 is taken for a YIN octave error: those land
   * ~12 st from the true pitch, while real intonation within 10 s rarely strays 9 st from
   * its median.
   */
  octaveErrorSt: 9,
  /** Speaking time needed in the context before pace is reported (s). */
  minSpeakingSec: 2,
  minPauseSec: 0.25,
  longPauseSec: 2,
  syllablesPerWord: 1.5,
  /** F0 reference of the stream's f0Octaves channel (clip-frames.ts). */
  pitchReferenceHz: 150,
} as const;

const W = PROSODY_WINDOWS;
const RECENT = Math.round(W.recentSec * W.framesPerSec);
const CONTEXT = Math.round(W.contextSec * W.framesPerSec);
const MIN_PAUSE = Math.round(W.minPauseSec * W.framesPerSec);
const LONG_PAUSE = Math.round(W.longPauseSec * W.framesPerSec);

export type ProsodyMeasures = Pick<
  LiveUpdate,
  'speech' | 'pitchHz' | 'pitchVariationSt' | 'loudnessDbfs' | 'syllablesPerSec' | 'wordsPerMinute' | 'pauses'
>;

/**
 * The last `keep` frames' values in flat arrays (so spans are subarrays, no copying), in
 * storage that compacts itself now and then: memory stays bounded however long a session runs.
 */
class FrameSeries {
  readonly level: Float32Array;
  /** F0 in Hz on voiced speech frames, NaN elsewhere. */
  readonly f0: Float32Array;
  readonly active: Uint8Array;
  /** Active, or inside a gap too short to be a pause. */
  readonly speaking: Uint8Array;
  /** Absolute index of storage slot 0. */
  base = 0;
  length = 0;

  constructor(private readonly keep: number) {
    const capacity = 4 * keep;
    this.level = new Float32Array(capacity);
    this.f0 = new Float32Array(capacity);
    this.active = new Uint8Array(capacity);
    this.speaking = new Uint8Array(capacity);
  }

  /** Absolute index one past the newest frame. */
  get end(): number {
    return this.base + this.length;
  }

  /** A slot for one more frame, first dropping all but the newest `keep` when storage is full. */
  append(): number {
    if (this.length === this.level.length) {
      const drop = this.length - this.keep;
      for (const series of [this.level, this.f0, this.active, this.speaking]) series.copyWithin(0, drop, this.length);
      this.base += drop;
      this.length -= drop;
    }
    return this.length++;
  }

  /** Storage slot of the first of the last `n` frames (clamped to what is held). */
  slotOfLast(n: number): number {
    return Math.max(0, this.length - n);
  }
}

export class LiveProsody {
  private readonly series = new FrameSeries(CONTEXT);
  private readonly activity: RollingActivity;
  private readonly nuclei = new SyllableNucleusDetector();
  /** Absolute frame indices of recent syllable nuclei, oldest first. */
  private nucleusFrames: number[] = [];
  private hasSpoken = false;
  /** Inactive frames since the last active one. */
  private silentRun = 0;
  private pauseCount = 0;
  private longPauseCount = 0;

  /** `activity`: the model's speech-activity options (metadata input.activity). */
  constructor(activity: ActivityOptions) {
    this.activity = new RollingActivity(activity, CONTEXT);
  }

  /** Add the next frame (frames must come consecutively, in order). */
  add(frame: StreamFrame): void {
    const s = this.series;
    if (frame.index !== s.end) throw new RangeError(`frame ${frame.index} arrived where ${s.end} was due`);
    const slot = s.append();
    const active = this.activity.push(frame.levelDb);
    const voiced = frame.voiced === 1;
    s.level[slot] = frame.levelDb;
    s.active[slot] = active ? 1 : 0;
    s.speaking[slot] = active ? 1 : 0;
    s.f0[slot] = voiced && active ? W.pitchReferenceHz * 2 ** frame.f0Octaves : Number.NaN;
    if (active) {
      if (this.hasSpoken && this.silentRun >= MIN_PAUSE) {
        this.pauseCount++;
        if (this.silentRun >= LONG_PAUSE) this.longPauseCount++;
      } else if (this.hasSpoken) s.speaking.fill(1, Math.max(0, slot - this.silentRun), slot); // a short gap is speaking
      this.hasSpoken = true;
      this.silentRun = 0;
    } else if (this.hasSpoken) this.silentRun++;

    const nucleus = this.nuclei.push({ levelDb: frame.levelDb, voiced, active });
    if (nucleus !== undefined) this.nucleusFrames.push(nucleus);
  }

  /** The measures as of the newest frame. */
  measures(): ProsodyMeasures {
    const s = this.series;
    const recent = s.slotOfLast(RECENT);
    let activeRecent = 0;
    for (let i = recent; i < s.length; i++) activeRecent += s.active[i];
    const speech = activeRecent >= W.speechFraction * RECENT;

    const loudness = speech ? activeLevelDb(s.level, s.active.subarray(recent, s.length), recent) : undefined;
    const pace = this.pace();
    const currentSilence = this.silentRun >= MIN_PAUSE ? this.silentRun / W.framesPerSec : 0;
    return {
      speech,
      pitchHz: this.pitchMedian(recent),
      pitchVariationSt: this.pitchVariation(),
      loudnessDbfs: loudness ?? null,
      syllablesPerSec: pace,
      wordsPerMinute: pace === null ? null : (pace * 60) / W.syllablesPerWord,
      pauses: { count: this.pauseCount, long: this.longPauseCount, currentSec: currentSilence },
    };
  }

  private voicedF0(fromSlot: number): number[] {
    const out: number[] = [];
    for (let i = fromSlot; i < this.series.length; i++) {
      const hz = this.series.f0[i];
      if (!Number.isNaN(hz)) out.push(hz);
    }
    return out;
  }

  private pitchMedian(fromSlot: number): number | null {
    const f0 = this.voicedF0(fromSlot);
    return f0.length ? median(f0) : null;
  }

  private pitchVariation(): number | null {
    const f0 = this.voicedF0(this.series.slotOfLast(CONTEXT));
    if (f0.length < W.minVoicedSec * W.framesPerSec) return null;
    const centre = median(f0);
    let sum = 0;
    let count = 0;
    for (const hz of f0) {
      const st = 12 * Math.log2(hz / centre);
      if (Math.abs(st) > W.octaveErrorSt) continue;
      sum += st * st;
      count++;
    }
    return Math.sqrt(sum / count);
  }

  private pace(): number | null {
    const s = this.series;
    const from = s.slotOfLast(CONTEXT);
    let speakingFrames = 0;
    for (let i = from; i < s.length; i++) speakingFrames += s.speaking[i];
    const firstFrame = s.base + from;
    while (this.nucleusFrames.length && this.nucleusFrames[0] < firstFrame) this.nucleusFrames.shift();
    if (speakingFrames < W.minSpeakingSec * W.framesPerSec) return null;
    return this.nucleusFrames.length / (speakingFrames / W.framesPerSec);
  }
}
