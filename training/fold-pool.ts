/**
 * Runs cross-validation folds, in this process (jobs = 1) or spread over worker
 * processes. The wasm and cpu backends use one core each, so on a 2-core machine two
 * workers halve the wall time; tfjs-node already uses every core, so it runs one at a time.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
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
}

export async function runFolds(folds: FoldJob[], options: PoolOptions): Promise<FoldJobResult[]> {
  if (options.jobs <= 1) {
    const results: FoldJobResult[] = [];
    for (const job of folds) {
      const output = await runFoldJob(job, options.clips, options.onEvent);
      options.onEvent({ type: 'fold', result: output.result });
      results.push(output);
    }
    return results;
  }
  // Deal folds round-robin so each worker loads the corpus once.
  const shares = Array.from({ length: Math.min(options.jobs, folds.length) }, (_, w) =>
    folds.filter((_, i) => i % options.jobs === w),
  );
  const perWorker = await Promise.all(shares.map((jobs) => runWorker(jobs, options)));
  return perWorker.flat().sort((a, b) => a.result.fold - b.result.fold);
}

const WORKER = fileURLToPath(new URL('./fold-worker.ts', import.meta.url));

function runWorker(jobs: FoldJob[], options: PoolOptions): Promise<FoldJobResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const results: FoldJobResult[] = [];
    let failure: string | undefined;
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'event') options.onEvent(message.event);
      else if (message.type === 'result') {
        options.onEvent({ type: 'fold', result: message.result.result });
        results.push(message.result);
      }
      else failure = message.message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (failure) reject(new Error(`training worker failed: ${failure}`));
      else if (results.length !== jobs.length) reject(new Error(`training worker exited (${signal ?? `code ${code}`}) after ${results.length} of ${jobs.length} folds`));
      else resolve(results);
    });
    const request: WorkerRequest = { source: options.source, jobs, backend: options.backend };
    child.send(request);
  });
}
