/**
 * Syllable nuclei from the intensity envelope, for speaking rate without a recogniser
 * (de Jong & Wempe 2009, "Praat script to detect syllable nuclei and measure speech rate
 * automatically"): a syllable's vowel is a local intensity peak, set off from its
 * neighbours by dips, and voiced. Works frame by frame on the section-4 frames (10 ms hop)
 * the live stream already has, so it streams with a fixed, small delay.
 *
 * Per frame: envelope = frame level (dBFS, 32 ms RMS) averaged over `smoothingFrames`
 * centred frames (≈ 50 ms, Praat's intensity smoothing); a peak is a maximum that rises at
 * least `minProminenceDb` above the dip before it and falls at least as much to the dip
 * after it (peak detection with hysteresis, so each nucleus has ≥ 2 dB of contrast on both
 * sides); it counts when its frame is speech (active) and a voiced frame lies within
 * `voicedReachFrames` of it (the smoothed peak may sit a frame or two off the vowel), and
 * when it is at least `minSeparationFrames` after the previous nucleus.
 */

export interface NucleusOptions {
  /** Centred moving average of the frame level, in frames (odd). */
  smoothingFrames: number;
  /** Contrast a peak needs against the dips either side (dB). */
  minProminenceDb: number;
  /** Nuclei closer than this to the previous one are ignored (frames): ~100 ms, faster than any speech. */
  minSeparationFrames: number;
  /** A peak is voiced when a voiced frame lies this close to it (frames). */
  voicedReachFrames: number;
}

export const DEFAULT_NUCLEUS_OPTIONS: NucleusOptions = {
  smoothingFrames: 5,
  minProminenceDb: 2,
  minSeparationFrames: 10,
  voicedReachFrames: 2,
};

/** One frame as the detector needs it. */
export interface NucleusFrame {
  levelDb: number;
  voiced: boolean;
  /** Speech activity (level.ts `activeFrames`): peaks in silence or noise are not syllables. */
  active: boolean;
}

/**
 * Streaming detector: push frames in order; each push returns the frame index of a nucleus
 * confirmed by that frame, if any. Confirmation comes once the envelope has fallen
 * `minProminenceDb` after the peak, so a nucleus is reported typically 50–100 ms late.
 */
export class SyllableNucleusDetector {
  private readonly options: NucleusOptions;
  /** Half the smoothing span: the envelope of frame j is known once frame j + reach has arrived. */
  private readonly reach: number;
  /** The last `smoothingFrames` (≥ the voiced reach both ways) raw frames, as a ring. */
  private readonly levels: Float64Array;
  private readonly voiced: Uint8Array;
  private readonly active: Uint8Array;
  private received = 0;

  private lookingForPeak = false;
  private dip = Infinity;
  private peak = -Infinity;
  private peakIndex = -1;
  private peakQualifies = false;
  private lastNucleus = -Infinity;

  constructor(options: Partial<NucleusOptions> = {}) {
    this.options = { ...DEFAULT_NUCLEUS_OPTIONS, ...options };
    const { smoothingFrames, voicedReachFrames } = this.options;
    if (!Number.isInteger(smoothingFrames) || smoothingFrames < 1 || smoothingFrames % 2 === 0) {
      throw new RangeError(`smoothingFrames must be a positive odd integer, got ${smoothingFrames}`);
    }
    this.reach = (smoothingFrames - 1) / 2;
    const span = 2 * Math.max(this.reach, voicedReachFrames) + 1;
    this.levels = new Float64Array(span);
    this.voiced = new Uint8Array(span);
    this.active = new Uint8Array(span);
  }

  push(frame: NucleusFrame): number | undefined {
    const n = this.levels.length;
    const slot = this.received % n;
    this.levels[slot] = frame.levelDb;
    this.voiced[slot] = frame.voiced ? 1 : 0;
    this.active[slot] = frame.active ? 1 : 0;
    this.received++;
    // The newest frame completes the neighbourhood of frame `centre`.
    const lag = Math.max(this.reach, this.options.voicedReachFrames);
    const centre = this.received - 1 - lag;
    if (centre < 0) return undefined;
    return this.step(centre);
  }

  /** Envelope value and flags of `centre`, then one step of peak detection with hysteresis. */
  private step(centre: number): number | undefined {
    const n = this.levels.length;
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, centre - this.reach); j <= centre + this.reach; j++) {
      sum += this.levels[j % n];
      count++;
    }
    const envelope = sum / count;
    let voicedNear = false;
    const vr = this.options.voicedReachFrames;
    for (let j = Math.max(0, centre - vr); j <= centre + vr; j++) voicedNear ||= this.voiced[j % n] === 1;
    const qualifies = voicedNear && this.active[centre % n] === 1;

    const delta = this.options.minProminenceDb;
    if (this.lookingForPeak) {
      if (envelope > this.peak) {
        this.peak = envelope;
        this.peakIndex = centre;
        this.peakQualifies = qualifies;
      } else if (envelope < this.peak - delta) {
        const nucleus = this.peakIndex;
        const accept = this.peakQualifies && nucleus - this.lastNucleus >= this.options.minSeparationFrames;
        this.lookingForPeak = false;
        this.dip = envelope;
        if (accept) {
          this.lastNucleus = nucleus;
          return nucleus;
        }
      }
      return undefined;
    }
    if (envelope < this.dip) this.dip = envelope;
    else if (envelope > this.dip + delta) {
      this.lookingForPeak = true;
      this.peak = envelope;
      this.peakIndex = centre;
      this.peakQualifies = qualifies;
    }
    return undefined;
  }
}

/** Nuclei (frame indices) of a whole clip: the streaming detector run over its frames. */
export function detectSyllableNuclei(
  levelDb: ArrayLike<number>,
  voiced: ArrayLike<number>,
  active: ArrayLike<number>,
  options: Partial<NucleusOptions> = {},
): number[] {
  const detector = new SyllableNucleusDetector(options);
  const nuclei: number[] = [];
  for (let t = 0; t < levelDb.length; t++) {
    const nucleus = detector.push({ levelDb: levelDb[t], voiced: voiced[t] === 1, active: active[t] === 1 });
    if (nucleus !== undefined) nuclei.push(nucleus);
  }
  return nuclei;
}
