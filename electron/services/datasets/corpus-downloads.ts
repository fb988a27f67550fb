/**
 * Gets a corpus from its Zenodo record onto the user's disk, ready to import: look up
 * the file (URL, size, checksum), download it resumably, verify the checksum, extract it
 * safely, and return the folder.
 *
 * Layout inside `destinationDir` (RAVDESS as the example):
 *   Audio_Speech_Actors_01-24.zip.part(.json)  while downloading (kept on abort/failure)
 *   Audio_Speech_Actors_01-24.zip              verified, waiting to be extracted
 *   ravdess-speech.extracting/                 while extracting (removed on failure)
 *   ravdess-speech/                            the corpus, with .ser-corpus.json inside
 *
 * The zip is deleted once extraction succeeds: it would double the disk use (~208 MB) for
 * nothing, since the marker `.ser-corpus.json` keeps its checksum as a record of what was
 * extracted. The marker is written before the extracted folder is renamed into place, so
 * `ravdess-speech/` exists only when it is complete; a folder of that name without a
 * valid marker is not ours and is never deleted or overwritten. The importers skip hidden
 * files, so the marker never shows up as a clip.
 */
import { mkdir, readFile, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fileChecksum, formatChecksum } from './checksum.ts';
import type { Checksum } from './checksum.ts';
import { corpusEntry } from './corpus-catalog.ts';
import type { CorpusCatalogEntry, CorpusId } from './corpus-catalog.ts';
import { DownloadError, diskError, isAbortError } from './download-error.ts';
import {
  commitPartial,
  discardPartial,
  downloadPartial,
  partPathFor,
} from './resumable-download.ts';
import type { RetryPolicy } from './resumable-download.ts';
import { extractZipSafely } from './safe-unzip.ts';
import { fetchZenodoFile } from './zenodo-record.ts';
import type { RemoteFile } from './zenodo-record.ts';

export type CorpusDownloadPhase = 'metadata' | 'downloading' | 'verifying' | 'extracting' | 'done';

export interface CorpusDownloadProgress {
  phase: CorpusDownloadPhase;
  /** 'downloading': bytes on disk so far, including those from an earlier, resumed run. */
  receivedBytes?: number;
  totalBytes?: number;
  /** 'extracting': zip entries handled so far, of entriesTotal. */
  entriesDone?: number;
  entriesTotal?: number;
}

export interface DownloadCorpusOptions {
  corpusId: CorpusId;
  /** The folder the user chose; the corpus gets its own sub-folder in it. */
  destinationDir: string;
  /** Zenodo REST API root (default https://zenodo.org/api); tests use a local server. */
  apiBaseUrl?: string;
  /** Aborting keeps the partial download; calling again resumes it. */
  signal?: AbortSignal;
  /** Downloading and extracting report at most 10 times a second. */
  onProgress?: (progress: CorpusDownloadProgress) => void;
  /** Retry tuning for dropped connections; the defaults suit real networks. */
  retry?: Partial<RetryPolicy>;
}

export interface DownloadedCorpus {
  /** The folder to import (RAVDESS: holds Actor_01 … Actor_24). */
  corpusDir: string;
  /** Files extracted into it. */
  files: number;
}

const MARKER_NAME = '.ser-corpus.json';

const markerSchema = z.object({
  corpusId: z.string(),
  zenodoRecordId: z.string(),
  fileKey: z.string(),
  checksum: z.string(),
  files: z.number().int().nonnegative(),
  extractedAt: z.string(),
});
type CorpusMarker = z.infer<typeof markerSchema>;

/** Extracted WAVs take about as much room as the zip (audio barely compresses), plus slack. */
const EXTRACTED_SIZE_FACTOR = 1.05;

/** Folders with a download running in this process, so a double click cannot interleave two. */
const downloadsInProgress = new Set<string>();

/** The corpus already downloaded and extracted into `destinationDir`, or undefined. Makes no request. */
export async function findDownloadedCorpus(
  corpusId: CorpusId,
  destinationDir: string,
): Promise<DownloadedCorpus | undefined> {
  const entry = corpusEntry(corpusId);
  const corpusDir = path.join(path.resolve(destinationDir), entry.folderName);
  const marker = await readMarker(corpusDir);
  if (marker === undefined || marker.corpusId !== entry.id || marker.fileKey !== entry.fileKey)
    return undefined;
  return { corpusDir, files: marker.files };
}

/**
 * Downloads, verifies and extracts the corpus into `<destinationDir>/<folderName>` and
 * returns that folder; resolves at once, without any request, when it is already there.
 * Throws DownloadError (see its `code`) with a message to show the user.
 */
export async function downloadCorpus(options: DownloadCorpusOptions): Promise<DownloadedCorpus> {
  const entry = corpusEntry(options.corpusId);
  const report = (progress: CorpusDownloadProgress): void => options.onProgress?.(progress);
  const destinationDir = path.resolve(options.destinationDir);
  const corpusDir = path.join(destinationDir, entry.folderName);

  const existing = await findDownloadedCorpus(options.corpusId, destinationDir);
  if (existing !== undefined) {
    report({ phase: 'done' });
    return existing;
  }
  if (existsSync(corpusDir)) {
    throw new DownloadError(
      'disk',
      `${corpusDir} already exists but was not downloaded by SER Studio; move it away or choose another folder`,
    );
  }
  if (downloadsInProgress.has(corpusDir)) {
    throw new DownloadError(
      'busy',
      `${entry.title} is already being downloaded into ${destinationDir}`,
    );
  }
  downloadsInProgress.add(corpusDir);
  try {
    const result = await fetchVerifyExtract(entry, destinationDir, corpusDir, options, report);
    report({ phase: 'done' });
    return result;
  } finally {
    downloadsInProgress.delete(corpusDir);
  }
}

