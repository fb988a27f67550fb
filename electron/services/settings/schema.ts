/**
 * The shape of SER Studio's settings, their defaults and the rules every value obeys.
 * Both settings adapters (plain Node through conf, Electron through electron-store)
 * validate through these schemas, so a settings file means the same thing everywhere.
 */
import path from 'node:path';
import { z } from 'zod';
import { GOAL_PROFILES } from '../../../training/practice/live-update.ts';

/** Every action a hotkey can trigger in the labelling views. */
export const HOTKEY_ACTIONS = [
  'playPause',
  'label1',
  'label2',
  'label3',
  'label4',
  'label5',
  'label6',
  'label7',
  'label8',
  'label9',
  'intensityNormal',
  'intensityStrong',
  'flagAmbiguous',
  'note',
  'reason',
  'next',
  'previous',
  'undo',
  'help',
] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];
export type Hotkeys = Record<HotkeyAction, string>;

export const DEFAULT_HOTKEYS: Readonly<Hotkeys> = Object.freeze({
  playPause: ' ',
  label1: '1',
  label2: '2',
  label3: '3',
  label4: '4',
  label5: '5',
  label6: '6',
  label7: '7',
  label8: '8',
  label9: '9',
  intensityNormal: 'shift+1',
  intensityStrong: 'shift+2',
  flagAmbiguous: 'a',
  note: 'n',
  reason: 'r',
  next: 'j',
  previous: 'k',
  undo: 'ctrl+z',
  help: '?',
});

/** Most recent workspaces kept; older ones fall off the end. */
export const RECENT_WORKSPACES_LIMIT = 10;

export const THEMES = ['system', 'light', 'dark'] as const;

/** A key as the renderer spells it ('j', 'shift+1', ' ' for space); never empty. */
const hotkeyKey = z.string().min(1, 'a hotkey cannot be empty');

/**
 * The first pair of actions bound to the same key, or null. Keys are compared exactly
 * as written, so 'A' and 'a' are different keys.
 */
export function findHotkeyConflict(
  hotkeys: Readonly<Hotkeys>,
): { key: string; first: HotkeyAction; second: HotkeyAction } | null {
  const owner = new Map<string, HotkeyAction>();
  for (const action of HOTKEY_ACTIONS) {
    const key = hotkeys[action];
    const first = owner.get(key);
    if (first !== undefined) return { key, first, second: action };
    owner.set(key, action);
  }
  return null;
}

function hotkeyFields<T extends z.ZodType>(
  field: (action: HotkeyAction) => T,
): Record<HotkeyAction, T> {
  return Object.fromEntries(HOTKEY_ACTIONS.map((action) => [action, field(action)])) as Record<
    HotkeyAction,
    T
  >;
}

/**
 * A settings file written before an action existed lacks its key. Give it the default,
 * or, when the user already bound that key to something else, the first free variant
 * (Shift+, then Alt+): an upgrade must never turn a valid file into a conflicting one.
 */
function withNewActionsBound(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return stored;
  const hotkeys = { ...(stored as Record<string, unknown>) };
  const taken = new Set(Object.values(hotkeys));
  for (const action of HOTKEY_ACTIONS) {
    if (hotkeys[action] !== undefined) continue;
    const key = DEFAULT_HOTKEYS[action];
    const free = [key, `shift+${key}`, `alt+${key}`].find((candidate) => !taken.has(candidate));
    if (free === undefined) continue; // left to the default; the conflict check will name it
    hotkeys[action] = free;
    taken.add(free);
  }
  return hotkeys;
}

/**
 * Hotkeys with a per-action default, so a file written before an action existed still
 * loads (the new action gets its default) instead of counting as damaged.
 */
const hotkeysSchema = z
  .preprocess(withNewActionsBound, z.object(hotkeyFields((action) => hotkeyKey.default(DEFAULT_HOTKEYS[action]))))
  .superRefine((hotkeys, ctx) => {
    const conflict = findHotkeyConflict(hotkeys);
    if (conflict) {
      ctx.addIssue({
        code: 'custom',
        message: `"${conflict.first}" and "${conflict.second}" are both bound to ${JSON.stringify(conflict.key)}`,
      });
    }
  });

