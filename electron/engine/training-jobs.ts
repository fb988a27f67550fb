/**
 * The engine's training job: `ser train` (train-corpus.ts) run in the background, one job
 * at a time. startTraining starts it and is answered at once; its progress goes out as
 * 'training' events; cancelTraining aborts it at the next batch (fold workers are killed).
 *
 * The model is built in a sibling folder `<outDir>.partial-<jobId>` and renamed to outDir
 * only when complete, and a cancelled or failed job removes that folder before its last
 * event, so outDir is either absent or a whole model, never half-written.
 */
import { existsSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crossValidationFolds, type CrossValidationResult } from '../../training/cross-validate.ts';
import type { BackendChoice, BackendName, BackendRequest } from '../../training/model/backend.ts';
import { OUT_OF_FOLD_FILE } from '../../training/model/out-of-fold.ts';
import { trainCorpus, writeModelFolder } from '../../training/train-corpus.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../training/train-config.ts';
import { EngineRequestError } from './errors.ts';
import type { EngineParams, EngineResult, LogLevel, TrainingEvent, TrainingProgress } from './protocol.ts';


/** Fold workers start the backend the engine runs on (its name, as a request). */
const REQUEST_OF: Record<BackendName, BackendRequest> = { 'tensorflow-gpu': 'gpu', tensorflow: 'node', wasm: 'wasm', cpu: 'cpu' };

interface RunningJob {
  jobId: string;
  outDir: string;
  partialDir: string;
  controller: AbortController;
  /** Set just before the finished model is renamed into place: too late to cancel. */
  committing: boolean;
}

/**
 * The folder a job builds its model in. The job id is the host's text, so anything but
 * letters, digits, '.', '_' and '-' is replaced: the folder stays a sibling of outDir.
 */
function partialDirOf(outDir: string, jobId: string): string {
  return `${outDir}.partial-${jobId.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export class TrainingJobs {
  private running: RunningJob | undefined;

  constructor(
    private readonly backend: BackendChoice,
    private readonly send: (event: TrainingEvent) => void,
    private readonly log: (level: LogLevel, message: string) => void,
  ) {}

  /** Starts the job and returns without waiting for it; throws EngineRequestError when it cannot start. */
  start(params: EngineParams<'startTraining'>): EngineResult<'startTraining'> {
    if (this.running !== undefined) throw new EngineRequestError('invalid-request', 'a training job is already running');
    const outDir = path.resolve(params.outDir);
    if (existsSync(outDir)) {
      throw new EngineRequestError('invalid-request', `${outDir} already exists; a training job writes a new model folder (choose another)`);
    }
    try {
      crossValidationFolds(params.clips, params.config);
    } catch (error) {
      throw new EngineRequestError('invalid-request', error instanceof Error ? error.message : String(error));
    }
    const job: RunningJob = {
      jobId: params.jobId,
      outDir,
      partialDir: partialDirOf(outDir, params.jobId),
      controller: new AbortController(),
      committing: false,
    };
    this.running = job;
    void this.run(job, params);
    return { jobId: params.jobId };
  }

  /** Aborts the job `jobId`; false when it is not running or is already saving its model. */
  cancel(params: EngineParams<'cancelTraining'>): EngineResult<'cancelTraining'> {
    const job = this.running;
    if (job === undefined || job.jobId !== params.jobId || job.committing) return { cancelled: false };
    job.controller.abort();
    return { cancelled: true };
  }

  /**
   * For an engine about to exit: stops the job (killing its fold workers) and removes its
   * unfinished model folder, synchronously, since nothing runs after process.exit.
   */
  abandon(): void {
    const job = this.running;
    if (job === undefined || job.committing) return;
    job.controller.abort();
    rmSync(job.partialDir, { recursive: true, force: true });
  }

  private async run(job: RunningJob, params: EngineParams<'startTraining'>): Promise<void> {
    let outcome: TrainingProgress;
    try {
      outcome = await this.train(job, params);
    } catch (error) {
      // Only the clean-up after a failure can land here (a folder that cannot be removed).
      outcome = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    // Gone before its last event, so a host may start the next job as soon as it hears it.
    this.running = undefined;
    this.progress(job, outcome);
  }

  private async train(job: RunningJob, params: EngineParams<'startTraining'>): Promise<TrainingProgress> {
    const { signal } = job.controller;
    const { config } = params;
    let result: CrossValidationResult | undefined;
    try {
      // Left by an engine that died during this job earlier.
      await rm(job.partialDir, { recursive: true, force: true });
      const trained = await trainCorpus({
        clips: params.clips,
        cacheDir: params.cacheDir,
        augmentations: config.augment,
        name: params.name,
        backend: { name: this.backend.name, request: REQUEST_OF[this.backend.name] },
        jobs: config.jobs,
        dataLicense: params.dataLicense,
        config: { ...DEFAULT_TRAIN_CONFIG, architecture: config.architecture, folds: config.folds, maxEpochs: config.maxEpochs, seed: config.seed },
        onFeatures: (done, total) => this.progress(job, { type: 'phase', phase: 'features', done, total }),
        onEvent: (event) => this.progress(job, event),
        signal,
      });
      result = trained;
      const evaluation = trained.metadata.evaluation;
      if (evaluation === null) throw new Error('cross-validation produced no evaluation');
      await writeModelFolder(job.partialDir, trained);
      await writeFile(path.join(job.partialDir, OUT_OF_FOLD_FILE), `${JSON.stringify(trained.outOfFold)}\n`);
      signal.throwIfAborted();
      if (existsSync(job.outDir)) throw new Error(`${job.outDir} was created by something else during training; the model was not saved`);
      job.committing = true;
      await rename(job.partialDir, job.outDir);
      return {
        type: 'finished',
        modelDir: job.outDir,
        meanUar: evaluation.meanUar,
        stdUar: evaluation.stdUar,
        pooled: evaluation.pooled,
        problems: trained.problems,
      };
    } catch (error) {
      await rm(job.partialDir, { recursive: true, force: true });
      if (signal.aborted) return { type: 'cancelled' };
      this.log('warn', `training job ${job.jobId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { type: 'failed', message: error instanceof Error ? error.message : String(error) };
    } finally {
      // The engine lives on: the trained model is in its folder now, not needed in memory.
      result?.model.dispose();
    }
  }

  private progress(job: RunningJob, progress: TrainingProgress): void {
    this.send({ kind: 'event', event: 'training', jobId: job.jobId, progress });
  }
}
