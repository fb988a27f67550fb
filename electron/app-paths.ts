/**
 * Where the app keeps things, in each of the three ways it runs:
 *
 * - development: Electron running the sources of a checkout (`npm start`);
 * - browser: plain Node — `ser serve`, or `npm start` where Electron cannot run;
 * - packaged: an installed build (electron-builder.yml), code in <resources>/app.asar.
 *
 * Resources (the default model, licence notices) come from training/paths.ts, which the ML
 * core also uses, so `ser predict`, the engine and this module agree on the default model;
 * the packaged app adds Electron's resourcesPath. Settings and logs follow the library that
 * writes them: electron-store in Electron (app.getPath('userData')), conf in plain Node (the
 * OS config folder of 'ser-studio-nodejs'). The feature cache is not here: training's
 * defaultCacheDir ($SER_CACHE_DIR, else ~/.cache/ser-studio) is the same in all three.
 *
 * Runs in plain Node too, so it never imports electron: main.ts passes in what only Electron
 * knows.
 */
import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import { REPO_ROOT, resourcesDirFor } from '../training/paths.ts';

/** What Electron knows about where the app lives (from `app` and `process`, in main.ts). */
export interface ElectronLocations {
  /** app.isPackaged */
  isPackaged: boolean;
  /** process.resourcesPath: where extraResources are installed. */
  resourcesPath: string;
  /** app.getPath('userData') */
  userData: string;
  /** app.getPath('logs') */
  logs: string;
  /** app.getPath('documents') */
  documents: string;
}

export type AppSituation = 'development' | 'browser' | 'packaged';

export interface AppPaths {
  situation: AppSituation;
  /** Shipped read-only resources. */
  resourcesDir: string;
  /** The model used when none is chosen (`ser predict` without --model; the app's built-in model). */
  defaultModelDir: string;
  /** Licence notices of the corpora shipped models were trained on. */
  licensesDir: string;
  /** Folder of settings.json. */
  settingsDir: string;
  /** Where to propose new workspaces. (Nothing reads it yet: the folder browser starts at home.) */
  workspaceParentDir: string;
  /** Folder for log files. (Nothing writes there yet: the app logs to stdout/stderr.) */
  logsDir: string;
}

/** The project name conf is given (settings-store.ts), hence its folder `ser-studio-nodejs`. */
const NODE_PROJECT_NAME = 'ser-studio';

/** Which situation the process is in: `electron` is null outside Electron. */
export function appSituation(electron: ElectronLocations | null): AppSituation {
  if (electron === null) return 'browser';
  return electron.isPackaged ? 'packaged' : 'development';
}

/**
 * Every location for this process. $SER_RESOURCES_DIR and $SER_SETTINGS_DIR override the
 * resources and settings folders in every situation (tests, portable installs).
 */
export function appPaths(
  electron: ElectronLocations | null,
  env: NodeJS.ProcessEnv = process.env,
): AppPaths {
  const situation = appSituation(electron);
  const resourcesDir =
    electron?.isPackaged === true
      ? (env.SER_RESOURCES_DIR ?? electron.resourcesPath)
      : resourcesDirFor(REPO_ROOT, env);
  // conf's own folders (env-paths), so the answer is where `ser serve` really writes.
  const nodeDirs = envPaths(NODE_PROJECT_NAME);
  return {
    situation,
    resourcesDir,
    defaultModelDir: path.join(resourcesDir, 'models', 'default'),
    licensesDir: path.join(resourcesDir, 'licenses'),
    // An empty SER_SETTINGS_DIR counts as unset, as in cli.ts (conf ignores an empty cwd).
    settingsDir: env.SER_SETTINGS_DIR || (electron?.userData ?? nodeDirs.config),
    workspaceParentDir: electron?.documents ?? os.homedir(),
    logsDir: electron?.logs ?? nodeDirs.log,
  };
}
