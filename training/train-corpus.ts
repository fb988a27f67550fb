/**
 * Training from a list of clips the way `ser train` does it — features through the frame
 * cache with the requested waveform augmentations, speaker-independent cross-validation,
 * the final model — and writing the model folder with its evaluation report. The CLI and
 * the ML engine's training jobs both go through here, so a model trained in the app is
 * the one `ser train` makes from the same clips and settings.
 */
import { trainWithCrossValidation, type CrossValidationResult } from './cross-validate.ts';
import type { ImportProblem } from './datasets/types.ts';
import { FrameCache } from './features/clip-frames.ts';
import type { BackendRequest } from './model/backend.ts';
import { saveModel } from './model/model-io.ts';
import { prepareCorpus, type TrainingClip } from './model/prepare-corpus.ts';
import { writeEvaluationReport } from './report-files.ts';
import type { TrainConfig, TrainEvent } from './train-config.ts';

export interface CorpusTrainingRequest {
  clips: readonly TrainingClip[];
  /** FrameCache folder: features are computed once per clip and variant, and fold workers reload them from here. */
  cacheDir: string;
  /** Waveform-augmented variants per clip. */
  augmentations: number;
  /** The model's name (its folder name, for the CLI). */
  name: string;
  backend: { name: string; request: BackendRequest };
  /** Parallel fold workers (1 = in this process). */
  jobs: number;
  dataLicense: string;
  config: TrainConfig;
  /** After each clip's features. */
  onFeatures?: (done: number, total: number) => void;
  onEvent?: (event: TrainEvent) => void;
  /** Cancels feature computation or training; the promise then rejects with the signal's AbortError. */
  signal?: AbortSignal;
}

export interface CorpusTrainingResult extends CrossValidationResult {
  /** Clips left out because their audio could not be read. */
  problems: ImportProblem[];
}

export async function trainCorpus(request: CorpusTrainingRequest): Promise<CorpusTrainingResult> {
  const { signal } = request;
  const source = { augmentations: request.augmentations, seed: request.config.seed, cacheDir: request.cacheDir };
  const { prepared, problems } = await prepareCorpus(request.clips, {
    ...source,
    cache: new FrameCache(source.cacheDir),
    onProgress: request.onFeatures,
    signal,
  });
  const result = await trainWithCrossValidation({
    clips: prepared,
    source: { ...source, clips: prepared.map((p) => p.clip) },
    name: request.name,
    backend: request.backend,
    jobs: request.jobs,
    dataLicense: request.dataLicense,
    config: request.config,
    onEvent: request.onEvent,
    signal,
  });
  return { ...result, problems };
}

/** Saves the model in `dir` with the report of its cross-validation (confusion.svg, report.md, report.html). */
export async function writeModelFolder(dir: string, result: CrossValidationResult): Promise<void> {
  await saveModel(dir, result.model, result.metadata);
  const evaluation = result.metadata.evaluation;
  if (evaluation) {
    await writeEvaluationReport(
      dir,
      evaluation.pooled,
      `${result.metadata.name}: ${evaluation.folds.length}-fold speaker-independent CV`,
      [
        `Protocol: ${evaluation.protocol}.`,
        `Per-fold UAR: ${evaluation.folds.map((f) => `${(100 * f.uar).toFixed(1)}%`).join(', ')} (mean ${(100 * evaluation.meanUar).toFixed(1)}% ± ${(100 * evaluation.stdUar).toFixed(1)}).`,
      ],
    );
  }
}
