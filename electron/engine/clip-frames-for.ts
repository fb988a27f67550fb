/**
 * The model frames of an audio file, through the feature cache when the host names one.
 * Entries are keyed like training's (content hash + the unaugmented variant), so a clip
 * already prepared for training or evaluation is not decoded again, and the reverse.
 */
import { loadMono16k } from '../../training/audio/load.ts';
import { computeClipFrames, FrameCache, sha256File } from '../../training/features/clip-frames.ts';
import type { ClipFrames } from '../../training/model/model-input.ts';

/** The variant name prepare-corpus.ts stores a clip's unaugmented frames under. */
const ORIGINAL_VARIANT = 'orig';

async function framesOfFile(filePath: string): Promise<ClipFrames> {
  const { samples } = await loadMono16k(filePath);
  return computeClipFrames(samples);
}

/**
 * Frames of `filePath`. Bad audio throws InputFileError; a cache that cannot be written
 * is reported through `warn` and the frames are still returned.
 */
export async function clipFramesFor(filePath: string, cacheDir: string | undefined, warn: (message: string) => void): Promise<ClipFrames> {
  if (cacheDir === undefined) return framesOfFile(filePath);
  const cache = new FrameCache(cacheDir);
  const hash = await sha256File(filePath);
  const cached = await cache.get(hash, ORIGINAL_VARIANT);
  if (cached !== undefined) return cached;
  const frames = await framesOfFile(filePath);
  try {
    await cache.set(hash, ORIGINAL_VARIANT, frames);
  } catch (error) {
    warn(`could not write the feature cache in ${cacheDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return frames;
}
