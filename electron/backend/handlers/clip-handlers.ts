/** clips.*: the Library's pages and facets, one clip with its history, its prediction. */
import path from 'node:path';
import { ContractError } from '../../contract.ts';
import type { ClipFilter, Prediction } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import { consensusOf } from '../../services/annotation/consensus.ts';
import type { WorkspaceStore } from '../../services/workspace/store.ts';
import type { BackendContext } from '../context.ts';
import { readOutOfFold } from '../../../training/model/out-of-fold.ts';
import { activeModel, summariseModel } from '../model-catalog.ts';
import type { UsableModel } from '../model-catalog.ts';

type ClipHandlers = Pick<Handlers, 'clips.list' | 'clips.facets' | 'clips.get' | 'clips.predict'>;

function requireClip(ctx: BackendContext, clipId: string) {
  const clip = ctx.workspace.require().getClip(clipId);
  if (clip === undefined) throw new ContractError('not-found', `no clip ${clipId} in this workspace`, 'clipId');
  return clip;
}

/** The model queues read the active model's cached predictions unless a model key is given. */
async function withModelKey(ctx: BackendContext, filter: ClipFilter): Promise<ClipFilter> {
  if (filter.review === undefined || filter.model !== undefined) return filter;
  if (filter.review !== 'model-disagrees' && filter.review !== 'uncertain') return filter;
  const model = await activeModel(ctx.settings.get().activeModel);
  if (model === undefined) throw new ContractError('model', 'There is no usable model: pick one in the Train view or Settings.');
  return { ...filter, model: model.key };
}

/** A clip's prediction from the cache, else from the engine (then cached). */
async function predictionOf(ctx: BackendContext, store: WorkspaceStore, model: UsableModel, clipId: string, clipPath: string): Promise<Prediction> {
  const cached = store.getPrediction(model.key, clipId);
  if (cached !== undefined) return { model: model.summary, labels: cached.labels, probs: cached.probs };
  const prediction = await ctx.engine.request('predictClip', { modelDir: model.dir, path: clipPath, cacheDir: store.paths.cache });
  // The workspace may have changed while the engine worked: cache only into the one asked.
  if (ctx.workspace.current === store) {
    store.savePrediction({ modelKey: model.key, clipId, labels: prediction.labels, probs: prediction.probs, hasSpeech: prediction.hasSpeech });
  }
  return { model: model.summary, labels: prediction.labels, probs: prediction.probs };
}

/** What a model's cross-validation said of a clip, by the fold model that never heard its speaker. */
async function outOfFoldPrediction(modelDir: string, clipPath: string): Promise<Prediction | null> {
  const model = await summariseModel(modelDir);
  if (model === undefined) throw new ContractError('not-found', `no readable model in ${modelDir}`, 'outOfFoldOf');
  const outOfFold = await readOutOfFold(modelDir);
  const entry = outOfFold?.clips.find((c) => c.path === clipPath);
  if (outOfFold === undefined || entry === undefined) return null;
  return { model, labels: outOfFold.labels, probs: entry.probs, fold: entry.fold };
}

export function clipHandlers(ctx: BackendContext): ClipHandlers {
  return {
    'clips.list': async (filter) => {
      const store = ctx.workspace.require();
      return store.listClips(await withModelKey(ctx, filter));
    },

    'clips.facets': ({ annotator }) => {
      const store = ctx.workspace.require();
      return { counts: store.countsByLabel(annotator), ...store.facets() };
    },

    'clips.get': ({ clipId }) => {
      const store = ctx.workspace.require();
      const clip = requireClip(ctx, clipId);
      const current = store.currentLabel(clipId);
      const annotators = store.annotatorLabels(clipId);
      const base = `${ctx.mediaBaseUrl}/media`;
      return {
        clip: current === undefined ? clip : { ...clip, current },
        history: store.clipHistory(clipId),
        media: {
          audio: `${base}/audio/${clipId}`,
          peaks: `${base}/peaks/${clipId}`,
          spectrogram: `${base}/spectrogram/${clipId}`,
        },
        annotators,
        consensus: consensusOf(annotators.map((event) => event.label)),
      };
    },

    'clips.predict': async ({ clipId, outOfFoldOf }) => {
      const store = ctx.workspace.require();
      const clip = requireClip(ctx, clipId);
      if (outOfFoldOf !== undefined) return outOfFoldPrediction(path.resolve(outOfFoldOf), clip.path);
      const model = await activeModel(ctx.settings.get().activeModel);
      if (model === undefined) return null;
      return predictionOf(ctx, store, model, clipId, clip.path);
    },
  };
}
