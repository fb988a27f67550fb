import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_HOTKEYS, HOTKEY_ACTIONS } from '../../../electron/services/settings/schema.ts';
import type { Hotkeys } from '../../../electron/services/settings/schema.ts';
import { formatKeyEvent } from '../../../renderer/src/lib/hotkey-format.ts';
import {
  FIXED_KEYS,
  HELP_SECTIONS,
  LABEL_ACTIONS,
  allowsRepeat,
  buildKeymap,
  keyBelongsElsewhere,
  keyBelongsToTarget,
  labelForAction,
  resolveAction,
} from '../../../renderer/src/lib/hotkeys.ts';
import type { KeyPress } from '../../../renderer/src/lib/hotkeys.ts';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';

/** A key press as a US keyboard produces it. */
function press(key: string, code: string, mods: Partial<KeyPress> = {}) {
  return { key, code, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods };
}

function actionOf(keymap: ReturnType<typeof buildKeymap>, event: ReturnType<typeof press>) {
  return resolveAction(keymap, formatKeyEvent(event), event);
}

describe('resolveAction with the default bindings', () => {
  const keymap = buildKeymap(DEFAULT_HOTKEYS);

  it('maps the keys of the brief to their actions', () => {
    assert.equal(actionOf(keymap, press(' ', 'Space')), 'playPause');
    assert.equal(actionOf(keymap, press('3', 'Digit3')), 'label3');
    assert.equal(actionOf(keymap, press('9', 'Digit9')), 'label9');
    assert.equal(actionOf(keymap, press('!', 'Digit1', { shiftKey: true })), 'intensityNormal');
    assert.equal(actionOf(keymap, press('@', 'Digit2', { shiftKey: true })), 'intensityStrong');
    assert.equal(actionOf(keymap, press('a', 'KeyA')), 'flagAmbiguous');
    assert.equal(actionOf(keymap, press('n', 'KeyN')), 'note');
    assert.equal(actionOf(keymap, press('j', 'KeyJ')), 'next');
    assert.equal(actionOf(keymap, press('k', 'KeyK')), 'previous');
    assert.equal(actionOf(keymap, press('z', 'KeyZ', { ctrlKey: true })), 'undo');
    assert.equal(actionOf(keymap, press('?', 'Slash', { shiftKey: true })), 'help');
  });

  it('treats Cmd as Ctrl when only the Ctrl binding exists', () => {
    assert.equal(actionOf(keymap, press('z', 'KeyZ', { metaKey: true })), 'undo');
    assert.equal(actionOf(keymap, press('z', 'KeyZ', { metaKey: true, ctrlKey: true })), null);
  });

  it('makes the arrows fixed aliases for next and previous, only without modifiers', () => {
    assert.equal(actionOf(keymap, press('ArrowDown', 'ArrowDown')), 'next');
    assert.equal(actionOf(keymap, press('ArrowRight', 'ArrowRight')), 'next');
    assert.equal(actionOf(keymap, press('ArrowUp', 'ArrowUp')), 'previous');
    assert.equal(actionOf(keymap, press('ArrowLeft', 'ArrowLeft')), 'previous');
    assert.equal(actionOf(keymap, press('ArrowDown', 'ArrowDown', { shiftKey: true })), null);
  });

  it('ignores unbound keys, shifted letters and bare modifiers', () => {
    assert.equal(actionOf(keymap, press('x', 'KeyX')), null);
    assert.equal(actionOf(keymap, press('J', 'KeyJ', { shiftKey: true })), null);
    assert.equal(actionOf(keymap, press('Shift', 'ShiftLeft', { shiftKey: true })), null);
    assert.equal(actionOf(keymap, press('3', 'Digit3', { altKey: true })), null);
  });
});

describe('resolveAction with rebound keys', () => {
  const rebound: Hotkeys = { ...DEFAULT_HOTKEYS, next: 'arrowdown', previous: 'p', label1: 'q' };
  const keymap = buildKeymap(rebound);

  it('follows the bindings and drops the old keys', () => {
    assert.equal(actionOf(keymap, press('q', 'KeyQ')), 'label1');
    assert.equal(actionOf(keymap, press('1', 'Digit1')), null);
    assert.equal(actionOf(keymap, press('p', 'KeyP')), 'previous');
    assert.equal(actionOf(keymap, press('j', 'KeyJ')), null);
  });

  it('lets a binding on an arrow win over the alias', () => {
    const arrowForHelp = buildKeymap({ ...DEFAULT_HOTKEYS, help: 'arrowleft' });
    assert.equal(actionOf(arrowForHelp, press('ArrowLeft', 'ArrowLeft')), 'help');
    assert.equal(actionOf(arrowForHelp, press('ArrowUp', 'ArrowUp')), 'previous');
  });
});

