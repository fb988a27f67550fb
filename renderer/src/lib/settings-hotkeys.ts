/**
 * What each hotkey action does, in words, for the Settings view's hotkey table and the help
 * overlay. The renderer may import only types from the back end, so its one list of actions
 * is the key set of a Record here: adding an action to the contract without describing it
 * (or keeping one it dropped) is a compile error.
 */
import type { HotkeyAction } from '../../../electron/contract.ts';
import { describeKey } from './hotkey-format.ts';

const DESCRIPTIONS: Readonly<Record<HotkeyAction, string>> = {
  playPause: 'Play / pause',
  label1: 'Label 1',
  label2: 'Label 2',
  label3: 'Label 3',
  label4: 'Label 4',
  label5: 'Label 5',
  label6: 'Label 6',
  label7: 'Label 7',
  label8: 'Label 8',
  label9: 'Label 9',
  intensityNormal: 'Intensity: normal',
  intensityStrong: 'Intensity: strong',
  flagAmbiguous: 'Flag as ambiguous',
  note: 'Add a note',
  reason: 'Reason for my label',
  next: 'Next clip',
  previous: 'Previous clip',
  undo: 'Undo my last label',
  help: 'Show the hotkeys',
};

/** Every action, in the contract's order: the hotkey table's rows, and the label slots' source. */
export const HOTKEY_ACTIONS = Object.keys(DESCRIPTIONS) as HotkeyAction[];

/** 'label1' with labels [neutral, …] → 'Label 1 (neutral)'; others as written above. */
export function describeHotkeyAction(action: HotkeyAction, labels: readonly string[]): string {
  const description = DESCRIPTIONS[action];
  const slot = /^label(\d)$/.exec(action);
  if (slot) {
    const label = labels[Number(slot[1]) - 1];
    return label === undefined ? `${description} (unused)` : `${description} (${label})`;
  }
  return description;
}

/**
 * The back end names actions by id and the key as JSON in its conflict message
 * ('"label1" and "next" are both bound to "j"'); for a user, both are written the way the
 * hotkey table writes them (the row already says it is about hotkeys, so the settings
 * store's 'Invalid setting "hotkeys": ' prefix goes).
 */
export function humanizeHotkeyMessage(message: string, labels: readonly string[]): string {
  return message
    .replace(/^Invalid setting "hotkeys(?:\.[A-Za-z0-9]+)?": /, '')
    .replace(
      /bound to ("(?:[^"\\]|\\.)*")/,
      (_match, json: string) => `bound to ${describeKey(JSON.parse(json) as string)}`,
    )
    .replace(/"([A-Za-z0-9]+)"/g, (quoted, name: string) =>
      (HOTKEY_ACTIONS as string[]).includes(name)
        ? `“${describeHotkeyAction(name as HotkeyAction, labels)}”`
        : quoted,
    );
}
