/**
 * Corpus downloads started from the app (first run's "Get data"): each goes into the open
 * workspace's `datasets/` folder through the corpus download service (resumable, checksum
 * verified, safely extracted), reports its state as datasets.progress with speed and time
 * left, and ends by starting a normal import of the extracted folder, so the import's own
 * import.* events follow. Cancelling keeps the partial file; the next download resumes it.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../../training/errors.ts';
import { ContractError, DATASET_ERROR_CODES } from '../contract.ts';
import type { DatasetDownload, DatasetId, MethodResult } from '../contract.ts';
import { CORPUS_CATALOG, corpusEntry, readLicenseNotice } from '../services/datasets/corpus-catalog.ts';
import type { CorpusCatalogEntry } from '../services/datasets/corpus-catalog.ts';
import { downloadCorpus, findDownloadedCorpus } from '../services/datasets/corpus-downloads.ts';
import type { CorpusDownloadProgress } from '../services/datasets/corpus-downloads.ts';
import { DownloadError } from '../services/datasets/download-error.ts';
import { partPathFor } from '../services/datasets/resumable-download.ts';
import type { RetryPolicy } from '../services/datasets/resumable-download.ts';
import { TransferRate } from './transfer-rate.ts';

/** The folder of the workspace downloads go into. */
export const DATASETS_FOLDER = 'datasets';

/** The environment variable that points downloads at another Zenodo API (tests: 127.0.0.1). */
export const ZENODO_API_URL_VARIABLE = 'SER_ZENODO_API_URL';

export interface DatasetDownloadsOptions {
  /** The open workspace's folder, or undefined without one. */
  workspaceRoot: () => string | undefined;
  /** Starts the import of a downloaded corpus folder (the import.start handler); returns its id. */
  startImport: (dir: string, id: DatasetId) => Promise<{ importId: string }>;
  onProgress: (state: DatasetDownload) => void;
  /** Zenodo REST API root; undefined for zenodo.org. */
  apiBaseUrl: () => string | undefined;
  log: (message: string) => void;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
}

interface Running {
  controller: AbortController;
  state: DatasetDownload;
  done: Promise<void>;
}

type ErrorCode = (typeof DATASET_ERROR_CODES)[number];

function isErrorCode(code: string): code is ErrorCode {
  return (DATASET_ERROR_CODES as readonly string[]).includes(code);
}

