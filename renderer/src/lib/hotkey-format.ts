/**
 * Keyboard events to hotkey strings and back to what a user reads. The strings are the
 * ones settings store and the defaults use: ' ' (Space), '1'…'9', 'shift+1', 'a', 'j',
 * 'ctrl+z', '?'. The Settings view records hotkeys with `formatKeyEvent` and the Label
 * view matches presses with it, so both always agree.
 *
 * Digits come from `event.code` (the physical key), so Shift+1 is 'shift+1' on every
 * layout rather than '!' on US or '1' on AZERTY. Letters and punctuation come from
 * `event.key`; a punctuation character already says whether Shift was down ('?' is
 * Shift+/ on US but a plain key elsewhere), so it never gets a 'shift+' prefix.
 */

/** The fields of a KeyboardEvent this module reads (a DOM KeyboardEvent satisfies it). */
export interface KeyEventLike {
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Keys that only modify others: pressing one alone is not a hotkey. */
const MODIFIER_KEYS: ReadonlySet<string> = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'Super',
  'Hyper',
  'Fn',
  'FnLock',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Symbol',
  'SymbolLock',
]);

/** Keys that do not say which key it was (dead keys, IME composition). */
const UNUSABLE_KEYS: ReadonlySet<string> = new Set(['', 'Dead', 'Unidentified', 'Process']);

function isLetter(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase();
}

/**
 * The hotkey string for a key press, or null for a bare modifier (or a key that cannot be
 * named). Modifiers come first in a fixed order: ctrl, alt, shift, meta.
 */
export function formatKeyEvent(event: KeyEventLike): string | null {
  const { key, code } = event;
  if (MODIFIER_KEYS.has(key) || UNUSABLE_KEYS.has(key)) return null;

  let base: string;
  /** Whether Shift is part of the name; false when the character already shows it. */
  let shiftCounts = true;
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit && (code.startsWith('Digit') || /^\d$/.test(key))) {
    base = digit[1];
  } else if (key === ' ' || code === 'Space') {
    base = ' ';
  } else if ([...key].length === 1) {
    if (isLetter(key)) base = key.toLowerCase();
    else {
      base = key;
      shiftCounts = false;
    }
  } else {
    base = key.toLowerCase();
  }

  const parts: string[] = [];
  if (event.ctrlKey) parts.push('ctrl');
  if (event.altKey) parts.push('alt');
  if (event.shiftKey && shiftCounts) parts.push('shift');
  if (event.metaKey) parts.push('meta');
  parts.push(base);
  return parts.join('+');
}

const MODIFIER_NAMES: Readonly<Record<string, string>> = {
  ctrl: 'Ctrl',
  alt: 'Alt',
  shift: 'Shift',
  meta: 'Meta',
};

const KEY_NAMES: Readonly<Record<string, string>> = {
  ' ': 'Space',
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
  escape: 'Esc',
  pageup: 'Page Up',
  pagedown: 'Page Down',
};

/** Splits 'ctrl+shift+z' into its modifiers and its key ('ctrl++' is Ctrl and '+'). */
export function parseKey(key: string): { modifiers: string[]; base: string } {
  const modifiers: string[] = [];
  let rest = key;
  for (;;) {
    const match = /^(ctrl|alt|shift|meta)\+(.+)$/s.exec(rest);
    if (!match) break;
    modifiers.push(match[1]);
    rest = match[2];
  }
  return { modifiers, base: rest };
}

/** How a hotkey string is shown: 'Space', 'Shift+1', 'Ctrl+Z', 'J', '?', '←'. */
export function describeKey(key: string): string {
  const { modifiers, base } = parseKey(key);
  let name = KEY_NAMES[base];
  if (name === undefined) {
    if ([...base].length === 1) name = base.toUpperCase();
    else if (/^f\d{1,2}$/.test(base)) name = base.toUpperCase();
    else name = base.charAt(0).toUpperCase() + base.slice(1);
  }
  return [...modifiers.map((modifier) => MODIFIER_NAMES[modifier] ?? modifier), name].join('+');
}
