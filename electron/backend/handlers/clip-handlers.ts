/** clips.*: the Library's pages and facets, one clip with its history, its prediction. */
import { ContractError } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import type { BackendContext } from '../context.ts';
import { activeModelDir, summariseModel } from '../model-catalog.ts';

type ClipHandlers = Pick<Handlers, 'clips.list' | 'clips.facets' | 'clips.get' | 'clips.predict'>;

function requireClip(ctx: BackendContext, clipId: string) {
  const clip = ctx.workspace.require().getClip(clipId);
  if (clip === undefined) throw new ContractError('not-found', `no clip ${clipId} in this workspace`, 'clipId');
  return clip;
}

export function clipHandlers(ctx: BackendContext): ClipHandlers {
  return {
    'clips.list': (filter) => ctx.workspace.require().listClips(filter),

    'clips.facets': ({ annotator }) => {
      const store = ctx.workspace.require();
      return { counts: store.countsByLabel(annotator), ...store.facets() };
    },

    'clips.get': ({ clipId }) => {
      const store = ctx.workspace.require();
      const clip = requireClip(ctx, clipId);
      const current = store.currentLabel(clipId);
      const base = `${ctx.mediaBaseUrl}/media`;
      return {
        clip: current === undefined ? clip : { ...clip, current },
        history: store.clipHistory(clipId),
        media: {
          audio: `${base}/audio/${clipId}`,
          peaks: `${base}/peaks/${clipId}`,
          spectrogram: `${base}/spectrogram/${clipId}`,
        },
      };
    },

    'clips.predict': async ({ clipId }) => {
      const clip = requireClip(ctx, clipId);
      const modelDir = activeModelDir(ctx.settings.get().activeModel);
      const model = await summariseModel(modelDir);
      if (model === undefined) return null;
      const prediction = await ctx.engine.request('predictClip', {
        modelDir,
        path: clip.path,
        cacheDir: ctx.workspace.require().paths.cache,
      });
      return { model, labels: prediction.labels, probs: prediction.probs };
    },
  };
}