/** "0.3 MB", "61.3 MB", "208 MB": what the messages say about sizes. */
function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb >= 100 ? Math.round(mb) : mb.toFixed(1)} MB`;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Bytes a stopped download left: its `.part` file, or a verified zip not yet extracted. */
function partialBytesIn(destinationDir: string, entry: CorpusCatalogEntry): Promise<number> {
  const zip = path.join(destinationDir, entry.fileKey);
  return Promise.all([sizeOf(partPathFor(zip)), sizeOf(zip)]).then(([part, whole]) => Math.max(part, whole));
}

function idleState(id: DatasetId, partialBytes: number): DatasetDownload {
  return {
    id,
    state: 'idle',
    phase: null,
    receivedBytes: partialBytes,
    totalBytes: null,
    bytesPerSec: null,
    etaSec: null,
    entriesDone: null,
    entriesTotal: null,
    partialBytes,
    corpusDir: null,
    importId: null,
    message: null,
    errorCode: null,
  };
}

/** Where a running download stands after the service's `progress` report, with the speed measured by `rate`. */
export function applyProgress(state: DatasetDownload, progress: CorpusDownloadProgress, rate: TransferRate): DatasetDownload {
  switch (progress.phase) {
    case 'metadata':
      return { ...state, phase: 'metadata' };
    case 'downloading': {
      const receivedBytes = progress.receivedBytes ?? state.receivedBytes;
      const totalBytes = progress.totalBytes ?? state.totalBytes;
      return { ...state, phase: 'downloading', receivedBytes, totalBytes, ...rate.sample(receivedBytes, totalBytes) };
    }
    case 'verifying':
      return { ...state, phase: 'verifying', bytesPerSec: null, etaSec: null, receivedBytes: state.totalBytes ?? state.receivedBytes };
    case 'extracting':
      return {
        ...state,
        phase: 'extracting',
        bytesPerSec: null,
        etaSec: null,
        entriesDone: progress.entriesDone ?? state.entriesDone,
        entriesTotal: progress.entriesTotal ?? state.entriesTotal,
      };
    case 'done':
      return state;
  }
}

export class DatasetDownloads {
  private readonly running = new Map<DatasetId, Running>();
  /** How the last download of each corpus ended, per workspace folder (the catalog shows it). */
  private readonly ended = new Map<string, DatasetDownload>();

  constructor(private readonly options: DatasetDownloadsOptions) {}

  async catalog(): Promise<MethodResult<'datasets.catalog'>> {
    const root = this.options.workspaceRoot();
    const destinationDir = root === undefined ? null : path.join(root, DATASETS_FOLDER);
    const corpora = await Promise.all(
      Object.values(CORPUS_CATALOG).map(async (entry) => ({
        id: entry.id,
        title: entry.title,
        approxBytes: entry.approxBytes,
        license: {
          name: entry.license.name,
          url: entry.license.url,
          summary: entry.license.summary,
          notice: await readLicenseNotice(entry.id),
        },
        citation: entry.citation,
        doi: entry.doi,
        homepage: entry.homepage,
        download: await this.stateOf(entry, destinationDir),
      })),
    );
    return { destinationDir, corpora };
  }

  /** Starts (or resumes) the download; a second call while it runs returns its state. */
  start(id: DatasetId): DatasetDownload {
    const active = this.running.get(id);
    if (active !== undefined) return active.state;
    const root = this.options.workspaceRoot();
    if (root === undefined) {
      throw new ContractError('no-workspace', 'Open or create a workspace first: the corpus is downloaded into it.');
    }
    const entry = corpusEntry(id);
    const destinationDir = path.join(root, DATASETS_FOLDER);
    const controller = new AbortController();
    const running: Running = {
      controller,
      state: { ...idleState(id, 0), state: 'running', phase: 'metadata' },
      done: Promise.resolve(),
    };
    this.running.set(id, running);
    this.ended.delete(this.key(destinationDir, id));
    this.options.onProgress(running.state);
    running.done = this.run(entry, root, destinationDir, running)
      // A bug past the download's own error handling is logged, never an unhandled rejection.
      .catch((error: unknown) => this.options.log(`${id} download: ${error instanceof Error ? error.stack : String(error)}`))
      .finally(() => this.running.delete(id));
    return running.state;
  }

  cancel(id: DatasetId): boolean {
    const active = this.running.get(id);
    if (active === undefined || active.state.phase === 'importing') return false;
    active.controller.abort();
    return true;
  }

  /** Stops every download (their partial files stay) and waits for them to end. */
  async close(): Promise<void> {
    const all = [...this.running.values()];
    for (const running of all) running.controller.abort();
    await Promise.all(all.map((running) => running.done));
  }

  private key(destinationDir: string, id: DatasetId): string {
    return `${destinationDir}\0${id}`;
  }

  private async stateOf(entry: CorpusCatalogEntry, destinationDir: string | null): Promise<DatasetDownload> {
    const active = this.running.get(entry.id);
    if (active !== undefined) return active.state;
    if (destinationDir === null) return idleState(entry.id, 0);
    const ended = this.ended.get(this.key(destinationDir, entry.id));
    const downloaded = await findDownloadedCorpus(entry.id, destinationDir);
    if (downloaded !== undefined) {
      return ended?.state === 'done'
        ? ended
        : { ...idleState(entry.id, 0), state: 'done', corpusDir: downloaded.corpusDir };
    }
    const partialBytes = await partialBytesIn(destinationDir, entry);
    // A corpus folder deleted since it was downloaded is simply not there any more.
    return ended === undefined || ended.state === 'done' ? idleState(entry.id, partialBytes) : { ...ended, partialBytes };
  }

  private update(running: Running, next: DatasetDownload): void {
    running.state = next;
    this.options.onProgress(next);
  }

  private async run(entry: CorpusCatalogEntry, root: string, destinationDir: string, running: Running): Promise<void> {
    const rate = new TransferRate(this.options.now);
    let corpusDir: string;
    try {
      const downloaded = await downloadCorpus({
        corpusId: entry.id,
        destinationDir,
        apiBaseUrl: this.options.apiBaseUrl(),
        signal: running.controller.signal,
        retry: this.options.retry,
        onProgress: (progress) => this.update(running, applyProgress(running.state, progress, rate)),
      });
      corpusDir = downloaded.corpusDir;
      this.options.log(`${entry.id}: ${downloaded.files} files in ${corpusDir}`);
    } catch (error) {
      await this.finishWithError(entry, destinationDir, running, error);
      return;
    }

    this.update(running, { ...running.state, phase: 'importing', corpusDir, bytesPerSec: null, etaSec: null });
    if (this.options.workspaceRoot() !== root) {
      this.end(destinationDir, running, {
        ...running.state,
        state: 'done',
        phase: null,
        message: `Downloaded into ${corpusDir}; another workspace is open now, so import that folder from the Library.`,
      });
      return;
    }
    try {
      const { importId } = await this.options.startImport(corpusDir, entry.id);
      this.end(destinationDir, running, { ...running.state, state: 'done', phase: null, importId, partialBytes: 0 });
    } catch (error) {
      this.end(destinationDir, running, {
        ...running.state,
        state: 'failed',
        phase: null,
        errorCode: 'import',
        message: `Downloaded into ${corpusDir}, but its import could not start: ${describeError(error)} Import that folder from the Library.`,
      });
    }
  }

  private async finishWithError(entry: CorpusCatalogEntry, destinationDir: string, running: Running, error: unknown): Promise<void> {
    const partialBytes = await partialBytesIn(destinationDir, entry);
    const base = { ...running.state, phase: null, bytesPerSec: null, etaSec: null, partialBytes };
    if (error instanceof DownloadError && error.code === 'aborted') {
      const kept = partialBytes > 0 ? ` ${megabytes(partialBytes)} kept: downloading again continues from there.` : '';
      this.end(destinationDir, running, { ...base, state: 'cancelled', errorCode: 'aborted', message: `Download cancelled.${kept}` });
      return;
    }
    const errorCode = error instanceof DownloadError && isErrorCode(error.code) ? error.code : null;
    if (errorCode === null) this.options.log(`${entry.id} download failed: ${error instanceof Error ? error.stack : String(error)}`);
    this.end(destinationDir, running, { ...base, state: 'failed', errorCode, message: describeError(error) });
  }

  private end(destinationDir: string, running: Running, next: DatasetDownload): void {
    this.ended.set(this.key(destinationDir, next.id), next);
    this.update(running, next);
  }
}
