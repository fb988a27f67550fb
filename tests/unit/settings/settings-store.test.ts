import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { SettingsValidationError } from '../../../electron/services/settings/errors.ts';
import { DEFAULT_HOTKEYS, HOTKEY_ACTIONS } from '../../../electron/services/settings/schema.ts';
import type { Settings } from '../../../electron/services/settings/schema.ts';
import { createNodeSettingsStore } from '../../../electron/services/settings/settings-store.ts';
import { tempSettingsDir } from './temp-settings.ts';

test('first run gives the documented defaults and writes no file', async (t) => {
  const cwd = await tempSettingsDir(t);
  const store = createNodeSettingsStore({ cwd });
  const settings = store.get();
  assert.equal(settings.annotator, '');
  assert.equal(settings.hotkeys.playPause, ' ');
  assert.equal(settings.hotkeys.label7, '7');
  assert.equal(settings.hotkeys.intensityStrong, 'shift+2');
  assert.equal(settings.hotkeys.undo, 'ctrl+z');
  assert.deepEqual(Object.keys(settings.hotkeys).sort(), [...HOTKEY_ACTIONS].sort());
  assert.deepEqual(settings.recentWorkspaces, []);
  assert.equal(settings.activeModel, null);
  assert.deepEqual(settings.practice, {
    goalProfile: 'calm-confident',
    paceTargetWpm: [140, 160],
    microphoneDevice: null,
  });
  assert.equal(settings.theme, 'system');
  assert.equal(store.damagedFile, null);
  assert.deepEqual(await readdir(cwd), []);
});

test('an update is persisted and seen by a new store on the same folder', async (t) => {
  const cwd = await tempSettingsDir(t);
  const first = createNodeSettingsStore({ cwd });
  const returned = first.update({
    annotator: 'ada',
    hotkeys: { note: 'm' },
    practice: { paceTargetWpm: [120, 150] },
    theme: 'dark',
  });
  assert.equal(returned.annotator, 'ada');
  assert.equal(returned.hotkeys.note, 'm');
  assert.equal(returned.hotkeys.next, 'j', 'a partial hotkeys patch keeps the other keys');
  assert.equal(returned.practice.goalProfile, 'calm-confident', 'a partial practice patch merges');

  const onDisk = JSON.parse(await readFile(path.join(cwd, 'settings.json'), 'utf8')) as Settings;
  assert.equal(onDisk.annotator, 'ada');

  const second = createNodeSettingsStore({ cwd });
  assert.deepEqual(second.get(), returned);
  assert.deepEqual(second.get().practice.paceTargetWpm, [120, 150]);
});

test('get returns a copy: mutating it changes nothing stored', async (t) => {
  const store = createNodeSettingsStore({ cwd: await tempSettingsDir(t) });
  const copy = store.get();
  copy.hotkeys.next = 'x';
  assert.equal(store.get().hotkeys.next, 'j');
});

test('an invalid patch is rejected with the field named and nothing is written', async (t) => {
  const cwd = await tempSettingsDir(t);
  const store = createNodeSettingsStore({ cwd });
  store.update({ annotator: 'ada' });
  const file = path.join(cwd, 'settings.json');
  const before = await readFile(file, 'utf8');

  const cases: { patch: unknown; field: string }[] = [
    { patch: { theme: 'purple' }, field: 'theme' },
    { patch: { practice: { paceTargetWpm: [180, 140] } }, field: 'practice.paceTargetWpm' },
    { patch: { practice: { goalProfile: 'loud' } }, field: 'practice.goalProfile' },
    { patch: { recentWorkspaces: ['relative/dir'] }, field: 'recentWorkspaces.0' },
    { patch: { annotator: 42 }, field: 'annotator' },
    { patch: { colour: 'red' }, field: '(settings)' },
  ];
  for (const { patch, field } of cases) {
    assert.throws(
      // Deliberately untyped input, as it could arrive over IPC.
      () => store.update(patch as Parameters<typeof store.update>[0]),
      (error: unknown) =>
        error instanceof SettingsValidationError &&
        error.field === field &&
        error.message.includes(field),
      `patch ${JSON.stringify(patch)} should be rejected naming ${field}`,
    );
  }
  assert.equal(await readFile(file, 'utf8'), before);
  assert.equal(store.get().theme, 'system');
  assert.equal(store.get().annotator, 'ada');
});

test('two actions on one key are rejected with both actions named', async (t) => {
  const cwd = await tempSettingsDir(t);
  const store = createNodeSettingsStore({ cwd });
  assert.throws(
    () => store.update({ hotkeys: { previous: 'j' } }),
    (error: unknown) => {
      assert.ok(error instanceof SettingsValidationError);
      assert.equal(error.field, 'hotkeys');
      assert.match(error.message, /"next"/);
      assert.match(error.message, /"previous"/);
      assert.match(error.message, /"j"/);
      return true;
    },
  );
  assert.equal(store.get().hotkeys.previous, 'k');
  assert.deepEqual(await readdir(cwd), [], 'nothing written');

  // Swapping two keys in one patch is fine: only the merged result is checked.
  const swapped = store.update({ hotkeys: { next: 'k', previous: 'j' } });
  assert.equal(swapped.hotkeys.next, 'k');
  assert.equal(swapped.hotkeys.previous, 'j');
  assert.deepEqual(store.resetHotkeys().hotkeys, { ...DEFAULT_HOTKEYS });
  assert.deepEqual(createNodeSettingsStore({ cwd }).get().hotkeys, { ...DEFAULT_HOTKEYS });
});

