/**
 * Which models the app knows and which one predicts. The active model is a setting
 * (settings.activeModel, an absolute model folder); when unset, the model shipped in
 * resources/models/default is used. Workspace models come from the workspace's models table.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readModelMetadata } from '../../training/model/metadata.ts';
import type { ModelMetadata } from '../../training/model/metadata.ts';
import { DEFAULT_MODEL_DIR } from '../../training/paths.ts';
import type { ModelSummary } from '../contract.ts';

/** A summary of the model in `dir`, or undefined when it is missing or unreadable. */
export async function summariseModel(dir: string): Promise<ModelSummary | undefined> {
  return (await usableModel(dir))?.summary;
}

export function activeModelDir(activeSetting: string | null): string {
  return activeSetting ?? DEFAULT_MODEL_DIR;
}

/** A model that can predict: its folder, what the UI shows of it, and its cache key. */
export interface UsableModel {
  dir: string;
  summary: ModelSummary;
  /**
   * Names this version of the model in the prediction cache: the folder plus the time it
   * was trained, so retraining into the same folder never serves the old model's answers.
   */
  key: string;
  /** Its metadata.json, read once for all of the above (and for callers that need more). */
  metadata: ModelMetadata;
}

/** The model in `dir` when it is there and readable. */
export async function usableModel(dir: string): Promise<UsableModel | undefined> {
  if (!existsSync(path.join(dir, 'metadata.json'))) return undefined;
  let metadata: ModelMetadata;
  try {
    metadata = await readModelMetadata(dir);
  } catch {
    return undefined;
  }
  const summary: ModelSummary = {
    dir,
    name: dir === DEFAULT_MODEL_DIR ? 'default (RAVDESS)' : metadata.name,
    labels: metadata.labels,
    uar: metadata.evaluation?.meanUar,
    builtIn: dir === DEFAULT_MODEL_DIR,
  };
  return { dir, summary, key: `${dir}@${metadata.created}`, metadata };
}

/** The built-in model and the workspace's models, skipping any whose folder is gone. */
export async function listKnownModels(workspaceModelDirs: readonly string[]): Promise<ModelSummary[]> {
  const dirs = [...new Set([DEFAULT_MODEL_DIR, ...workspaceModelDirs])];
  const summaries = await Promise.all(dirs.map(summariseModel));
  return summaries.filter((s): s is ModelSummary => s !== undefined);
}

/** The active model (settings.activeModel, else the shipped one), when it can predict. */
export function activeModel(activeSetting: string | null): Promise<UsableModel | undefined> {
  return usableModel(activeModelDir(activeSetting));
}
