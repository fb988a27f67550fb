/** models.list: the built-in model, the workspace's models, and which one is active. */
import type { Handlers } from '../../rpc/dispatch.ts';
import type { BackendContext } from '../context.ts';
import { activeModelDir, listKnownModels, summariseModel } from '../model-catalog.ts';

export function modelHandlers(ctx: BackendContext): Pick<Handlers, 'models.list'> {
  return {
    'models.list': async () => {
      const workspaceDirs = ctx.workspace.current?.listModels().map((m) => m.dir) ?? [];
      const active = await summariseModel(activeModelDir(ctx.settings.get().activeModel));
      return { active: active ?? null, models: await listKnownModels(workspaceDirs) };
    },
  };
}
