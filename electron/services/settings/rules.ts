/**
 * Pure settings computations shared by every adapter: how a patch merges into the
 * current settings and how the recent-workspaces list moves. Adapters only persist.
 */
import path from 'node:path';
import type { z } from 'zod';
import { SettingsValidationError } from './errors.ts';
import { RECENT_WORKSPACES_LIMIT, settingsPatchSchema, settingsSchema } from './schema.ts';
import type { Settings, SettingsPatch } from './schema.ts';

/** `value` parsed by `schema`, or a SettingsValidationError naming the first bad field. */
export function parseSettingsValue<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw SettingsValidationError.fromZod(result.error);
  return result.data;
}

/** The entries of `object` whose value is not undefined (an explicit undefined means "keep"). */
function definedEntries<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/**
 * The settings after `patch`: nested objects (hotkeys, practice) merge field by field,
 * everything else replaces. Throws SettingsValidationError if the patch or the merged
 * result breaks a rule, so callers never persist an invalid document.
 */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const checked = parseSettingsValue(settingsPatchSchema, patch);
  const { hotkeys, practice, ...topLevel } = checked;
  return parseSettingsValue(settingsSchema, {
    ...current,
    ...definedEntries(topLevel),
    hotkeys: { ...current.hotkeys, ...definedEntries(hotkeys ?? {}) },
    practice: { ...current.practice, ...definedEntries(practice ?? {}) },
  });
}

/**
 * The recent-workspaces list after opening `dir`: it moves to the front (most recent
 * first), appears once, and the list keeps at most RECENT_WORKSPACES_LIMIT entries.
 */
export function withRecentWorkspace(recent: readonly string[], dir: string): string[] {
  if (typeof dir !== 'string' || !path.isAbsolute(dir)) {
    throw new SettingsValidationError(
      'recentWorkspaces',
      `must be an absolute path, got ${JSON.stringify(dir)}`,
    );
  }
  const normalised = path.resolve(dir);
  return [normalised, ...recent.filter((entry) => entry !== normalised)].slice(
    0,
    RECENT_WORKSPACES_LIMIT,
  );
}
