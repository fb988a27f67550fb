/**
 * What the engine does for each method. Prediction goes through the same training/
 * functions as `ser predict` (loadModel, computeClipFrames, predictClip), so the app
 * and the CLI give the same numbers for the same file and model.
 *
 * Failures are sorted by where they happen: anything while loading the model is a
 * 'model' error, an InputFileError while reading the audio is an 'input-file' error,
 * and the rest is left to the caller to report as 'internal'.
 */
import path from 'node:path';
import { describeError, InputFileError } from '../../training/errors.ts';
import { FEATURE_SPEC } from '../../training/features/spec.ts';
import { backendSummary, type BackendChoice } from '../../training/model/backend.ts';
import { argmax, predictClip as predictClipWith, predictorOf } from '../../training/model/inference.ts';
import { readModelMetadata } from '../../training/model/metadata.ts';
import type { LoadedModel } from '../../training/model/model-io.ts';
import type { ModelMetadata } from '../../training/model/metadata.ts';
import type { ClipFrames } from '../../training/model/model-input.ts';
import { clipFramesFor } from './clip-frames-for.ts';
import { EngineRequestError } from './errors.ts';
import type { LiveStreams } from './live-streams.ts';
import type { ModelCache } from './model-cache.ts';
import type { TrainingJobs } from './training-jobs.ts';
import type { EngineMethod, EngineParams, EngineRequest, EngineResult, LogLevel } from './protocol.ts';

export interface EngineContext {
  backend: BackendChoice;
  models: ModelCache;
  /** Live streams (practice mode), fed by 'audio' messages. */
  streams: LiveStreams;
  /** The background training job (startTraining, cancelTraining). */
  training: TrainingJobs;
  log: (level: LogLevel, message: string) => void;
}

/** Seconds per feature frame. */
const FRAME_SEC = FEATURE_SPEC.hopLength / FEATURE_SPEC.sampleRate;

async function loadingModel<T>(dir: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const message = error instanceof InputFileError ? error.message : `cannot load the model in ${dir}: ${describeError(error)}`;
    throw new EngineRequestError('model', message);
  }
}

async function readingAudio(load: () => Promise<ClipFrames>): Promise<ClipFrames> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof InputFileError) throw new EngineRequestError('input-file', error.message);
    throw error;
  }
}

function status(context: EngineContext): EngineResult<'status'> {
  return { backend: context.backend.name, reason: backendSummary(context.backend), models: context.models.dirs(), pid: process.pid };
}

async function predictClip(params: EngineParams<'predictClip'>, context: EngineContext): Promise<EngineResult<'predictClip'>> {
  const loaded: LoadedModel = await loadingModel(params.modelDir, () => context.models.get(params.modelDir));
  const frames = await readingAudio(() => clipFramesFor(params.path, params.cacheDir, (message) => context.log('warn', message)));
  const { labels, input, name } = loaded.metadata;
  const prediction = predictClipWith(predictorOf(loaded), frames);
  const lastFrame = frames.logMel.rows;
  return {
    modelName: name,
    labels,
    probs: prediction.probs,
    label: labels[argmax(prediction.probs)],
    hasSpeech: prediction.hasSpeech,
    windows: prediction.windows.map((w) => ({
      startSec: w.startFrame * FRAME_SEC,
      endSec: Math.min(w.startFrame + input.windowFrames, lastFrame) * FRAME_SEC,
      probs: Array.from(w.probs),
      speechFraction: w.speechFraction,
    })),
  };
}

/** The parts of metadata.json a model list or model page shows. */
function modelSummary(dir: string, metadata: ModelMetadata): EngineResult<'modelInfo'> {
  const { training, evaluation } = metadata;
  return {
    dir,
    name: metadata.name,
    architecture: metadata.architecture,
    labels: metadata.labels,
    created: metadata.created,
    trainedOn: metadata.backend,
    dataLicense: metadata.dataLicense,
    windowSeconds: metadata.input.windowSeconds,
    hopSeconds: metadata.input.hopSeconds,
    training: { datasets: training.datasets, speakers: training.speakers.length, clipCount: training.clipCount, epochs: training.epochs },
    evaluation:
      evaluation === null
        ? null
        : { protocol: evaluation.protocol, folds: evaluation.folds.length, meanUar: evaluation.meanUar, stdUar: evaluation.stdUar, pooled: evaluation.pooled },
  };
}

async function modelInfo(params: EngineParams<'modelInfo'>): Promise<EngineResult<'modelInfo'>> {
  const dir = path.resolve(params.modelDir);
  return modelSummary(dir, await loadingModel(dir, () => readModelMetadata(dir)));
}

/** A live stream with the model in `modelDir` (held by the model cache, like predictions' models). */
async function startStream(params: EngineParams<'startStream'>, context: EngineContext): Promise<EngineResult<'startStream'>> {
  const loaded = await loadingModel(params.modelDir, () => context.models.get(params.modelDir));
  return context.streams.start(params, predictorOf(loaded), loaded.metadata.labels);
}

/** The result of one validated request; throws EngineRequestError or, for bugs, anything. */
export async function handleRequest(request: EngineRequest, context: EngineContext): Promise<EngineResult<EngineMethod>> {
  switch (request.method) {
    case 'status':
      return status(context);
    case 'predictClip':
      return predictClip(request.params, context);
    case 'modelInfo':
      return modelInfo(request.params);
    case 'startStream':
      return startStream(request.params, context);
    case 'stopStream':
      return context.streams.stop(request.params);
    case 'startTraining':
      return context.training.start(request.params);
    case 'cancelTraining':
      return context.training.cancel(request.params);
  }
}
