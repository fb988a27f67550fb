/**
 * Runs cross-validation folds, in this process (jobs = 1) or spread over worker
 * processes. The wasm and cpu backends use one core each, so on a 2-core machine two
 * workers halve the wall time; tfjs-node already uses every core, so it runs one at a time.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { childEntry } from './child-entry.ts';
import { type CorpusSource, type FoldJob, type FoldJobResult, runFoldJob } from './fold-job.ts';
import type { WorkerMessage, WorkerRequest } from './fold-worker.ts';
import type { BackendChoice, BackendRequest } from './model/backend.ts';
import type { PreparedClip } from './model/prepare-corpus.ts';
import type { TrainEvent } from './train-config.ts';

/** Worker count that suits the backend: one per core for single-threaded backends. */
export function defaultJobCount(backend: BackendChoice, foldCount: number): number {
  if (backend.name === 'tensorflow' || backend.name === 'tensorflow-gpu') return 1;
  return Math.max(1, Math.min(os.availableParallelism(), foldCount));
}

export interface PoolOptions {
  jobs: number;
  backend: BackendRequest;
  source: CorpusSource;
  /** The corpus already in memory, for in-process runs. */
  clips: readonly PreparedClip[];
  /** Training progress and, as each fold finishes, its result. */
  onEvent: (event: TrainEvent) => void;
  /** Aborting stops the folds (worker processes are killed) and rejects with the signal's AbortError. */
  signal?: AbortSignal;
}

export async function runFolds(folds: FoldJob[], options: PoolOptions): Promise<FoldJobResult[]> {
  options.signal?.throwIfAborted();
  if (options.jobs <= 1) {
    const results: FoldJobResult[] = [];
    for (const job of folds) {
      const output = await runFoldJob(job, options.clips, options.onEvent, options.signal);
      options.onEvent({ type: 'fold', result: output.result });
      results.push(output);
    }
    return results;
  }
  // Deal folds round-robin so each worker loads the corpus once.
  const shares = Array.from({ length: Math.min(options.jobs, folds.length) }, (_, w) =>
    folds.filter((_, i) => i % options.jobs === w),
  );
  // A cancel stops every worker; so does one worker's failure, since the rest is then of no use.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const perWorker = await Promise.all(shares.map((jobs) => runWorker(jobs, options, stop.signal)));
    return perWorker.flat().sort((a, b) => a.result.fold - b.result.fold);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}

const WORKER = childEntry(new URL('./fold-worker.ts', import.meta.url));

/** Runs `jobs` in one worker process; `stop` kills it and rejects, once it has exited, with the stop reason. */
function runWorker(jobs: FoldJob[], options: PoolOptions, stop: AbortSignal): Promise<FoldJobResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER.path, [], {
      execArgv: [...WORKER.execArgv],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const kill = (): void => void child.kill('SIGTERM');
    stop.addEventListener('abort', kill, { once: true });
    const results: FoldJobResult[] = [];
    let failure: string | undefined;
    child.on('message', (message: WorkerMessage) => {
      if (stop.aborted) return;
      if (message.type === 'event') options.onEvent(message.event);
      else if (message.type === 'result') {
        options.onEvent({ type: 'fold', result: message.result.result });
        results.push(message.result);
      }
      else failure = message.message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      stop.removeEventListener('abort', kill);
      if (failure) reject(new Error(`training worker failed: ${failure}`));
      else if (results.length === jobs.length) resolve(results);
      else if (stop.aborted) reject(stop.reason);
      else reject(new Error(`training worker exited (${signal ?? `code ${code}`}) after ${results.length} of ${jobs.length} folds`));
    });
    const request: WorkerRequest = { source: options.source, jobs, backend: options.backend };
    child.send(request);
  });
}
