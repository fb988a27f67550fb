/** Where things live inside a workspace folder (DESIGN.md §3). */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { WorkspaceOpenError } from './errors.ts';

export interface WorkspacePaths {
  root: string;
  /** The SQLite database: clips, label events, imports, models, sessions. */
  database: string;
  /** Derived data that can be rebuilt (features, waveform peaks). */
  cache: string;
  /** Trained model folders (`models/<name>/`). */
  models: string;
  /** Practice-session audio and timelines. */
  sessions: string;
}

export function workspacePaths(dir: string): WorkspacePaths {
  const root = path.resolve(dir);
  return {
    root,
    database: path.join(root, 'workspace.db'),
    cache: path.join(root, 'cache'),
    models: path.join(root, 'models'),
    sessions: path.join(root, 'sessions'),
  };
}

/** Create the folder and its subfolders where missing; `dir` as the user named it, for errors. */
export function ensureWorkspaceFolders(dir: string, paths: WorkspacePaths): void {
  for (const folder of [paths.root, paths.cache, paths.models, paths.sessions]) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      const reason =
        statSync(folder, { throwIfNoEntry: false })?.isDirectory() === false
          ? `${path.relative(paths.root, folder) || 'it'} exists but is not a folder`
          : `could not create ${folder}: ${error instanceof Error ? error.message : String(error)}`;
      throw new WorkspaceOpenError(dir, reason);
    }
  }
}
