/** The app's version, from package.json (one source of truth for the UI, logs and builds). */
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './paths.ts';

function readVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : '0.0.0';
}

export const APP_VERSION = readVersion();
