/**
 * Speaker-independent training: K-fold cross-validation over speakers (each fold early-
 * stopped on validation speakers from its own training side), then one final model on
 * every speaker for the median best epoch count of the folds. The folds' pooled
 * confusion matrix is the honest estimate of how the final model does on new voices.
 */
import type * as tf from '@tensorflow/tfjs';
import { CANONICAL_LABELS } from './datasets/labels.ts';
import { FEATURE_SPEC, FEATURE_SPEC_HASH } from './features/spec.ts';
import type { CorpusSource, FoldJob, OutOfFoldClip } from './fold-job.ts';
import { runFolds } from './fold-pool.ts';
import { mean, median, standardDeviation } from './math.ts';
import { type EvaluationMetrics, metricsFromConfusion, sumMatrices } from './metrics.ts';
import { WAVEFORM_AUGMENTATIONS, WINDOW_AUGMENTATIONS } from './model/augment.ts';
import type { BackendRequest } from './model/backend.ts';
import type { ModelMetadata } from './model/metadata.ts';
import type { PreparedClip, TrainingClip } from './model/prepare-corpus.ts';
import { type SpeakerFold, speakerFolds } from './splits.ts';
import { fitModel, labelSet } from './train.ts';
import type { TrainConfig, TrainEvent } from './train-config.ts';

export interface CrossValidationRequest {
  clips: PreparedClip[];
  /** Where worker processes reload the same corpus from (the feature cache). */
  source: CorpusSource;
  name: string;
  backend: { name: string; request: BackendRequest };
  /** Parallel fold workers (1 = in this process). */
  jobs: number;
  dataLicense: string;
  config: TrainConfig;
  onEvent?: (event: TrainEvent) => void;
  /**
   * Cancels the training: worker processes are killed, tensors freed, and the promise
   * rejects with the signal's AbortError.
   */
  signal?: AbortSignal;
}

export type { OutOfFoldClip };

export interface CrossValidationResult {
  model: tf.LayersModel;
  metadata: ModelMetadata;
  evaluation: EvaluationMetrics;
  /** Every clip once, predicted by the fold model that did not hear its speaker; fold by fold. */
  outOfFold: { labels: string[]; clips: OutOfFoldClip[] };
}

/**
 * The speaker folds a cross-validation of these clips uses. Throws, in words a user can
 * act on, when the clips cannot make one (one label only, too few speakers), so a caller
 * can say so before spending time on features.
 */
export function crossValidationFolds(clips: readonly TrainingClip[], config: Pick<TrainConfig, 'folds' | 'seed'>): SpeakerFold[] {
  const labels = CANONICAL_LABELS.filter((l) => clips.some((c) => c.label === l));
  if (labels.length < 2) throw new Error(`training needs at least two emotion labels; the data has ${labels.join(', ') || 'none'}`);
  return speakerFolds(clips, config.folds, config.seed);
}

export async function trainWithCrossValidation(request: CrossValidationRequest): Promise<CrossValidationResult> {
  const { clips, config, signal } = request;
  signal?.throwIfAborted();
  const onEvent = request.onEvent ?? (() => undefined);
  const started = Date.now();
  const labels = labelSet(clips);
  const folds = crossValidationFolds(clips.map((c) => c.clip), config);
  const jobs: FoldJob[] = folds.map((fold) => ({ fold, foldCount: folds.length, labels, config }));
  const foldOutputs = await runFolds(jobs, { jobs: request.jobs, backend: request.backend.request, source: request.source, clips, onEvent, signal });
  const foldResults = foldOutputs.map((o) => o.result);

  const finalEpochs = Math.max(1, Math.round(median(foldResults.map((f) => f.bestEpoch))));
  const epochSeconds: number[] = [];
  const finalStarted = Date.now();
  const final = await fitModel(clips, [], labels, config, {
    epochs: finalEpochs,
    seed: config.seed,
    signal,
    onEpoch: (e, seconds) => {
      epochSeconds.push(seconds);
      onEvent({ ...e, run: 'final model', maxEpochs: finalEpochs, etaSec: Math.round(mean(epochSeconds) * (finalEpochs - e.epoch)) });
    },
  });

  const pooled = metricsFromConfusion(labels, sumMatrices(foldOutputs.map((o) => o.confusion)));
  const uars = foldResults.map((f) => f.uar);
  const metadata: ModelMetadata = {
    format: 'ser-studio-model/1',
    name: request.name,
    architecture: config.architecture,
    labels,
    featureSpec: { hash: FEATURE_SPEC_HASH, spec: FEATURE_SPEC },
    input: {
      ...config.input,
      windowSeconds: (config.input.windowFrames * FEATURE_SPEC.hopLength) / FEATURE_SPEC.sampleRate,
      hopSeconds: (config.input.hopFrames * FEATURE_SPEC.hopLength) / FEATURE_SPEC.sampleRate,
    },
    normalisation: final.predictor.normalisation,
    training: {
      datasets: [...new Set(clips.map((c) => c.clip.dataset))].sort(),
      speakers: [...new Set(clips.map((c) => c.clip.speaker))].sort(),
      clipCount: clips.length,
      epochs: finalEpochs,
      seed: config.seed,
      augmentation: [...(request.source.augmentations > 0 ? WAVEFORM_AUGMENTATIONS : []), ...WINDOW_AUGMENTATIONS],
      durationSec: Math.round((Date.now() - started) / 1000),
      finalModelSec: Math.round((Date.now() - finalStarted) / 1000),
    },
    evaluation: {
      protocol:
        `${folds.length}-fold speaker-independent cross-validation: whole speakers held out per fold, ` +
        `early stopping on ${folds[0].validationSpeakers.length} validation speakers from each training side; ` +
        'clip predictions pooled over 2 s windows; the final model is trained on all speakers for the median best epoch',
      folds: foldResults,
      pooled,
      meanUar: mean(uars),
      stdUar: standardDeviation(uars),
    },
    backend: request.backend.name,
    created: new Date().toISOString(),
    dataLicense: request.dataLicense,
  };
  return {
    model: final.predictor.model,
    metadata,
    evaluation: pooled,
    outOfFold: { labels, clips: foldOutputs.flatMap((o) => o.outOfFold) },
  };
}
