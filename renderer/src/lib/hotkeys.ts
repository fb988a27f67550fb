/**
 * Which Label-view action a key press triggers. The press is first named by
 * `formatKeyEvent` (hotkey-format.ts, shared with the Settings view so recording and
 * matching agree); this module maps that name through the user's bindings and adds the
 * few fixed keys that are not rebindable. No DOM types here: the view passes the event
 * (and the document), the tests pass plain objects.
 */
import type { HotkeyAction, Hotkeys } from '../../../electron/contract.ts';
import { HOTKEY_ACTIONS } from './settings-hotkeys.ts';

/** The fields of a KeyboardEvent the mapping reads. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat?: boolean;
}

/** The element a key press came from, as far as deciding "is the user typing?" goes. */
export interface KeyTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/**
 * label1…label9 in slot order: labelN sets the N-th label of `app.info`'s list. Taken from
 * the one renderer list of actions (which the compiler holds to the contract's), not written
 * out again.
 */
export const LABEL_ACTIONS: readonly HotkeyAction[] = HOTKEY_ACTIONS.filter((action) =>
  /^label\d$/.test(action),
);

/** Arrow keys always navigate, whatever J/K are rebound to (unless an arrow is bound itself). */
export const NAVIGATION_ALIASES: Readonly<Record<string, 'next' | 'previous'>> = {
  ArrowDown: 'next',
  ArrowRight: 'next',
  ArrowUp: 'previous',
  ArrowLeft: 'previous',
};

export type Keymap = ReadonlyMap<string, HotkeyAction>;

/** Key string → action. The settings schema rejects two actions on one key. */
export function buildKeymap(hotkeys: Readonly<Hotkeys>): Keymap {
  const map = new Map<string, HotkeyAction>();
  for (const [action, key] of Object.entries(hotkeys) as [HotkeyAction, string][]) {
    map.set(key, action);
  }
  return map;
}

function hasModifier(press: KeyPress): boolean {
  return press.shiftKey || press.ctrlKey || press.metaKey || press.altKey;
}

/**
 * The action for a press whose formatted name is `formatted` (null for bare modifiers).
 * Bindings win; then Cmd stands in for Ctrl (so Cmd+Z undoes on macOS while the stored
 * default stays 'ctrl+z'); then the fixed arrow aliases.
 */
export function resolveAction(
  keymap: Keymap,
  formatted: string | null,
  press: KeyPress,
): HotkeyAction | null {
  if (formatted === null) return null;
  const bound = keymap.get(formatted);
  if (bound !== undefined) return bound;
  if (press.metaKey && !press.ctrlKey) {
    const asCtrl = keymap.get(`ctrl+${formatted.replace(/(^|\+)meta\+/, '$1')}`);
    if (asCtrl !== undefined) return asCtrl;
  }
  if (!hasModifier(press)) return NAVIGATION_ALIASES[press.key] ?? null;
  return null;
}

/**
 * Held keys auto-repeat. Stepping through clips by holding J is useful; a held digit
 * writing the same label event dozens of times is not.
 */
export function allowsRepeat(action: HotkeyAction): boolean {
  return action === 'next' || action === 'previous';
}

/** Keys a slider uses itself (Home/End too); a select also opens on Space and Enter. */
const SLIDER_KEYS: ReadonlySet<string> = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);
const SELECT_KEYS: ReadonlySet<string> = new Set([...SLIDER_KEYS, ' ', 'Enter']);

/** Input types that take typed text (every type but these). */
const NON_TEXT_INPUTS: ReadonlySet<string> = new Set([
  'button',
  'checkbox',
  'radio',
  'submit',
  'reset',
  'color',
  'file',
  'image',
  'range',
]);

/**
 * True when the focused control needs this key for itself: any key in a text field (the
 * view must not label while someone types a note or a name), the arrows of a slider or a
 * select. A digit pressed while the speed select or zoom slider has focus still labels.
 */
export function keyBelongsToTarget(target: KeyTarget | null | undefined, key: string): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag === 'SELECT') return SELECT_KEYS.has(key);
  if (tag !== 'INPUT') return false;
  const type = (target.type ?? 'text').toLowerCase();
  if (type === 'range') return SLIDER_KEYS.has(key);
  return !NON_TEXT_INPUTS.has(type);
}

/** What the keydown guard asks of the page (the document answers it). */
export interface DialogHost {
  querySelector(selectors: string): unknown;
}

/**
 * True when a key press that reached the window is not the view's to act on: a modal
 * dialog is open (the shell's workspace dialog, say, owns the keyboard until it closes), or
 * the focused control needs the key itself (keyBelongsToTarget). The views with
 * window-level hotkeys ask this before acting, passing the event and the document.
 */
export function keyBelongsElsewhere(press: { key: string; target: unknown }, page: DialogHost): boolean {
  if (page.querySelector('dialog[open]') !== null) return true;
  return keyBelongsToTarget(asKeyTarget(press.target), press.key);
}

/** An element (anything with a tag name) as keyBelongsToTarget reads it; null for the window or the document. */
function asKeyTarget(target: unknown): KeyTarget | null {
  return typeof target === 'object' && target !== null && 'tagName' in target ? (target as KeyTarget) : null;
}

/** The label a labelN action sets, from the ordered list of `app.info`; null for others. */
export function labelForAction<L extends string>(
  action: HotkeyAction,
  labels: readonly L[],
): L | null {
  const slot = LABEL_ACTIONS.indexOf(action);
  if (slot < 0) return null;
  return labels[slot] ?? null;
}

/** How the help overlay groups the actions, in reading order. */
export const HELP_SECTIONS: readonly { title: string; actions: readonly HotkeyAction[] }[] = [
  { title: 'Listen', actions: ['playPause'] },
  { title: 'Label', actions: LABEL_ACTIONS },
  { title: 'Refine', actions: ['intensityNormal', 'intensityStrong', 'flagAmbiguous', 'note', 'reason'] },
  { title: 'Move', actions: ['next', 'previous', 'undo', 'help'] },
];

/** Keys that are not rebindable, shown at the end of the help overlay. */
export const FIXED_KEYS: readonly { keys: string; description: string }[] = [
  { keys: '↓ / →', description: 'Next clip' },
  { keys: '↑ / ←', description: 'Previous clip' },
  { keys: 'Esc', description: 'Close a dialog, or clear the selection' },
  { keys: 'Ctrl + wheel', description: 'Zoom the waveform' },
];
