/**
 * Where runtime resources live, from the source tree. The packaged app (issue 6) will
 * resolve the same folder through Electron's resourcesPath; this is the one place to change.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESOURCES_DIR = process.env.SER_RESOURCES_DIR ?? path.join(REPO_ROOT, 'resources');
/** The shipped model `ser predict` uses when no --model is given. */
export const DEFAULT_MODEL_DIR = path.join(RESOURCES_DIR, 'models', 'default');
