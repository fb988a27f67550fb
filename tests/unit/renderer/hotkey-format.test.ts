import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeKey, formatKeyEvent, parseKey } from '../../../renderer/src/lib/hotkey-format.ts';
import type { KeyEventLike } from '../../../renderer/src/lib/hotkey-format.ts';
import {
  DEFAULT_HOTKEYS,
  HOTKEY_ACTIONS as CONTRACT_ACTIONS,
} from '../../../electron/services/settings/schema.ts';
import {
  HOTKEY_ACTIONS,
  describeHotkeyAction,
  humanizeHotkeyMessage,
} from '../../../renderer/src/lib/settings-hotkeys.ts';

function press(key: string, code: string, mods: Partial<KeyEventLike> = {}): string | null {
  return formatKeyEvent({
    key,
    code,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
  });
}

test('produces exactly the strings the default hotkeys use', () => {
  assert.equal(press(' ', 'Space'), ' ');
  for (let d = 1; d <= 9; d++) assert.equal(press(String(d), `Digit${d}`), String(d));
  assert.equal(press('a', 'KeyA'), 'a');
  assert.equal(press('n', 'KeyN'), 'n');
  assert.equal(press('j', 'KeyJ'), 'j');
  assert.equal(press('k', 'KeyK'), 'k');
  assert.equal(press('z', 'KeyZ', { ctrlKey: true }), 'ctrl+z');
  // '?' is Shift+/ on a US keyboard: the character already says Shift.
  assert.equal(press('?', 'Slash', { shiftKey: true }), '?');
});

test('Shift+digit is named from the physical key on any layout', () => {
  assert.equal(press('!', 'Digit1', { shiftKey: true }), 'shift+1'); // US
  assert.equal(press('"', 'Digit2', { shiftKey: true }), 'shift+2'); // UK
  assert.equal(press('1', 'Digit1', { shiftKey: true }), 'shift+1'); // AZERTY: Shift gives the digit
  assert.equal(press('&', 'Digit1'), '1'); // AZERTY unshifted
  assert.equal(press('7', 'Numpad7'), '7');
  assert.equal(press('Home', 'Numpad7'), 'home', 'numpad without NumLock is a named key');
});

