/**
 * Worker process for parallel cross-validation (fold-pool.ts). Receives
 * `{source, jobs, backend}`, loads the corpus from the feature cache, runs the folds,
 * streams training events back and sends each fold's result (with its out-of-fold
 * predictions). A cancelled training kills it; a parent that dies takes it along.
 */
import type { CorpusSource, FoldJob, FoldJobResult } from './fold-job.ts';
import { loadCorpus, runFoldJob } from './fold-job.ts';
import { selectBackend, type BackendRequest } from './model/backend.ts';
import type { TrainEvent } from './train-config.ts';

export type WorkerRequest = { source: CorpusSource; jobs: FoldJob[]; backend: BackendRequest };
export type WorkerMessage =
  | { type: 'event'; event: TrainEvent }
  | { type: 'result'; result: FoldJobResult }
  | { type: 'error'; message: string };

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, () => resolve()));
}

// Without this an orphaned worker would train its folds to the end for nobody.
process.once('disconnect', () => process.exit());

process.once('message', async (request: WorkerRequest) => {
  try {
    await selectBackend(request.backend);
    const clips = await loadCorpus(request.source);
    for (const job of request.jobs) {
      const result = await runFoldJob(job, clips, (event) => void send({ type: 'event', event }));
      await send({ type: 'result', result });
    }
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  process.disconnect();
});
