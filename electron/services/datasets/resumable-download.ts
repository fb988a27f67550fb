/**
 * Downloads one large file so that no byte is fetched twice: data goes to
 * `<destination>.part`, and what is needed to resume safely (the URL and the server's
 * ETag / Last-Modified) to `<destination>.part.json`. A later call sends
 * `Range: bytes=<size of .part>-` with `If-Range`, so a server whose file changed answers
 * with the whole new file instead of a mismatched tail.
 *
 * Global fetch (undici) rather than node:http: it follows redirects (file hosts often
 * send the bytes from another URL), speaks HTTPS and takes an AbortSignal with no extra
 * code. Its two defaults that would hurt here are overridden: it asks for gzip (decoded
 * bytes would not line up with byte ranges, so we ask for identity), and its body timeout
 * is 5 minutes (a stall timer retries sooner).
 *
 * The function stops once `.part` holds the whole file; the caller verifies it and then
 * commits it (commitPartial) or throws it away (discardPartial).
 */
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { DownloadError, RESUME_HINT, diskError, isAbortError } from './download-error.ts';
import { createProgressThrottle } from './progress-throttle.ts';
import type { ProgressThrottle } from './progress-throttle.ts';

export interface DownloadProgress {
  receivedBytes: number;
  /** Undefined while the server has not said how big the file is. */
  totalBytes: number | undefined;
}

export interface RetryPolicy {
  /** Consecutive failed attempts (no byte received) tolerated before giving up. */
  retries: number;
  /** Wait before the first retry; doubled for each further consecutive failure. */
  baseDelayMs: number;
  /** An attempt that receives nothing for this long is dropped and retried. */
  stallTimeoutMs: number;
}

/** Four retries over ~15 s ride out a Wi-Fi hand-over without hiding a real outage. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 1000,
  stallTimeoutMs: 60_000,
};

export interface PartialDownloadOptions {
  url: string;
  /** The final path; the download itself only ever writes `<destination>.part(.json)`. */
  destination: string;
  /** Size published by the catalogue, used for progress until the server says. */
  expectedBytes?: number;
  signal?: AbortSignal;
  /** At most 10 calls a second, and always once with the final count. */
  onProgress?: (progress: DownloadProgress) => void;
  retry?: Partial<RetryPolicy>;
}

export function partPathFor(destination: string): string {
  return `${destination}.part`;
}

function statePathFor(destination: string): string {
  return `${destination}.part.json`;
}

const resumeStateSchema = z.object({
  url: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
});
type ResumeState = z.infer<typeof resumeStateSchema>;

/** Deletes the partial file and its resume state (a bad or unwanted download). */
export async function discardPartial(destination: string): Promise<void> {
  await rm(partPathFor(destination), { force: true });
  await rm(statePathFor(destination), { force: true });
}

/** Renames the finished `.part` to `destination` and drops its resume state. */
export async function commitPartial(destination: string): Promise<void> {
  await rename(partPathFor(destination), destination);
  await rm(statePathFor(destination), { force: true });
}

/** What one HTTP request achieved. */
type AttemptOutcome =
  | { kind: 'complete'; bytes: number }
  /** The connection failed; `progressed` says whether any byte arrived first. */
  | {
      kind: 'retry';
      reason: string;
      progressed: boolean;
      receivedBytes: number;
      totalBytes: number | undefined;
    }
  /** What is on disk cannot be continued (stale or inconsistent): start again from 0. */
  | { kind: 'restart' };

/** Restarts in a row before we call the server broken (a healthy one needs at most one). */
const MAX_RESTARTS = 2;

/**
 * Downloads `url` into `<destination>.part`, resuming what an earlier call left there,
 * retrying dropped connections with backoff. Resolves when `.part` holds the whole file.
 * Throws DownloadError: 'aborted' when the signal fires (the .part is kept), 'network'
 * once retries are exhausted (kept too), 'server' for an HTTP error, 'disk' for a write
 * failure.
 */