test('recent workspaces: most recent first, no duplicates, at most 10', async (t) => {
  const cwd = await tempSettingsDir(t);
  const store = createNodeSettingsStore({ cwd });
  const dir = (n: number) => path.join(path.parse(cwd).root, 'data', `ws${n}`);

  store.addRecentWorkspace(dir(1));
  store.addRecentWorkspace(dir(2));
  assert.deepEqual(store.get().recentWorkspaces, [dir(2), dir(1)]);

  // Re-opening moves to the front; a trailing slash names the same folder.
  assert.deepEqual(store.addRecentWorkspace(`${dir(1)}${path.sep}`).recentWorkspaces, [
    dir(1),
    dir(2),
  ]);

  for (let n = 3; n <= 12; n += 1) store.addRecentWorkspace(dir(n));
  const recent = store.get().recentWorkspaces;
  assert.equal(recent.length, 10);
  assert.deepEqual(recent, [12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map(dir));
  assert.deepEqual(createNodeSettingsStore({ cwd }).get().recentWorkspaces, recent);

  assert.throws(
    () => store.addRecentWorkspace('relative/ws'),
    (error: unknown) =>
      error instanceof SettingsValidationError && error.field === 'recentWorkspaces',
  );
  assert.throws(
    () => store.update({ recentWorkspaces: [dir(1), dir(1)] }),
    (error: unknown) =>
      error instanceof SettingsValidationError && error.field === 'recentWorkspaces',
  );
});

for (const damage of [
  { name: 'invalid JSON', text: '{"annotator": "ada",', reason: /not valid JSON/ },
  {
    name: 'JSON that breaks the schema',
    text: JSON.stringify({ annotator: 'ada', theme: 'purple' }),
    reason: /theme/,
  },
  {
    name: 'conflicting hotkeys',
    text: JSON.stringify({ hotkeys: { next: 'x', previous: 'x' } }),
    reason: /"next" and "previous"/,
  },
]) {
  test(`a damaged settings file (${damage.name}) is backed up and defaults are used`, async (t) => {
    const cwd = await tempSettingsDir(t);
    const file = path.join(cwd, 'settings.json');
    await writeFile(file, damage.text);

    const store = createNodeSettingsStore({ cwd });
    assert.equal(store.get().annotator, '');
    assert.equal(store.get().theme, 'system');
    const report = store.damagedFile;
    assert.ok(report, 'the damage is reported');
    assert.equal(report.path, file);
    assert.match(report.reason, damage.reason);
    assert.equal(path.dirname(report.backupPath), cwd);
    assert.match(path.basename(report.backupPath), /^settings\.json\.bad-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    assert.equal(await readFile(report.backupPath, 'utf8'), damage.text, 'the bytes are kept');
    assert.deepEqual(await readdir(cwd), [path.basename(report.backupPath)]);

    store.update({ annotator: 'grace' });
    const reopened = createNodeSettingsStore({ cwd });
    assert.equal(reopened.damagedFile, null);
    assert.equal(reopened.get().annotator, 'grace');
  });
}

test('a file from an older version without a newer field loads with that default', async (t) => {
  const cwd = await tempSettingsDir(t);
  const olderHotkeys = Object.fromEntries(
    Object.entries(DEFAULT_HOTKEYS).filter(([action]) => action !== 'help'),
  );
  await writeFile(
    path.join(cwd, 'settings.json'),
    JSON.stringify({ annotator: 'ada', hotkeys: { ...olderHotkeys, note: 'm' } }),
  );
  const store = createNodeSettingsStore({ cwd });
  assert.equal(store.damagedFile, null);
  assert.equal(store.get().annotator, 'ada');
  assert.equal(store.get().hotkeys.note, 'm');
  assert.equal(store.get().hotkeys.help, '?');
  assert.equal(store.get().practice.paceTargetWpm[1], 160);
});

test('a new action whose default key the user already bound gets a free variant, not a conflict', async (t) => {
  const cwd = await tempSettingsDir(t);
  const beforeReason = Object.fromEntries(Object.entries(DEFAULT_HOTKEYS).filter(([action]) => action !== 'reason'));
  await writeFile(path.join(cwd, 'settings.json'), JSON.stringify({ annotator: 'ada', hotkeys: { ...beforeReason, note: 'r', flagAmbiguous: 'shift+r' } }));
  const store = createNodeSettingsStore({ cwd });
  assert.equal(store.damagedFile, null, 'an upgrade never resets the settings');
  assert.equal(store.get().hotkeys.note, 'r');
  assert.equal(store.get().hotkeys.reason, 'alt+r');
  assert.equal(store.get().annotator, 'ada');
});

test('onChange fires after each persisted change, not for no-ops, until unsubscribed', async (t) => {
  const cwd = await tempSettingsDir(t);
  const store = createNodeSettingsStore({ cwd });
  const seen: { annotator: string; onDisk: string }[] = [];
  const unsubscribe = store.onChange((settings) => {
    // Read synchronously: the listener must find the change already on disk.
    const onDisk = JSON.parse(readFileSync(path.join(cwd, 'settings.json'), 'utf8')) as Settings;
    seen.push({ annotator: settings.annotator, onDisk: onDisk.annotator });
  });
  store.update({ annotator: 'ada' });
  store.update({ annotator: 'ada' });
  assert.throws(() => store.update({ theme: 'purple' as 'dark' }));
  store.update({ annotator: 'grace' });
  unsubscribe();
  store.update({ annotator: 'linus' });
  assert.deepEqual(seen, [
    { annotator: 'ada', onDisk: 'ada' },
    { annotator: 'grace', onDisk: 'grace' },
  ]);
});
