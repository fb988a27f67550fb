/**
 * The settings store: one interface over two persistence adapters. In Electron the
 * file lives in electron-store (electron-settings-store.ts); in plain Node (browser
 * mode, the CLI, tests) it lives in `conf`, the library electron-store is built on.
 * Both hand their backend to `openSettingsStore`, which owns every rule, so the two
 * behave identically.
 */
import { isDeepStrictEqual } from 'node:util';
import Conf from 'conf';
import { applySettingsPatch, withRecentWorkspace } from './rules.ts';
import { DEFAULT_HOTKEYS } from './schema.ts';
import type { Settings, SettingsPatch } from './schema.ts';
import { loadSettingsFile } from './settings-file.ts';
import type { DamagedSettingsReport } from './settings-file.ts';

export type SettingsListener = (settings: Settings) => void;

export interface SettingsStore {
  /** Set when the settings file was damaged at startup, moved aside and replaced by defaults. */
  readonly damagedFile: DamagedSettingsReport | null;
  /** The current settings (a copy: changing it changes nothing). */
  get(): Settings;
  /** Validates the merged result and persists it before returning it; throws SettingsValidationError. */
  update(patch: SettingsPatch): Settings;
  /** Moves `dir` (absolute) to the front of the recent workspaces and persists. */
  addRecentWorkspace(dir: string): Settings;
  /** Restores every hotkey to its default and persists. */
  resetHotkeys(): Settings;
  /** Calls `listener` after each persisted change; returns the unsubscribe function. */
  onChange(listener: SettingsListener): () => void;
}

/**
 * The part of conf (and of electron-store, its subclass) the store relies on. The
 * backend must be built with `clearInvalidConfig: true`, so a damaged file does not
 * throw in its constructor; `loadSettingsFile` then deals with the damage.
 */
export type SettingsBackend = Pick<Conf<Settings>, 'path' | 'store'>;

/** File name (without `.json`) both adapters use, so one install has one settings file. */
export const SETTINGS_FILE_NAME = 'settings';

/** The settings store over an already-built conf-compatible backend. */
export function openSettingsStore(backend: SettingsBackend): SettingsStore {
  const loaded = loadSettingsFile(backend.path);
  let current = loaded.settings;
  const listeners = new Set<SettingsListener>();

  function commit(next: Settings): Settings {
    if (isDeepStrictEqual(next, current)) return structuredClone(current);
    // conf writes synchronously and atomically (write-then-rename), so a crash leaves
    // either the old or the new file; it may add its own keys to what it is given.
    backend.store = structuredClone(next);
    current = next;
    for (const listener of [...listeners]) listener(structuredClone(next));
    return structuredClone(next);
  }

  return {
    damagedFile: loaded.damaged,
    get: () => structuredClone(current),
    update: (patch) => commit(applySettingsPatch(current, patch)),
    addRecentWorkspace: (dir) =>
      commit(
        applySettingsPatch(current, {
          recentWorkspaces: withRecentWorkspace(current.recentWorkspaces, dir),
        }),
      ),
    resetHotkeys: () => commit(applySettingsPatch(current, { hotkeys: { ...DEFAULT_HOTKEYS } })),
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export interface NodeSettingsOptions {
  /** Folder of the settings file; defaults to the OS config folder for 'ser-studio'. */
  cwd?: string;
  /** File name without `.json`; defaults to 'settings'. */
  configName?: string;
}

/** The settings store for plain Node (browser mode, the CLI, tests), backed by conf. */
export function createNodeSettingsStore(options: NodeSettingsOptions = {}): SettingsStore {
  const backend = new Conf<Settings>({
    projectName: 'ser-studio',
    cwd: options.cwd,
    configName: options.configName ?? SETTINGS_FILE_NAME,
    clearInvalidConfig: true,
  });
  return openSettingsStore(backend);
}
