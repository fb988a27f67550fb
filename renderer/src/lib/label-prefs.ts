/**
 * The Label view's own preferences (autoplay, advance after label, playback speed), kept
 * in localStorage: they are per machine and per person at the keyboard, not workspace
 * settings. Storage may be missing or throw (private mode, quota); defaults apply then.
 */

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The page's localStorage, or undefined where reading it throws (sandboxed pages). */
export function browserStorage(): StorageLike | undefined {
  try {
    return (globalThis as { localStorage?: StorageLike }).localStorage;
  } catch {
    return undefined;
  }
}

export const PREF_KEYS = {
  autoplay: 'ser.label.autoplayOnNext',
  advance: 'ser.label.advanceAfterLabel',
  rate: 'ser.label.playbackRate',
} as const;

export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

export function readFlag(
  storage: StorageLike | undefined,
  key: string,
  fallback: boolean,
): boolean {
  try {
    const value = storage?.getItem(key);
    if (value === 'true') return true;
    if (value === 'false') return false;
  } catch {
    // unreadable storage: the default applies
  }
  return fallback;
}

export function readRate(storage: StorageLike | undefined, key: string): number {
  try {
    const value = Number(storage?.getItem(key));
    if ((PLAYBACK_RATES as readonly number[]).includes(value)) return value;
  } catch {
    // unreadable storage: normal speed
  }
  return 1;
}

export function writePref(
  storage: StorageLike | undefined,
  key: string,
  value: boolean | number,
): void {
  try {
    storage?.setItem(key, String(value));
  } catch {
    // full or blocked storage: the choice lasts for this session only
  }
}
