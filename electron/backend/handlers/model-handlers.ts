/** models.*: the built-in and workspace models, one model's evaluation, a confusion cell's clips. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ContractError } from '../../contract.ts';
import type { ModelDetail } from '../../contract.ts';
import { OUT_OF_FOLD_FILE, readOutOfFold } from '../../../training/model/out-of-fold.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import type { BackendContext } from '../context.ts';
import { activeModelDir, listKnownModels, summariseModel, usableModel } from '../model-catalog.ts';

type ModelHandlers = Pick<Handlers, 'models.list' | 'models.get' | 'models.cellClips'>;

async function modelDetail(dir: string): Promise<ModelDetail> {
  const model = await usableModel(dir);
  if (model === undefined) throw new ContractError('not-found', `no readable model in ${dir}`, 'dir');
  const { summary, metadata } = model;
  const { training, evaluation } = metadata;
  return {
    summary,
    architecture: metadata.architecture,
    created: metadata.created,
    dataLicense: metadata.dataLicense,
    training: {
      datasets: training.datasets,
      speakers: training.speakers.length,
      clipCount: training.clipCount,
      epochs: training.epochs,
      ...(training.durationSec !== undefined ? { durationSec: training.durationSec } : {}),
    },
    evaluation:
      evaluation === null
        ? null
        : { protocol: evaluation.protocol, folds: evaluation.folds, meanUar: evaluation.meanUar, stdUar: evaluation.stdUar, pooled: evaluation.pooled },
    // Whether the file is there; reading it is left to the cells that list clips.
    hasOutOfFold: existsSync(path.join(dir, OUT_OF_FOLD_FILE)),
  };
}

/**
 * Model folders under the workspace's models/, registered or not: a job that finished
 * after its workspace was closed could not add its row, but its folder is a whole model
 * (the engine renames it into place only when complete; .partial folders are not).
 */
async function modelFolders(modelsDir: string): Promise<string[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.includes('.partial-')).map((e) => path.join(modelsDir, e.name));
}

export function modelHandlers(ctx: BackendContext): ModelHandlers {
  return {
    'models.list': async () => {
      const store = ctx.workspace.current;
      const workspaceDirs = store === undefined ? [] : [...store.listModels().map((m) => m.dir), ...(await modelFolders(store.paths.models))];
      const active = await summariseModel(activeModelDir(ctx.settings.get().activeModel));
      return { active: active ?? null, models: await listKnownModels(workspaceDirs) };
    },

    'models.get': ({ dir }) => modelDetail(path.resolve(dir)),

    'models.cellClips': async ({ dir, truth, predicted }) => {
      const store = ctx.workspace.require();
      const outOfFold = await readOutOfFold(path.resolve(dir));
      if (outOfFold === undefined) {
        throw new ContractError('not-found', 'this model has no per-clip cross-validation predictions (it was trained before they were kept)', 'dir');
      }
      const column = outOfFold.labels.indexOf(predicted);
      const ids = store.clipIdsByPath();
      const cell = outOfFold.clips
        .filter((c) => c.truth === truth && c.predicted === predicted)
        .sort((a, b) => (b.probs[column] ?? 0) - (a.probs[column] ?? 0) || a.path.localeCompare(b.path));
      const clipIds = cell.map((c) => ids.get(c.path)).filter((id): id is string => id !== undefined);
      return { clipIds, missing: cell.length - clipIds.length };
    },
  };
}
