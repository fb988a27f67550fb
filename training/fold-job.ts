/**
 * One cross-validation fold as a self-contained job: train on the fold's training
 * speakers (early-stopped on its validation speakers), score its test speakers. Runs the
 * same in-process or in a worker process (fold-worker.ts); inputs and result are plain data.
 */
import type { ScannedClip } from './datasets/types.ts';
import { FrameCache } from './features/clip-frames.ts';
import type { FoldResult } from './model/metadata.ts';
import { prepareCorpus, type PreparedClip } from './model/prepare-corpus.ts';
import type { SpeakerFold } from './splits.ts';
import { evaluateClips, fitModel } from './train.ts';
import type { TrainConfig, TrainEvent } from './train-config.ts';

export interface FoldJob {
  fold: SpeakerFold;
  foldCount: number;
  labels: string[];
  config: TrainConfig;
}

export interface FoldJobResult {
  result: FoldResult;
  /** Test-speaker confusion matrix (rows true, columns predicted), pooled across folds later. */
  confusion: number[][];
}

/** What a worker needs to rebuild the prepared corpus from the feature cache. */
export interface CorpusSource {
  clips: ScannedClip[];
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
): Promise<FoldJobResult> {
  const { fold, config, labels } = job;
  const inSet = (speakers: string[]) => clips.filter((c) => speakers.includes(c.clip.speaker));
  const run = `fold ${fold.index + 1}/${job.foldCount}`;
  const epochSeconds: number[] = [];
  const fit = await fitModel(inSet(fold.trainSpeakers), inSet(fold.validationSpeakers), labels, config, {
    epochs: config.maxEpochs,
    seed: config.seed + 1000 * (fold.index + 1),
    onEpoch: (e, seconds) => {
      epochSeconds.push(seconds);
      const perEpoch = epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length;
      onEvent({ ...e, run, etaSec: Math.round(perEpoch * (config.maxEpochs - e.epoch)) });
    },
  });
  const metrics = evaluateClips(fit.predictor, inSet(fold.testSpeakers), labels);
  fit.predictor.model.dispose();
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
  };
}
