/** app.*, workspace.*, files.*, settings.* and engine.status: the shell's requests. */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import { describeError } from '../../../training/errors.ts';
import { ContractError } from '../../contract.ts';
import type { DirEntry } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import { CLIP_SORTS, LABEL_INTENSITIES } from '../../services/workspace/inputs.ts';
import { APP_VERSION } from '../app-version.ts';
import type { BackendContext } from '../context.ts';

type AppHandlers = Pick<
  Handlers,
  | 'app.info'
  | 'workspace.open'
  | 'files.list'
  | 'files.pickFolder'
  | 'settings.get'
  | 'settings.update'
  | 'settings.resetHotkeys'
  | 'engine.status'
>;

/**
 * Subfolders and CSV manifests of `dir` for the folder browser, folders first. Hidden
 * entries are left out: corpora never live in them and they crowd the list.
 */
async function listFolder(dir: string): Promise<DirEntry[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new ContractError('not-found', `${dir}: ${describeError(error)}`, 'dir');
  }
  return entries
    .filter((e) => !e.name.startsWith('.'))
    .filter((e) => e.isDirectory() || (e.isFile() && e.name.toLowerCase().endsWith('.csv')))
    .map((e) => ({ name: e.name, path: path.join(dir, e.name), isDir: e.isDirectory() }))
    .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
}

function requireAbsolute(dir: string): string {
  if (!path.isAbsolute(dir)) throw new ContractError('invalid-input', 'must be an absolute path', 'dir');
  return path.resolve(dir);
}

export function appHandlers(ctx: BackendContext): AppHandlers {
  return {
    'app.info': () => ({
      version: APP_VERSION,
      mode: ctx.mode,
      nativeFolderDialog: ctx.pickFolder !== undefined,
      labels: [...CANONICAL_LABELS],
      intensities: [...LABEL_INTENSITIES],
      clipSorts: [...CLIP_SORTS],
      homeDir: os.homedir(),
      workspace: ctx.workspace.summary(),
    }),

    'workspace.open': ({ dir }) => {
      const absolute = requireAbsolute(dir);
      ctx.workspace.open(absolute);
      ctx.settings.addRecentWorkspace(absolute);
      const summary = ctx.workspace.summary();
      if (summary === null) throw new ContractError('internal', 'the workspace closed while opening');
      ctx.log(`workspace opened: ${absolute}`);
      return summary;
    },

    'files.list': async ({ dir }) => {
      const target = dir === undefined ? os.homedir() : requireAbsolute(dir);
      const parent = path.dirname(target);
      return { dir: target, parent: parent === target ? null : parent, entries: await listFolder(target) };
    },

    'files.pickFolder': async ({ title }) => {
      if (ctx.pickFolder === undefined) {
        throw new ContractError('unsupported', 'Browser mode has no system dialog; use the folder browser.');
      }
      return { dir: await ctx.pickFolder(title) };
    },

    'settings.get': () => ctx.settings.get(),
    'settings.update': (patch) => ctx.settings.update(patch),
    'settings.resetHotkeys': () => ctx.settings.resetHotkeys(),

    'engine.status': () => ctx.engine.status,
  };
}
