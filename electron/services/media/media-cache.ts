/**
 * Peaks and spectrograms computed once per clip and kept on disk in the workspace's cache, so
 * reopening a clip (or an hour-long recording) shows it at once. A clip id is the sha256 of its
 * audio, so a cached result never goes stale; a format change bumps the version in the name.
 *
 * A cache is an optimisation, never a source of failure: a damaged or unreadable file is
 * recomputed, and a file that cannot be written costs speed next time, not this result.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertClipId } from './clip-id.ts';
import { computePeaks, isPeaks } from './peaks.ts';
import type { Peaks } from './peaks.ts';
import { computeSpectrogram, isSpectrogramData } from './spectrogram.ts';
import type { SpectrogramData } from './spectrogram.ts';

/** Bumped whenever what is computed changes, so old cache files are ignored. */
const PEAKS_CACHE_VERSION = 1;
const SPECTROGRAM_CACHE_VERSION = 1;

/** How one kind of result is named, computed and checked. */
interface CachedKind<T> {
  /** File name part: `<clipId>.<name>.v<version>.json`. */
  name: string;
  version: number;
  compute: (audioPath: string) => Promise<T>;
  isValid: (value: unknown) => value is T;
}

const PEAKS_KIND: CachedKind<Peaks> = {
  name: 'peaks',
  version: PEAKS_CACHE_VERSION,
  compute: (audioPath) => computePeaks(audioPath),
  isValid: isPeaks,
};

const SPECTROGRAM_KIND: CachedKind<SpectrogramData> = {
  name: 'spectrogram',
  version: SPECTROGRAM_CACHE_VERSION,
  compute: (audioPath) => computeSpectrogram(audioPath),
  isValid: isSpectrogramData,
};

/** Computations under way, by cache file: concurrent requests for one clip share one. */
const inFlight = new Map<string, Promise<unknown>>();

/** The clip's peaks, from `cacheDir` when there, else computed from `audioPath` and stored. */
export function getPeaks(cacheDir: string, clipId: string, audioPath: string): Promise<Peaks> {
  return getCached(PEAKS_KIND, cacheDir, clipId, audioPath);
}

/** The clip's spectrogram, from `cacheDir` when there, else computed and stored. */
export function getSpectrogram(
  cacheDir: string,
  clipId: string,
  audioPath: string,
): Promise<SpectrogramData> {
  return getCached(SPECTROGRAM_KIND, cacheDir, clipId, audioPath);
}

/** Where a result lives: `<cacheDir>/<clipId>.<name>.v<version>.json`. */
function cacheFilePath<T>(kind: CachedKind<T>, cacheDir: string, clipId: string): string {
  assertClipId(clipId);
  return path.join(cacheDir, `${clipId}.${kind.name}.v${kind.version}.json`);
}

/**
 * The cached result for `clipId`, or the computed one (then written atomically: temporary
 * file + rename, so a reader never sees half a file). Compute errors (InputFileError for a
 * bad audio file) reach the caller; nothing is cached for them.
 */
function getCached<T>(
  kind: CachedKind<T>,
  cacheDir: string,
  clipId: string,
  audioPath: string,
): Promise<T> {
  const file = cacheFilePath(kind, cacheDir, clipId);
  const running = inFlight.get(file) as Promise<T> | undefined;
  if (running) return running;
  const work = readOrCompute(kind, file, audioPath).finally(() => inFlight.delete(file));
  inFlight.set(file, work);
  return work;
}

async function readOrCompute<T>(kind: CachedKind<T>, file: string, audioPath: string): Promise<T> {
  const cached = await readCacheFile(file, kind.isValid);
  if (cached !== undefined) return cached;
  const value = await kind.compute(audioPath);
  await writeCacheFile(file, value);
  return value;
}

/** The stored value, or undefined when absent, unreadable, not JSON or not of the right shape. */
async function readCacheFile<T>(
  file: string,
  isValid: (value: unknown) => value is T,
): Promise<T | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isValid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function writeCacheFile(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, JSON.stringify(value));
    await rename(temporary, file);
  } catch {
    // Read-only or full disk: the result is still good, only not kept.
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