describe('keyBelongsToTarget', () => {
  it('gives every key to text fields and editable content', () => {
    assert.equal(keyBelongsToTarget({ tagName: 'TEXTAREA' }, '3'), true);
    assert.equal(keyBelongsToTarget({ tagName: 'INPUT', type: 'text' }, 'j'), true);
    assert.equal(keyBelongsToTarget({ tagName: 'INPUT', type: 'search' }, ' '), true);
    assert.equal(keyBelongsToTarget({ tagName: 'INPUT' }, 'a'), true);
    assert.equal(keyBelongsToTarget({ tagName: 'DIV', isContentEditable: true }, 'a'), true);
  });

  it('gives sliders and selects only their navigation keys', () => {
    assert.equal(keyBelongsToTarget({ tagName: 'INPUT', type: 'range' }, 'ArrowLeft'), true);
    assert.equal(keyBelongsToTarget({ tagName: 'INPUT', type: 'range' }, '3'), false);
    assert.equal(keyBelongsToTarget({ tagName: 'SELECT' }, 'ArrowDown'), true);
    assert.equal(keyBelongsToTarget({ tagName: 'SELECT' }, ' '), true);
    assert.equal(keyBelongsToTarget({ tagName: 'SELECT' }, '5'), false);
  });

  it('leaves buttons, checkboxes and the page to the view', () => {
    assert.equal(keyBelongsToTarget({ tagName: 'BUTTON' }, ' '), false);
    assert.equal(keyBelongsToTarget({ tagName: 'INPUT', type: 'checkbox' }, ' '), false);
    assert.equal(keyBelongsToTarget({ tagName: 'BODY' }, 'j'), false);
    assert.equal(keyBelongsToTarget(null, 'j'), false);
  });
});

describe('keyBelongsElsewhere', () => {
  /** A page whose querySelector finds an open dialog or nothing, and records what it was asked. */
  function page(dialogOpen: boolean) {
    const asked: string[] = [];
    return {
      asked,
      querySelector: (selectors: string) => {
        asked.push(selectors);
        return dialogOpen ? { tagName: 'DIALOG' } : null;
      },
    };
  }

  it('leaves every key to an open modal dialog', () => {
    const open = page(true);
    assert.equal(keyBelongsElsewhere({ key: 'j', target: { tagName: 'BODY' } }, open), true);
    assert.deepEqual(open.asked, ['dialog[open]']);
  });

  it('otherwise asks whether the focused element needs the key', () => {
    assert.equal(keyBelongsElsewhere({ key: 'j', target: { tagName: 'INPUT', type: 'text' } }, page(false)), true);
    assert.equal(keyBelongsElsewhere({ key: '3', target: { tagName: 'INPUT', type: 'range' } }, page(false)), false);
    assert.equal(keyBelongsElsewhere({ key: 'ArrowLeft', target: { tagName: 'INPUT', type: 'range' } }, page(false)), true);
    assert.equal(keyBelongsElsewhere({ key: 'j', target: { tagName: 'BUTTON' } }, page(false)), false);
  });

  it('gives keys aimed at the window or the document to the view', () => {
    assert.equal(keyBelongsElsewhere({ key: 'j', target: null }, page(false)), false);
    assert.equal(keyBelongsElsewhere({ key: 'j', target: {} }, page(false)), false);
  });
});

describe('labelForAction', () => {
  it('maps label1…label9 to the label list in order', () => {
    assert.deepEqual(
      LABEL_ACTIONS.map((action) => labelForAction(action, CANONICAL_LABELS)),
      CANONICAL_LABELS,
    );
  });

  it('returns null for other actions and for slots past a shorter list', () => {
    assert.equal(labelForAction('undo', CANONICAL_LABELS), null);
    assert.equal(labelForAction('label9', CANONICAL_LABELS.slice(0, 8)), null);
  });
});

describe('help overlay content', () => {
  it('lists every hotkey action exactly once', () => {
    const listed = HELP_SECTIONS.flatMap((section) => [...section.actions]);
    assert.deepEqual([...listed].sort(), [...HOTKEY_ACTIONS].sort());
    assert.equal(new Set(listed).size, listed.length);
  });

  it('names the fixed keys', () => {
    assert.ok(FIXED_KEYS.some((fixed) => fixed.description === 'Next clip'));
  });
});

describe('allowsRepeat', () => {
  it('lets only navigation auto-repeat', () => {
    const repeating = HOTKEY_ACTIONS.filter((action) => allowsRepeat(action));
    assert.deepEqual(repeating, ['next', 'previous']);
  });
});
