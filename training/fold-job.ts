/**
 * One cross-validation fold as a self-contained job: train on the fold's training
 * speakers (early-stopped on its validation speakers), score its test speakers. Runs the
 * same in-process or in a worker process (fold-worker.ts); inputs and result are plain data.
 */
import { FrameCache } from './features/clip-frames.ts';
import type { FoldResult } from './model/metadata.ts';
import { prepareCorpus, type PreparedClip, type TrainingClip } from './model/prepare-corpus.ts';
import type { SpeakerFold } from './splits.ts';
import { fitModel, metricsOfPredictions, predictClips } from './train.ts';
import type { TrainConfig, TrainEvent } from './train-config.ts';

export interface FoldJob {
  fold: SpeakerFold;
  foldCount: number;
  labels: string[];
  config: TrainConfig;
}

/**
 * A clip's prediction by the fold model that never heard its speaker: what the clip
 * contributes to the cross-validation estimate, for looking at errors clip by clip.
 */
export interface OutOfFoldClip {
  path: string;
  speaker: string;
  /** 1-based, as FoldResult.fold. */
  fold: number;
  truth: string;
  predicted: string;
  /** Clip probabilities, one per label of the training (its `labels` order). */
  probs: number[];
}

export interface FoldJobResult {
  result: FoldResult;
  /** Test-speaker confusion matrix (rows true, columns predicted), pooled across folds later. */
  confusion: number[][];
  /** Every test clip of the fold, in corpus order. */
  outOfFold: OutOfFoldClip[];
}

/** What a worker needs to rebuild the prepared corpus from the feature cache. */
export interface CorpusSource {
  clips: TrainingClip[];
  augmentations: number;
  seed: number;
  cacheDir: string;
}

export async function loadCorpus(source: CorpusSource): Promise<PreparedClip[]> {
  const { prepared } = await prepareCorpus(source.clips, { ...source, cache: new FrameCache(source.cacheDir) });
  return prepared;
}

export async function runFoldJob(
  job: FoldJob,
  clips: readonly PreparedClip[],
  onEvent: (event: TrainEvent) => void,
  signal?: AbortSignal,
): Promise<FoldJobResult> {
  const { fold, config, labels } = job;
  const inSet = (speakers: string[]) => clips.filter((c) => speakers.includes(c.clip.speaker));
  const run = `fold ${fold.index + 1}/${job.foldCount}`;
  const epochSeconds: number[] = [];
  const fit = await fitModel(inSet(fold.trainSpeakers), inSet(fold.validationSpeakers), labels, config, {
    epochs: config.maxEpochs,
    seed: config.seed + 1000 * (fold.index + 1),
    signal,
    onEpoch: (e, seconds) => {
      epochSeconds.push(seconds);
      const perEpoch = epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length;
      onEvent({ ...e, run, etaSec: Math.round(perEpoch * (config.maxEpochs - e.epoch)) });
    },
  });
  const test = inSet(fold.testSpeakers);
  const predictions = predictClips(fit.predictor, test, labels);
  fit.predictor.model.dispose();
  const metrics = metricsOfPredictions(test, predictions, labels);
  return {
    result: {
      fold: fold.index + 1,
      testSpeakers: fold.testSpeakers,
      validationSpeakers: fold.validationSpeakers,
      trainSpeakers: fold.trainSpeakers,
      bestEpoch: fit.bestEpoch,
      uar: metrics.uar,
      wa: metrics.wa,
      macroF1: metrics.macroF1,
    },
    confusion: metrics.confusion.matrix,
    outOfFold: test.map((c, i) => ({
      path: c.clip.path,
      speaker: c.clip.speaker,
      fold: fold.index + 1,
      truth: c.clip.label,
      predicted: predictions[i].predicted,
      probs: predictions[i].probs,
    })),
  };
}
