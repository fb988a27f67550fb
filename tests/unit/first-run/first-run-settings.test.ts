import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { defaultSettings, settingsSchema } from '../../../electron/services/settings/schema.ts';
import { createNodeSettingsStore } from '../../../electron/services/settings/settings-store.ts';
import { tempSettingsDir } from '../settings/temp-settings.ts';

test('a fresh install has not completed first run', () => {
  assert.deepEqual(defaultSettings().firstRun, { completed: false });
});

test('an upgrade from a settings file without firstRun: completed when it names a workspace', async (t) => {
  const cwd = await tempSettingsDir(t);
  const workspace = path.join(cwd, 'my-workspace');
  await writeFile(path.join(cwd, 'settings.json'), JSON.stringify({ annotator: 'ana', recentWorkspaces: [workspace] }));
  const store = createNodeSettingsStore({ cwd });
  assert.equal(store.damagedFile, null);
  assert.deepEqual(store.get().firstRun, { completed: true });
  assert.equal(store.get().annotator, 'ana', 'nothing else changes');

  const none = await tempSettingsDir(t);
  await writeFile(path.join(none, 'settings.json'), JSON.stringify({ annotator: 'ben', recentWorkspaces: [] }));
  assert.deepEqual(createNodeSettingsStore({ cwd: none }).get().firstRun, { completed: false }, 'never opened a workspace');
});

test('a stored firstRun is kept as it is, even with workspaces', () => {
  const parsed = settingsSchema.parse({ recentWorkspaces: ['/data/ws'], firstRun: { completed: false } });
  assert.deepEqual(parsed.firstRun, { completed: false });
});

test('finishing first run persists, and a typo in the patch is refused', async (t) => {
  const cwd = await tempSettingsDir(t);
  const store = createNodeSettingsStore({ cwd });
  assert.deepEqual(store.update({ firstRun: { completed: true } }).firstRun, { completed: true });
  assert.deepEqual(createNodeSettingsStore({ cwd }).get().firstRun, { completed: true });
  assert.throws(() => store.update({ firstRun: { completed: true, done: 1 } as never }));
  // Opening a workspace later changes nothing about it.
  store.addRecentWorkspace(path.join(cwd, 'ws'));
  assert.deepEqual(createNodeSettingsStore({ cwd }).get().firstRun, { completed: true });
});

test('a fresh install that opens a workspace before finishing still shows first run', async (t) => {
  const cwd = await tempSettingsDir(t);
  const store = createNodeSettingsStore({ cwd });
  store.addRecentWorkspace(path.join(cwd, 'ws'));
  // The file now names a workspace, but it was written with firstRun: the upgrade rule does not apply.
  assert.deepEqual(createNodeSettingsStore({ cwd }).get().firstRun, { completed: false });
});