export async function downloadPartial(
  options: PartialDownloadOptions,
): Promise<{ partPath: string; bytes: number }> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const progress = createProgressThrottle<DownloadProgress>((p) => options.onProgress?.(p));
  const fileName = path.basename(options.destination);
  let failures = 0;
  let restarts = 0;
  for (;;) {
    throwIfAborted(options.signal);
    const outcome = await attempt(options, policy, progress);
    if (outcome.kind === 'complete') {
      progress.flush();
      return { partPath: partPathFor(options.destination), bytes: outcome.bytes };
    }
    if (outcome.kind === 'restart') {
      restarts += 1;
      if (restarts > MAX_RESTARTS) {
        throw new DownloadError(
          'server',
          `${fileName}: the server keeps sending byte ranges that do not fit together; try again later`,
        );
      }
      await discardPartial(options.destination);
      continue;
    }
    restarts = 0;
    failures = outcome.progressed ? 1 : failures + 1;
    if (failures > policy.retries) {
      throw new DownloadError(
        'network',
        `Lost the connection while downloading ${fileName} (${describeBytes(outcome.receivedBytes, outcome.totalBytes)}; ` +
          `last problem: ${outcome.reason}): ${RESUME_HINT}`,
      );
    }
    try {
      await delay(policy.baseDelayMs * 2 ** (failures - 1), undefined, { signal: options.signal });
    } catch (error) {
      throw abortedError(error);
    }
  }
}

async function attempt(
  options: PartialDownloadOptions,
  policy: RetryPolicy,
  progress: ProgressThrottle<DownloadProgress>,
): Promise<AttemptOutcome> {
  const partPath = partPathFor(options.destination);
  const state = await readResumeState(statePathFor(options.destination));
  const offset = state?.url === options.url ? await fileSize(partPath) : 0;

  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    const validator = ifRangeValidator(state);
    if (validator !== undefined) headers['if-range'] = validator;
  }

  // One controller per attempt: the stall timer aborts it, and aborting it once the
  // attempt ends releases the connection whatever state the body is in.
  const attemptController = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, attemptController.signal])
    : attemptController.signal;
  let stallTimer: NodeJS.Timeout | undefined;
  let stalled = false;
  const armStallTimer = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      stalled = true;
      attemptController.abort();
    }, policy.stallTimeoutMs);
  };

  let receivedBytes = offset;
  let totalBytes = options.expectedBytes;
  let progressed = false;
  const interrupted = (error: unknown): AttemptOutcome => {
    if (options.signal?.aborted) throw abortedError(error);
    const reason = stalled
      ? `no data for ${Math.round(policy.stallTimeoutMs / 1000)} s`
      : describeNetworkError(error);
    return { kind: 'retry', reason, progressed, receivedBytes, totalBytes };
  };

  try {
    armStallTimer();
    let response: Response;
    try {
      response = await fetch(options.url, { headers, signal });
    } catch (error) {
      return interrupted(error);
    }

    let flags: 'a' | 'w';
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (range === undefined || range.start !== offset) return { kind: 'restart' };
      flags = 'a';
      totalBytes = range.total ?? totalBytes;
    } else if (response.status === 200) {
      // A fresh download, or the server ignored Range / If-Range failed: the body is the
      // whole file, so what was on disk is replaced.
      flags = 'w';
      receivedBytes = 0;
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      totalBytes = Number.isSafeInteger(length) ? length : totalBytes;
      await writeResumeState(statePathFor(options.destination), {
        url: options.url,
        etag: response.headers.get('etag') ?? undefined,
        lastModified: response.headers.get('last-modified') ?? undefined,
      });
    } else if (response.status === 416) {
      // Nothing left after `offset`: either .part is already whole (a run that stopped
      // before verifying) or it is longer than the file now is.
      const total =
        parseUnsatisfiedRange(response.headers.get('content-range')) ?? options.expectedBytes;
      return offset > 0 && total === offset
        ? { kind: 'complete', bytes: offset }
        : { kind: 'restart' };
    } else if (response.status === 408 || response.status === 429 || response.status >= 500) {
      return {
        kind: 'retry',
        reason: `HTTP ${response.status}`,
        progressed,
        receivedBytes,
        totalBytes,
      };
    } else {
      throw new DownloadError(
        'server',
        `${path.basename(options.destination)}: ${new URL(options.url).host} answered HTTP ${response.status}; ` +
          'try again later, or report it if it keeps happening',
      );
    }
    if (response.body === null) return interrupted(new Error('the response had no body'));
    progress.push({ receivedBytes, totalBytes });

    const handle = await openForWriting(partPath, flags);
    try {
      const chunks = response.body[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await chunks.next();
        } catch (error) {
          return interrupted(error);
        }
        if (next.done) break;
        await writeChunk(handle, next.value, partPath);
        receivedBytes += next.value.byteLength;
        progressed = true;
        armStallTimer();
        progress.push({ receivedBytes, totalBytes });
      }
    } finally {
      await handle.close();
    }
    if (totalBytes !== undefined && receivedBytes < totalBytes) {
      return interrupted(new Error('the connection closed before the end of the file'));
    }
    if (totalBytes !== undefined && receivedBytes > totalBytes) return { kind: 'restart' };
    return { kind: 'complete', bytes: receivedBytes };
  } finally {
    clearTimeout(stallTimer);
    attemptController.abort();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason);
}

