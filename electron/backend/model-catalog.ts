/**
 * Which models the app knows and which one predicts. The active model is a setting
 * (settings.activeModel, an absolute model folder); when unset, the model shipped in
 * resources/models/default is used. Workspace models come from the workspace's models table.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readModelMetadata } from '../../training/model/metadata.ts';
import { DEFAULT_MODEL_DIR } from '../../training/paths.ts';
import type { ModelSummary } from '../contract.ts';

/** A summary of the model in `dir`, or undefined when it is missing or unreadable. */
export async function summariseModel(dir: string): Promise<ModelSummary | undefined> {
  if (!existsSync(path.join(dir, 'metadata.json'))) return undefined;
  try {
    const metadata = await readModelMetadata(dir);
    return {
      dir,
      name: dir === DEFAULT_MODEL_DIR ? 'default (RAVDESS)' : metadata.name,
      labels: metadata.labels,
      uar: metadata.evaluation?.meanUar,
      builtIn: dir === DEFAULT_MODEL_DIR,
    };
  } catch {
    return undefined;
  }
}

export function activeModelDir(activeSetting: string | null): string {
  return activeSetting ?? DEFAULT_MODEL_DIR;
}

/** The built-in model and the workspace's models, skipping any whose folder is gone. */
export async function listKnownModels(workspaceModelDirs: readonly string[]): Promise<ModelSummary[]> {
  const dirs = [...new Set([DEFAULT_MODEL_DIR, ...workspaceModelDirs])];
  const summaries = await Promise.all(dirs.map(summariseModel));
  return summaries.filter((s): s is ModelSummary => s !== undefined);
}
