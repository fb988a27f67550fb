/**
 * Predicting a whole workspace in the background (the review queues need every clip
 * scored). Clips go to the engine one request at a time, so a prediction the Label view
 * asks for meanwhile waits behind one clip at most, and the host's event loop only ever
 * awaits. Each answer is cached in the workspace as it arrives: a run stopped half-way
 * (cancel, crash, quit) keeps what it did, and the next run starts where it stopped.
 */
import { describeError } from '../../training/errors.ts';
import type { PredictionRun } from '../contract.ts';
import { EngineRequestError, EngineUnavailableError } from '../engine/engine-client.ts';
import type { EngineClient } from '../engine/engine-client.ts';
import type { WorkspaceStore } from '../services/workspace/store.ts';
import type { UsableModel } from './model-catalog.ts';

/** What a run needs of a model: where it is and its cache key. */
type RunModel = Pick<UsableModel, 'dir' | 'key'>;

/** Times one clip is retried while the engine restarts before the run gives up. */
const ENGINE_RETRIES = 3;
/** Progress events at most this often (the last one is always sent). */
const PROGRESS_INTERVAL_MS = 200;

export interface PredictionRunnerOptions {
  /** Only requests are needed (tests give a stub). */
  engine: Pick<EngineClient, 'request'>;
  onProgress: (run: PredictionRun) => void;
  log: (message: string) => void;
  /** Waits before retrying a clip while the engine restarts; tests shorten it. */
  retryDelayMs?: number;
}

export class PredictionRunner {
  private current: { run: PredictionRun; cancelled: boolean; done: Promise<void> } | undefined;

  constructor(private readonly options: PredictionRunnerOptions) {}

  /** The running or last run, if it was of this model. */
  lastRun(modelDir: string): PredictionRun | null {
    return this.current?.run.modelDir === modelDir ? { ...this.current.run } : null;
  }

  /** Start predicting the clips `model` has not scored; a run already going is returned as is. */
  start(store: WorkspaceStore, model: RunModel): PredictionRun {
    if (this.current?.run.state === 'running') return { ...this.current.run };
    const todo = store.clipsWithoutPrediction(model.key);
    const run: PredictionRun = { state: 'running', modelDir: model.dir, done: 0, total: todo.length, failed: 0 };
    const entry = { run, cancelled: false, done: Promise.resolve() };
    entry.done = this.work(entry, store, model, todo);
    this.current = entry;
    return { ...run };
  }

  /** Ask the running run to stop after the clip in flight; false when none runs. */
  cancel(): boolean {
    if (this.current?.run.state !== 'running') return false;
    this.current.cancelled = true;
    return true;
  }

  /** Resolves when no run is going (shutdown and tests wait for it). */
  async idle(): Promise<void> {
    await this.current?.done;
  }

  private async work(
    entry: { run: PredictionRun; cancelled: boolean },
    store: WorkspaceStore,
    model: RunModel,
    todo: { id: string; path: string }[],
  ): Promise<void> {
    const { run } = entry;
    let lastSent = 0;
    const report = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastSent = now;
      this.options.onProgress({ ...run });
    };
    report(true);
    try {
      for (const clip of todo) {
        if (entry.cancelled) {
          run.state = 'cancelled';
          break;
        }
        const ok = await this.predictOne(store, model, clip);
        if (!ok) run.failed += 1;
        run.done += 1;
        report(false);
      }
      if (run.state === 'running') run.state = 'finished';
    } catch (error) {
      run.state = 'failed';
      run.message = describeError(error);
      this.options.log(`predicting the workspace with ${model.dir} failed: ${run.message}`);
    }
    report(true);
  }

  /** One clip scored and cached; false when its audio cannot be used (the run goes on). */
  private async predictOne(store: WorkspaceStore, model: RunModel, clip: { id: string; path: string }): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        const prediction = await this.options.engine.request('predictClip', { modelDir: model.dir, path: clip.path, cacheDir: store.paths.cache });
        store.savePrediction({ modelKey: model.key, clipId: clip.id, labels: prediction.labels, probs: prediction.probs, hasSpeech: prediction.hasSpeech });
        return true;
      } catch (error) {
        if (error instanceof EngineRequestError && error.code === 'input-file') {
          this.options.log(`prediction skipped: ${error.message}`);
          return false;
        }
        if (!(error instanceof EngineUnavailableError) || attempt >= ENGINE_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1000));
      }
    }
  }
}
