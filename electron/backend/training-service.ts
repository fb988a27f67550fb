/**
 * Training from the app: turns the Train view's selection into a training set from the
 * workspace's current labels (training-set.ts), starts the engine's training job, follows
 * its events into one job state that the UI redraws from (training.update), and registers
 * the finished model in the workspace. The engine writes the model folder only when the
 * job completes (a cancelled or crashed job leaves nothing), so a model listed here is whole.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../contract.ts';
import type { MethodParams, TrainingJob } from '../contract.ts';
import type { EngineClient } from '../engine/engine-client.ts';
import type { TrainingProgress } from '../engine/protocol.ts';
import { buildTrainingSet } from '../services/training/training-set.ts';
import type { WorkspaceStore } from '../services/workspace/store.ts';

/** Feature-phase updates at most this often; epochs and folds are always sent. */
const FEATURE_UPDATE_MS = 250;

/** Waveform-augmented variants per training clip, as `ser train` defaults to. */
const AUGMENTATIONS = 3;

/** What the model's metadata says about the licence of what it learnt from. */
const DATA_LICENSES: Record<string, string> = {
  ravdess: 'RAVDESS: CC BY-NC-SA 4.0 (Livingstone & Russo 2018), non-commercial use only',
};

export function dataLicenseFor(datasets: readonly string[]): string {
  const known = datasets.map((d) => DATA_LICENSES[d] ?? `${d}: see the corpus's own licence`);
  return known.length > 0 ? known.join('; ') : "see the training data's licence";
}

/** A model folder name that sorts by time: cnn-2026-12-02-0612. */
export function defaultModelName(architecture: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[T:]/g, '-');
  return `${architecture}-${stamp}`;
}

/**
 * Folders `<name>.partial-<jobId>` that a job killed with its engine (SIGKILL, power cut)
 * left in models/. Only called when no job runs, so none of them can still be in use.
 */
async function removeStalePartialModels(modelsDir: string): Promise<void> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name.includes('.partial-'))
      .map((entry) => rm(path.join(modelsDir, entry.name), { recursive: true, force: true })),
  );
}

export interface TrainingServiceOptions {
  engine: EngineClient;
  onUpdate: (job: TrainingJob) => void;
  log: (message: string) => void;
  /** Fold worker processes; default: every core but one, so the window keeps one. */
  foldJobs?: number;
}

type StartParams = MethodParams<'training.start'>;

export class TrainingService {
  private job: TrainingJob | undefined;
  private store: WorkspaceStore | undefined;
  private lastFeatureUpdate = 0;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly options: TrainingServiceOptions) {
    this.unsubscribe = [
      options.engine.on('training', (event) => {
        if (event.jobId === this.job?.jobId) this.onProgress(event.progress);
      }),
      options.engine.on('status', (status) => {
        if (this.job?.state === 'running' && status.state === 'crashed') {
          this.end('failed', `The ML engine stopped during training${status.detail ? ` (${status.detail})` : ''}; nothing was saved. Start again when it is back.`);
        }
      }),
    ];
  }

  current(): TrainingJob | null {
    return this.job === undefined ? null : structuredClone(this.job);
  }

  async start(store: WorkspaceStore, params: StartParams): Promise<TrainingJob> {
    if (this.job?.state === 'running') {
      throw new ContractError('invalid-input', 'A training job is already running: wait for it or cancel it first.');
    }
    const set = buildTrainingSet(store.allClips(), store.annotatorVotes(), params.selection, params.folds);
    if (set.preview.problem !== null) throw new ContractError('invalid-input', set.preview.problem, 'selection');
    const name = params.name ?? defaultModelName(params.architecture, new Date());
    if (store.listModels().some((m) => m.name === name)) {
      throw new ContractError('invalid-input', `a model named "${name}" already exists in this workspace`, 'name');
    }
    await removeStalePartialModels(store.paths.models);
    const job: TrainingJob = {
      jobId: randomUUID(),
      name,
      state: 'running',
      startedAt: new Date().toISOString(),
      config: { architecture: params.architecture, epochs: params.epochs, folds: params.folds },
      selection: { clips: set.preview.clips, speakers: set.preview.speakers },
      features: null,
      epochs: [],
      folds: [],
    };
    this.job = job;
    this.store = store;
    try {
      await this.options.engine.request('startTraining', {
        jobId: job.jobId,
        clips: set.clips,
        outDir: path.join(store.paths.models, name),
        name,
        cacheDir: store.paths.cache,
        dataLicense: dataLicenseFor([...new Set(set.clips.map((c) => c.dataset))].sort()),
        config: {
          architecture: params.architecture,
          maxEpochs: params.epochs,
          folds: params.folds,
          seed: 1,
          augment: AUGMENTATIONS,
          jobs: this.options.foldJobs ?? Math.max(1, Math.min(params.folds, os.availableParallelism() - 1)),
        },
      });
    } catch (error) {
      this.job = undefined;
      throw error;
    }
    this.options.log(`training ${name}: ${set.preview.clips} clips, ${set.preview.speakers} speakers`);
    this.options.onUpdate(structuredClone(job));
    return structuredClone(job);
  }

  /** Ask the engine to stop the running job; the 'cancelled' event ends it. */
  async cancel(): Promise<boolean> {
    if (this.job?.state !== 'running') return false;
    const { cancelled } = await this.options.engine.request('cancelTraining', { jobId: this.job.jobId });
    return cancelled;
  }

  close(): void {
    for (const off of this.unsubscribe) off();
  }

  private onProgress(progress: TrainingProgress): void {
    const job = this.job;
    if (job === undefined || job.state !== 'running') return;
    switch (progress.type) {
      case 'phase': {
        job.features = { done: progress.done, total: progress.total };
        const now = Date.now();
        if (progress.done < progress.total && now - this.lastFeatureUpdate < FEATURE_UPDATE_MS) return;
        this.lastFeatureUpdate = now;
        break;
      }
      case 'epoch': {
        const { run, epoch, maxEpochs, loss, acc, valUar, etaSec } = progress;
        job.epochs.push({ run, epoch, maxEpochs, loss, acc, ...(valUar !== undefined ? { valUar } : {}) });
        job.etaSec = etaSec;
        break;
      }
      case 'fold':
        job.folds.push(progress.result);
        break;
      case 'finished':
        this.finish(job, progress);
        return;
      case 'failed':
        this.end('failed', progress.message);
        return;
      case 'cancelled':
        this.end('cancelled', 'Training was cancelled; no model was saved.');
        return;
    }
    this.options.onUpdate(structuredClone(job));
  }

  private finish(job: TrainingJob, progress: Extract<TrainingProgress, { type: 'finished' }>): void {
    job.modelDir = progress.modelDir;
    try {
      this.store?.addModel({
        name: job.name,
        dir: progress.modelDir,
        metadata: { architecture: job.config.architecture, meanUar: progress.meanUar, stdUar: progress.stdUar, clips: job.selection.clips },
      });
    } catch (error) {
      // The model folder is complete either way; the workspace list is what failed.
      this.options.log(`could not register model ${job.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (progress.problems.length > 0) {
      job.message = `${progress.problems.length} clip(s) could not be read and were left out (first: ${progress.problems[0].path}: ${progress.problems[0].reason})`;
    }
    this.end('finished');
  }

  private end(state: 'finished' | 'failed' | 'cancelled', message?: string): void {
    const job = this.job;
    if (job === undefined) return;
    job.state = state;
    job.endedAt = new Date().toISOString();
    delete job.etaSec;
    if (message !== undefined) job.message = message;
    this.options.onUpdate(structuredClone(job));
  }
}
