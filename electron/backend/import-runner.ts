/**
 * One folder import, from scan to stored clips (DESIGN.md §2, step 1). Names are scanned
 * first (fast, no decoding); then every file is hashed and its header probed, a few at a
 * time (long recordings also get their waveform peaks); clips are stored in batches so a 10,000-file corpus shows progress and a crash
 * half-way keeps what was stored. A file that cannot be read becomes an import problem and
 * the import goes on.
 */
import { scanDataset } from '../../training/datasets/scan.ts';
import type { DatasetFormat, ImportProblem, ScannedClip } from '../../training/datasets/types.ts';
import { describeError } from '../../training/errors.ts';
import { sha256File } from '../../training/features/clip-frames.ts';
import type { EventPayload } from '../contract.ts';
import { getPeaks } from '../services/media/media-cache.ts';
import { probeAudio } from '../services/media/probe.ts';
import type { NewClip } from '../services/workspace/inputs.ts';
import type { WorkspaceStore } from '../services/workspace/store.ts';
import { mapWithConcurrency } from './concurrency.ts';

/** Files read at once: hashing is I/O bound, so a few in flight keep the disk busy. */
const READ_CONCURRENCY = 4;
/** Clips per transaction: large enough to be fast, small enough to show progress. */
const STORE_BATCH = 200;
/**
 * Recordings at least this long get their waveform peaks computed during the import, so
 * opening one later draws at once (a 1-hour file takes ~0.5 s to fold). Shorter clips fold
 * in milliseconds when opened, and caching peaks for every clip of a big corpus would
 * only fill the disk.
 */
const PRECOMPUTE_PEAKS_FROM_SEC = 60;

export interface ImportRequest {
  importId: string;
  dir: string;
  format: DatasetFormat | 'auto';
}

export interface ImportReporter {
  progress(payload: Omit<EventPayload<'import.progress'>, 'importId'>): void;
}

export type ImportSummary = EventPayload<'import.finished'>;

/** Hash and probe one scanned file; a failure is the file's problem, not the import's. */
async function readClip(clip: ScannedClip, cacheDir: string): Promise<NewClip | ImportProblem> {
  try {
    const [sha256, info] = await Promise.all([sha256File(clip.path), probeAudio(clip.path)]);
    if (info.durationSec >= PRECOMPUTE_PEAKS_FROM_SEC) await getPeaks(cacheDir, sha256, clip.path);
    return {
      ...clip,
      sha256,
      durationSec: info.durationSec,
      sampleRate: info.sampleRate,
      channels: info.channels,
    };
  } catch (error) {
    return { path: clip.path, reason: describeError(error) };
  }
}

function isProblem(result: NewClip | ImportProblem): result is ImportProblem {
  return 'reason' in result;
}

/**
 * Run the import into `store`, whose import record `request.importId` already exists.
 * Throws only when nothing can be imported at all (the folder is missing, holds no audio,
 * or its format is unclear); the caller reports that as import.failed.
 */
export async function runImport(
  store: WorkspaceStore,
  request: ImportRequest,
  reporter: ImportReporter,
): Promise<ImportSummary> {
  reporter.progress({ phase: 'scanning', done: 0, total: 0 });
  const scan = await scanDataset(request.dir, { format: request.format });
  store.addProblems(scan.problems, request.importId);

  const total = scan.clips.length;
  let added = 0;
  let unchanged = 0;
  let duplicates = 0;
  let problems = scan.problems.length;

  for (let start = 0; start < total; start += STORE_BATCH) {
    const batch = scan.clips.slice(start, start + STORE_BATCH);
    const results = await mapWithConcurrency(batch, READ_CONCURRENCY, (clip) => readClip(clip, store.paths.cache));
    const readable = results.filter((r): r is NewClip => !isProblem(r));
    const unreadable = results.filter(isProblem);
    const stored = store.addClips(readable, request.importId);
    const conflicts = stored.conflicts.map((c) => ({
      path: c.path,
      reason: `a different recording (${c.storedClipId.slice(0, 12)}…) is already stored under this path`,
    }));
    store.addProblems([...unreadable, ...conflicts], request.importId);
    added += stored.added;
    unchanged += stored.unchanged;
    duplicates += stored.duplicates.length;
    problems += unreadable.length + conflicts.length;
    reporter.progress({ phase: 'reading', done: start + batch.length, total });
  }

  const counts = { scanned: total, added, unchanged, duplicates, problems };
  store.finishImport(request.importId, counts);
  return {
    importId: request.importId,
    sourceDir: request.dir,
    format: scan.dataset,
    added,
    unchanged,
    duplicates,
    problems,
  };
}
