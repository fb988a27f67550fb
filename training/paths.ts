/**
 * Where runtime resources live. In a checkout: resources/ of the source tree. In the packaged
 * app the code sits in <resources>/app.asar (electron/app-bundle.ts keeps each module's own
 * location there) and electron-builder copies the shipped resources beside it
 * (extraResources in electron-builder.yml), so in every process of the app — main, the
 * engine, its training workers — they are in Electron's resourcesPath. electron/app-paths.ts
 * builds the rest (settings, logs, workspaces) on this.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json: the checkout, or app.asar in the packaged app. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The resources folder of code rooted at `appRoot`; $SER_RESOURCES_DIR overrides it. */
export function resourcesDirFor(appRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.SER_RESOURCES_DIR ??
    (path.basename(appRoot) === 'app.asar'
      ? path.dirname(appRoot)
      : path.join(appRoot, 'resources'))
  );
}

export const RESOURCES_DIR = resourcesDirFor(REPO_ROOT);
/** The shipped model `ser predict` uses when no --model is given. */
export const DEFAULT_MODEL_DIR = path.join(RESOURCES_DIR, 'models', 'default');
