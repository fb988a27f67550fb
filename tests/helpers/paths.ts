/** Where tests find the repo, its fixtures and (when present) the shared development data. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures');

/** ../shared beside the repo (DESIGN.md): present on the development machine, maybe not in CI. */
export const SHARED_DIR = process.env.SER_SHARED_DIR ?? path.resolve(REPO_ROOT, '../shared');
export const sharedAvailable = existsSync(path.join(SHARED_DIR, 'reference'));