function abortedError(cause: unknown): DownloadError {
  return new DownloadError(
    'aborted',
    'Download paused: what has arrived is kept, and starting it again resumes where it stopped',
    { cause },
  );
}

/** A network failure in words, from undici's "fetch failed" / "terminated" and their causes. */
function describeNetworkError(error: unknown): string {
  if (isAbortError(error)) return 'the request was aborted';
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${cause.message} (${code})` : cause.message;
  }
  return error.message;
}

function describeBytes(received: number, total: number | undefined): string {
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  return total === undefined
    ? `${mb(received)} MB received`
    : `${mb(received)} of ${mb(total)} MB received`;
}

/** `If-Range` accepts only a strong ETag or a date; a weak ETag falls back to the date. */
function ifRangeValidator(state: ResumeState | undefined): string | undefined {
  if (state?.etag !== undefined && !state.etag.startsWith('W/')) return state.etag;
  return state?.lastModified;
}

/** `bytes 100-199/1000` → start and total (undefined for `*`); undefined when malformed. */
function parseContentRange(
  header: string | null,
): { start: number; total: number | undefined } | undefined {
  const match = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(header?.trim() ?? '');
  if (match === null) return undefined;
  return { start: Number(match[1]), total: match[3] === '*' ? undefined : Number(match[3]) };
}

// "bytes */1000" (the form a 416 carries) → 1000.
function parseUnsatisfiedRange(header: string | null): number | undefined {
  const match = /^bytes\s+\*\/(\d+)$/i.exec(header?.trim() ?? '');
  return match === null ? undefined : Number(match[1]);
}

async function readResumeState(statePath: string): Promise<ResumeState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = resumeStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function writeResumeState(statePath: string, state: ResumeState): Promise<void> {
  try {
    await writeFile(statePath, JSON.stringify(state));
  } catch (error) {
    throw diskError(error, statePath) ?? error;
  }
}

async function fileSize(filePath: string): Promise<number> {
  try {
    return (await stat(filePath)).size;
  } catch {
    return 0;
  }
}

async function openForWriting(filePath: string, flags: 'a' | 'w'): Promise<FileHandle> {
  try {
    return await open(filePath, flags);
  } catch (error) {
    throw diskError(error, filePath) ?? error;
  }
}

async function writeChunk(handle: FileHandle, chunk: Uint8Array, filePath: string): Promise<void> {
  try {
    await handle.write(chunk);
  } catch (error) {
    throw diskError(error, filePath) ?? error;
  }
}
