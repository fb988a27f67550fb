/**
 * Turn scanned clips into model-ready frames: the original, plus waveform-augmented
 * variants for clips that may land in a training fold. A file that cannot be read
 * becomes a problem entry and the rest go on.
 */
import { loadMono16k } from '../audio/load.ts';
import { computeClipFrames, type FrameCache, sha256File } from '../features/clip-frames.ts';
import { activeFrames, activeLevelDb } from '../features/level.ts';
import type { ImportProblem, ScannedClip } from '../datasets/types.ts';
import { describeError } from '../errors.ts';
import { SeededRandom } from '../random.ts';
import { augmentWaveform, pitchShiftTimeScale, planWaveformAugmentations } from './augment.ts';
import type { ClipFrames } from './model-input.ts';

export interface AugmentedFrames {
  frames: ClipFrames;
  /** Frame-axis stretch that restores the original tempo (pitch-shifted variants). */
  timeScale: number;
}

/**
 * What training needs to know of a clip: a scanned clip, or one from the app's workspace
 * (whose dataset is a name the host chose, not necessarily a corpus format).
 */
export type TrainingClip = Omit<ScannedClip, 'dataset'> & { dataset: string };

export interface PreparedClip {
  clip: TrainingClip;
  frames: ClipFrames;
  augmented: AugmentedFrames[];
}

export interface PrepareOptions {
  /** Waveform-augmented variants per clip (0 for evaluation-only use). */
  augmentations: number;
  seed: number;
  cache?: FrameCache;
  onProgress?: (done: number, total: number) => void;
  /** Checked before each clip; aborting rejects with the signal's AbortError. */
  signal?: AbortSignal;
}

/** Stable 32-bit hash of a string, to give each clip its own reproducible random stream. */
function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function prepareCorpus(
  clips: readonly TrainingClip[],
  options: PrepareOptions,
): Promise<{ prepared: PreparedClip[]; problems: ImportProblem[] }> {
  const prepared: PreparedClip[] = [];
  const problems: ImportProblem[] = [];
  for (const [i, clip] of clips.entries()) {
    options.signal?.throwIfAborted();
    try {
      prepared.push(await prepareClip(clip, options));
    } catch (error) {
      problems.push({ path: clip.path, reason: describeError(error) });
    }
    options.onProgress?.(i + 1, clips.length);
  }
  return { prepared, problems };
}

async function prepareClip(clip: TrainingClip, options: PrepareOptions): Promise<PreparedClip> {
  const { cache, augmentations, seed } = options;
  const hash = await sha256File(clip.path);
  const random = new SeededRandom(seed ^ hashString(hash));
  const plans = planWaveformAugmentations(augmentations, random);
  const keys = plans.map((_, i) => `aug${i}-s${seed}`);
  const timeScales = plans.map((p) => pitchShiftTimeScale(p));

  const cached = cache ? await Promise.all(['orig', ...keys].map((k) => cache.get(hash, k))) : [];
  if (cached.length > 0 && cached.every((c) => c !== undefined)) {
    const [frames, ...rest] = cached as ClipFrames[];
    return { clip, frames, augmented: rest.map((f, i) => ({ frames: f, timeScale: timeScales[i] })) };
  }

  const { samples } = await loadMono16k(clip.path);
  const frames = computeClipFrames(samples);
  const speechLevel = activeLevelDb(frames.levelDb, activeFrames(frames.levelDb)) ?? -40;
  const augmented: AugmentedFrames[] = [];
  for (const plan of plans) {
    const variant = await augmentWaveform(samples, speechLevel, plan, random);
    augmented.push({ frames: computeClipFrames(variant.samples), timeScale: variant.timeScale });
  }
  if (cache) {
    await cache.set(hash, 'orig', frames);
    await Promise.all(augmented.map((a, i) => cache.set(hash, keys[i], a.frames)));
  }
  return { clip, frames, augmented };
}
