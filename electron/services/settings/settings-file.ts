/**
 * Reading the settings file at startup. A damaged file (invalid JSON, or JSON that
 * breaks the schema) must never stop the app from starting: it is moved aside, so the
 * user's data is kept for inspection, and the app starts from defaults.
 */
import { readFileSync, renameSync } from 'node:fs';
import { defaultSettings, settingsSchema } from './schema.ts';
import type { Settings } from './schema.ts';
import { SettingsValidationError } from './errors.ts';

/** What happened to a settings file that could not be used. */
export interface DamagedSettingsReport {
  /** The settings file that was damaged. */
  readonly path: string;
  /** Where it was moved: `<path>.bad-<timestamp>`. */
  readonly backupPath: string;
  /** Why it could not be used. */
  readonly reason: string;
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** Set when the file was damaged and moved aside; the settings are then the defaults. */
  readonly damaged: DamagedSettingsReport | null;
}

/** Why `text` is not a usable settings document, or its settings. */
function interpretSettingsText(text: string): { settings: Settings } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { reason: `not valid JSON (${(error as Error).message})` };
  }
  const result = settingsSchema.safeParse(json);
  if (result.success) return { settings: result.data };
  return { reason: SettingsValidationError.fromZod(result.error).message };
}

/**
 * The settings stored at `filePath`: defaults when the file does not exist; defaults
 * plus a report when it was damaged (the file is renamed to `<path>.bad-<timestamp>`).
 * Other read errors (permissions, a folder in the way) are thrown: moving the file
 * aside would not fix them.
 */
export function loadSettingsFile(filePath: string, now: Date = new Date()): LoadedSettings {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { settings: defaultSettings(), damaged: null };
    }
    throw error;
  }
  const interpreted = interpretSettingsText(text);
  if ('settings' in interpreted) return { settings: interpreted.settings, damaged: null };
  const backupPath = `${filePath}.bad-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(filePath, backupPath);
  return {
    settings: defaultSettings(),
    damaged: { path: filePath, backupPath, reason: interpreted.reason },
  };
}
