/**
 * Extracts a downloaded zip without trusting it. Entry names are checked before anything
 * is written (no absolute paths, no `..`, nothing resolving outside the target), symbolic
 * links are never created, and files are opened with O_EXCL so a repeated entry cannot
 * overwrite an earlier one. Everything goes into a sibling `<target>.extracting` folder
 * that is renamed to `<target>` only after the last entry: a crash or error half-way
 * leaves no folder that looks like a complete corpus.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { Entry } from 'yauzl';
import { DownloadError, diskError, isAbortError } from './download-error.ts';
import { createProgressThrottle } from './progress-throttle.ts';

export interface ExtractProgress {
  entriesDone: number;
  entriesTotal: number;
}

export interface ExtractResult {
  /** Regular files written. */
  files: number;
  /** Entries left out because they are symbolic links (their names, as in the zip). */
  skipped: string[];
}

const FILE_TYPE_MASK = 0o170000;
const SYMLINK_TYPE = 0o120000;

/**
 * Where the entry `name` belongs under `root`, or undefined when it must not be written:
 * empty, absolute (POSIX or drive letter), containing a `..` segment or a NUL, or
 * resolving outside `root` by any other route.
 */
export function resolveEntryPath(root: string, name: string): string | undefined {
  if (name === '' || name.includes('\0')) return undefined;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return undefined;
  if (name.split('/').includes('..')) return undefined;
  const resolved = path.resolve(root, name);
  return resolved.startsWith(root + path.sep) ? resolved : undefined;
}

/** The temporary sibling a corpus is extracted into before it is renamed into place. */
function extractingDirFor(targetDir: string): string {
  return `${targetDir}.extracting`;
}

/**
 * Extracts `zipPath` into `targetDir`, which must not exist yet. Throws DownloadError:
 * 'archive' for an unreadable zip or an unsafe entry (nothing is left behind), 'disk'
 * when writing fails, 'aborted' when the signal fires.
 */
export async function extractZipSafely(options: {
  zipPath: string;
  targetDir: string;
  signal?: AbortSignal;
  /** At most 10 calls a second, and always once with the final count. */
  onProgress?: (progress: ExtractProgress) => void;
  /**
   * Runs on the complete temporary folder just before it is renamed into place, so a
   * completion marker written here appears atomically with the files.
   */
  beforeCommit?: (tempDir: string, result: ExtractResult) => Promise<void>;
}): Promise<ExtractResult> {
  const targetDir = path.resolve(options.targetDir);
  const zipName = path.basename(options.zipPath);
  if (existsSync(targetDir)) {
    throw new DownloadError(
      'disk',
      `${targetDir} already exists; remove it or choose another folder`,
    );
  }
  const tempDir = extractingDirFor(targetDir);
  const progress = createProgressThrottle<ExtractProgress>((p) => options.onProgress?.(p));
  try {
    await rm(tempDir, { recursive: true, force: true });
    await mkdir(tempDir, { recursive: true });
    const result = await extractInto(options.zipPath, tempDir, options.signal, (p) =>
      progress.push(p),
    );
    await options.beforeCommit?.(tempDir, result);
    await rename(tempDir, targetDir);
    progress.flush();
    return result;
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    if (error instanceof DownloadError) throw error;
    if (isAbortError(error) || options.signal?.aborted) {
      throw new DownloadError('aborted', `Extracting ${zipName} was cancelled; nothing was kept`, {
        cause: error,
      });
    }
    throw (
      diskError(error, targetDir) ??
      new DownloadError(
        'archive',
        `${zipName} could not be extracted (${describe(error)}); nothing was kept`,
        {
          cause: error,
        },
      )
    );
  }
}

async function extractInto(
  zipPath: string,
  root: string,
  signal: AbortSignal | undefined,
  onProgress: (progress: ExtractProgress) => void,
): Promise<ExtractResult> {
  // decodeStrings: false, so names are decoded and checked here with our own message,
  // rather than yauzl failing the whole iteration with its own wording.
  const zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true });
  const entriesTotal = zip.entryCount;
  const result: ExtractResult = { files: 0, skipped: [] };
  let entriesDone = 0;
  for await (const entry of zip.eachEntry()) {
    signal?.throwIfAborted();
    const name = entryName(entry);
    const target = resolveEntryPath(root, name.replace(/\/+$/, ''));
    if (target === undefined) {
      throw new DownloadError(
        'archive',
        `${path.basename(zipPath)} holds an unsafe entry "${name}" (it would be written outside the ` +
          'corpus folder); nothing was extracted',
      );
    }
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
    } else if (((entry.externalFileAttributes >>> 16) & FILE_TYPE_MASK) === SYMLINK_TYPE) {
      result.skipped.push(name);
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      const source = await zip.openReadStreamPromise(entry);
      try {
        await pipeline(source, createWriteStream(target, { flags: 'wx' }), { signal });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        throw new DownloadError(
          'archive',
          `${path.basename(zipPath)} holds "${name}" twice; nothing was extracted`,
          {
            cause: error,
          },
        );
      }
      result.files += 1;
    }
    entriesDone += 1;
    onProgress({ entriesDone, entriesTotal });
  }
  return result;
}

/** The entry's name as Info-ZIP/UTF-8 flags say, with backslashes read as separators. */
function entryName(entry: Entry): string {
  // With decodeStrings off, yauzl leaves the raw bytes; its own decoder does the rest.
  return yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    false,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
