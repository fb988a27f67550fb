/**
 * The settings store inside Electron, backed by electron-store (the file lives in the
 * app's userData folder). ELECTRON ONLY: electron-store imports 'electron', which
 * throws in plain Node, so only electron/main.ts may import this file. Every rule lives
 * in settings-store.ts; this adapter only chooses the backend.
 */
import ElectronStore from 'electron-store';
import type { Settings } from './schema.ts';
import { openSettingsStore, SETTINGS_FILE_NAME } from './settings-store.ts';
import type { SettingsStore } from './settings-store.ts';

export interface ElectronSettingsOptions {
  /** Folder of the settings file; defaults to Electron's userData folder. */
  cwd?: string;
  /** File name without `.json`; defaults to 'settings'. */
  name?: string;
}

/** The settings store for the Electron main process. */
export function createElectronSettingsStore(options: ElectronSettingsOptions = {}): SettingsStore {
  const backend = new ElectronStore<Settings>({
    name: options.name ?? SETTINGS_FILE_NAME,
    cwd: options.cwd,
    clearInvalidConfig: true,
  });
  return openSettingsStore(backend);
}