/** Absolute, and normalised (no trailing slash, no '..') so duplicates are found. */
const absolutePath = z
  .string()
  .refine((dir) => path.isAbsolute(dir), 'must be an absolute path')
  .transform((dir) => path.resolve(dir));

const recentWorkspacesSchema = z
  .array(absolutePath)
  .max(RECENT_WORKSPACES_LIMIT, `keeps at most ${RECENT_WORKSPACES_LIMIT} workspaces`)
  .refine((dirs) => new Set(dirs).size === dirs.length, 'lists a workspace twice');

const wordsPerMinute = z.number().positive('must be above 0').max(1000, 'must be at most 1000');

const paceTargetSchema = z
  .tuple([wordsPerMinute, wordsPerMinute])
  .refine(([min, max]) => min <= max, 'the minimum must not exceed the maximum');

const goalProfileSchema = z.enum(GOAL_PROFILES);
const microphoneDeviceSchema = z.string().min(1).nullable();

const practiceSchema = z.object({
  goalProfile: goalProfileSchema.default('calm-confident'),
  paceTargetWpm: paceTargetSchema.default([140, 160]),
  microphoneDevice: microphoneDeviceSchema.default(null),
});

/** Whether the first-run screen (workspace, name, microphone, goal, data) was finished or skipped. */
const firstRunSchema = z.object({ completed: z.boolean() });

/**
 * A settings file written before first run existed (no `firstRun` key) belongs to someone
 * who already used the app when it names a workspace they opened: they are not shown the
 * first-run screen again. A file without workspaces (and a fresh install) gets the default,
 * not completed. Only the missing key is filled in; a stored value is never changed.
 */
function withUpgradedFirstRun(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || 'firstRun' in stored) return stored;
  const recent = (stored as { recentWorkspaces?: unknown }).recentWorkspaces;
  return Array.isArray(recent) && recent.length > 0 ? { ...stored, firstRun: { completed: true } } : stored;
}

/** The whole settings document, as stored on disk; every field has a default. */
export const settingsSchema = z.preprocess(withUpgradedFirstRun, z.object({
  annotator: z.string().default(''),
  hotkeys: hotkeysSchema.default({ ...DEFAULT_HOTKEYS }),
  recentWorkspaces: recentWorkspacesSchema.default([]),
  activeModel: z.string().min(1).nullable().default(null),
  practice: practiceSchema.default({
    goalProfile: 'calm-confident',
    paceTargetWpm: [140, 160],
    microphoneDevice: null,
  }),
  theme: z.enum(THEMES).default('system'),
  firstRun: firstRunSchema.default({ completed: false }),
}));
export type Settings = z.output<typeof settingsSchema>;
export type PracticeSettings = Settings['practice'];

/**
 * What a caller may change in one update. Nested objects are partial (they merge into
 * the current value); unknown keys are rejected so a typo is an error, not a no-op.
 * No defaults here: a missing field means "keep", and the merged result is checked
 * against `settingsSchema` as a whole (hotkey conflicts, pace range, path rules).
 */
export const settingsPatchSchema = z.strictObject({
  annotator: z.string().optional(),
  hotkeys: z.strictObject(hotkeyFields(() => hotkeyKey.optional())).optional(),
  recentWorkspaces: z.array(z.string()).optional(),
  activeModel: z.string().nullable().optional(),
  practice: z
    .strictObject({
      goalProfile: goalProfileSchema.optional(),
      paceTargetWpm: z.tuple([wordsPerMinute, wordsPerMinute]).optional(),
      microphoneDevice: microphoneDeviceSchema.optional(),
    })
    .optional(),
  theme: z.enum(THEMES).optional(),
  firstRun: firstRunSchema.strict().optional(),
});
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** A fresh copy of the settings a first run starts with. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