test('letters are lower case with shift as a modifier; caps lock does not matter', () => {
  assert.equal(press('A', 'KeyA', { shiftKey: true }), 'shift+a');
  assert.equal(press('A', 'KeyA'), 'a');
  assert.equal(press('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }), 'ctrl+shift+z');
  assert.equal(press('é', 'Digit2'), '2', 'a digit key is its digit even when it types a letter');
});

test('modifier order is ctrl, alt, shift, meta; named keys are lower case', () => {
  assert.equal(
    press('ArrowLeft', 'ArrowLeft', { altKey: true, ctrlKey: true, shiftKey: true, metaKey: true }),
    'ctrl+alt+shift+meta+arrowleft',
  );
  assert.equal(press('Enter', 'Enter'), 'enter');
  assert.equal(press('F2', 'F2'), 'f2');
  assert.equal(press(' ', 'Space', { shiftKey: true }), 'shift+ ');
  assert.equal(press('+', 'Equal', { ctrlKey: true, shiftKey: true }), 'ctrl++');
});

test('bare modifiers and unnamed keys give null', () => {
  for (const key of ['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']) {
    assert.equal(
      press(key, `${key}Left`, { shiftKey: key === 'Shift', ctrlKey: key === 'Control' }),
      null,
      key,
    );
  }
  assert.equal(press('Dead', 'BracketLeft'), null);
  assert.equal(press('Process', 'KeyA'), null);
});

test('every default hotkey is a string formatKeyEvent can produce', () => {
  // The physical key a US keyboard presses for each default, with the modifiers it needs.
  const presses: Record<string, KeyEventLike> = {};
  const plain = { shiftKey: false, ctrlKey: false, metaKey: false, altKey: false };
  for (const [action, key] of Object.entries(DEFAULT_HOTKEYS)) {
    const { modifiers, base } = parseKey(key);
    const code =
      base === ' '
        ? 'Space'
        : /\d/.test(base)
          ? `Digit${base}`
          : base === '?'
            ? 'Slash'
            : `Key${base.toUpperCase()}`;
    const shifted = modifiers.includes('shift') || base === '?';
    const typed =
      base === '?' ? '?' : shifted && base === '1' ? '!' : shifted && base === '2' ? '@' : base;
    presses[action] = {
      ...plain,
      key: typed,
      code,
      shiftKey: shifted,
      ctrlKey: modifiers.includes('ctrl'),
    };
  }
  for (const [action, event] of Object.entries(presses)) {
    assert.equal(
      formatKeyEvent(event),
      DEFAULT_HOTKEYS[action as keyof typeof DEFAULT_HOTKEYS],
      action,
    );
  }
});

test('describeKey shows keys the way people write them', () => {
  assert.equal(describeKey(' '), 'Space');
  assert.equal(describeKey('shift+1'), 'Shift+1');
  assert.equal(describeKey('ctrl+z'), 'Ctrl+Z');
  assert.equal(describeKey('j'), 'J');
  assert.equal(describeKey('?'), '?');
  assert.equal(describeKey('shift+ '), 'Shift+Space');
  assert.equal(describeKey('ctrl++'), 'Ctrl++');
  assert.equal(describeKey('arrowleft'), '←');
  assert.equal(describeKey('f2'), 'F2');
  assert.equal(describeKey('enter'), 'Enter');
  assert.deepEqual(parseKey('ctrl+alt+x'), { modifiers: ['ctrl', 'alt'], base: 'x' });
});

test('every formatted press round-trips to a readable description', () => {
  const cases: Array<[KeyEventLike, string]> = [
    [
      { key: '!', code: 'Digit1', shiftKey: true, ctrlKey: false, metaKey: false, altKey: false },
      'Shift+1',
    ],
    [
      { key: 'z', code: 'KeyZ', shiftKey: false, ctrlKey: true, metaKey: false, altKey: false },
      'Ctrl+Z',
    ],
    [
      { key: ' ', code: 'Space', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false },
      'Space',
    ],
  ];
  for (const [event, shown] of cases) assert.equal(describeKey(formatKeyEvent(event) ?? ''), shown);
});

test('hotkey actions are described, label slots with their label', () => {
  const labels = ['neutral', 'calm', 'happy'];
  assert.equal(describeHotkeyAction('label1', labels), 'Label 1 (neutral)');
  assert.equal(describeHotkeyAction('label3', labels), 'Label 3 (happy)');
  assert.equal(describeHotkeyAction('label9', labels), 'Label 9 (unused)');
  assert.equal(describeHotkeyAction('undo', labels), 'Undo my last label');
  assert.deepEqual(
    HOTKEY_ACTIONS,
    [...CONTRACT_ACTIONS],
    'the table lists the settings actions in order',
  );
  assert.equal(
    new Set(HOTKEY_ACTIONS.map((a) => describeHotkeyAction(a, labels))).size,
    HOTKEY_ACTIONS.length,
  );
});

test('conflict messages name actions the way the table does', () => {
  const labels = ['neutral', 'calm'];
  assert.equal(
    humanizeHotkeyMessage(
      'Invalid setting "hotkeys": "label1" and "next" are both bound to "j"',
      labels,
    ),
    '“Label 1 (neutral)” and “Next clip” are both bound to J',
  );
  assert.equal(
    humanizeHotkeyMessage('"playPause" and "note" are both bound to " "', labels),
    '“Play / pause” and “Add a note” are both bound to Space',
  );
  assert.equal(humanizeHotkeyMessage('"x" is not an action', labels), '"x" is not an action');
});