async function fetchVerifyExtract(
  entry: CorpusCatalogEntry,
  destinationDir: string,
  corpusDir: string,
  options: DownloadCorpusOptions,
  report: (progress: CorpusDownloadProgress) => void,
): Promise<DownloadedCorpus> {
  const { signal } = options;
  report({ phase: 'metadata' });
  const remote = await fetchZenodoFile({
    recordId: entry.zenodoRecordId,
    fileKey: entry.fileKey,
    apiBaseUrl: options.apiBaseUrl,
    signal,
  });
  await onDisk(destinationDir, () => mkdir(destinationDir, { recursive: true }));
  // The catalogue's name, not the server's, so a record can never choose where we write.
  const zipPath = path.join(destinationDir, entry.fileKey);

  if (existsSync(zipPath)) {
    // Verified before it was renamed, but a run stopped before extracting; check again
    // (seconds) rather than extract a file that may have been touched since.
    await onDisk(destinationDir, () =>
      ensureFreeSpace(destinationDir, remote.size * EXTRACTED_SIZE_FACTOR, entry),
    );
    report({ phase: 'verifying' });
    await verify(zipPath, remote, signal, () => rm(zipPath, { force: true }));
  } else {
    const alreadyHave = await sizeOf(partPathFor(zipPath));
    await onDisk(destinationDir, () =>
      ensureFreeSpace(
        destinationDir,
        Math.max(0, remote.size - alreadyHave) + remote.size * EXTRACTED_SIZE_FACTOR,
        entry,
      ),
    );
    report({ phase: 'downloading', receivedBytes: alreadyHave, totalBytes: remote.size });
    const { partPath } = await downloadPartial({
      url: remote.url,
      destination: zipPath,
      expectedBytes: remote.size,
      signal,
      retry: options.retry,
      onProgress: (p) =>
        report({
          phase: 'downloading',
          receivedBytes: p.receivedBytes,
          totalBytes: p.totalBytes ?? remote.size,
        }),
    });
    report({ phase: 'verifying' });
    await verify(partPath, remote, signal, () => discardPartial(zipPath));
    await onDisk(zipPath, () => commitPartial(zipPath));
  }

  report({ phase: 'extracting', entriesDone: 0 });
  const extracted = await extractZipSafely({
    zipPath,
    targetDir: corpusDir,
    signal,
    onProgress: (p) => report({ phase: 'extracting', ...p }),
    beforeCommit: (tempDir, result) =>
      writeMarker(tempDir, {
        corpusId: entry.id,
        zenodoRecordId: entry.zenodoRecordId,
        fileKey: entry.fileKey,
        checksum: formatChecksum(remote.checksum),
        files: result.files,
        extractedAt: new Date().toISOString(),
      }),
  });
  await onDisk(zipPath, () => rm(zipPath, { force: true }));
  return { corpusDir, files: extracted.files };
}

/** Checks `filePath` against the published checksum; on mismatch deletes it (`discard`) and throws. */
async function verify(
  filePath: string,
  remote: RemoteFile,
  signal: AbortSignal | undefined,
  discard: () => Promise<void>,
): Promise<void> {
  let actual: Checksum;
  try {
    actual = await fileChecksum(filePath, remote.checksum.algorithm, signal);
  } catch (error) {
    if (isAbortError(error) || signal?.aborted) {
      throw new DownloadError(
        'aborted',
        `Checking ${remote.key} was cancelled; it is checked again next time`,
        {
          cause: error,
        },
      );
    }
    throw diskError(error, filePath) ?? error;
  }
  if (actual.hex === remote.checksum.hex) return;
  await discard();
  throw new DownloadError(
    'checksum',
    `${remote.key} is damaged: its checksum is ${formatChecksum(actual)} but Zenodo publishes ` +
      `${formatChecksum(remote.checksum)}. The damaged copy was deleted; retry the download.`,
  );
}

async function ensureFreeSpace(
  dir: string,
  neededBytes: number,
  entry: CorpusCatalogEntry,
): Promise<void> {
  const stats = await statfs(dir);
  const freeBytes = stats.bavail * stats.bsize;
  if (freeBytes >= neededBytes) return;
  const mb = (bytes: number): string => `${Math.ceil(bytes / 1e6)} MB`;
  throw new DownloadError(
    'disk',
    `${dir}: ${entry.title} needs about ${mb(neededBytes)} free, but only ${mb(freeBytes)} is available; ` +
      'free some space or choose another folder',
  );
}

async function readMarker(corpusDir: string): Promise<CorpusMarker | undefined> {
  try {
    const parsed = markerSchema.safeParse(
      JSON.parse(await readFile(path.join(corpusDir, MARKER_NAME), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function writeMarker(dir: string, marker: CorpusMarker): Promise<void> {
  return writeFile(path.join(dir, MARKER_NAME), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Runs a filesystem step, turning "disk full" / "no permission" into a DownloadError naming `where`. */
async function onDisk<T>(where: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw diskError(error, where) ?? error;
  }
}

async function sizeOf(p: string): Promise<number> {
  try {
    return (await stat(p)).size;
  } catch {
    return 0;
  }
}
