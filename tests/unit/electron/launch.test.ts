/**
 * How `npm start` finds Electron (electron/launch.ts), against fake electron packages:
 * a downloaded binary, ELECTRON_OVERRIDE_DIST_PATH, an installer that fails, one that
 * hangs (the time limit), one that succeeds; and when the renderer needs a rebuild.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { findElectron, rendererIsStale } from '../../../electron/launch.ts';

const BINARY = process.platform === 'win32' ? 'electron.exe' : 'electron';

async function tempDir(t: test.TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-launch-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A fake electron package whose install.js runs `installer` (JavaScript). */
async function fakePackage(t: test.TestContext, installer: string): Promise<string> {
  const dir = path.join(await tempDir(t), 'electron');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  await writeFile(path.join(dir, 'install.js'), installer);
  return dir;
}

const FAILING_INSTALLER = `console.error('TypeError: fetch failed\\n    at somewhere'); process.exit(1);`;
/** Writes what the real installer leaves: dist/<binary> and path.txt. */
const WORKING_INSTALLER = `
const fs = require('node:fs'); const path = require('node:path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', '${BINARY}'), '');
fs.writeFileSync(path.join(__dirname, 'path.txt'), '${BINARY}');
`;

test('a downloaded binary (path.txt + dist/) is found without running the installer', async (t) => {
  const dir = await fakePackage(t, FAILING_INSTALLER);
  await mkdir(path.join(dir, 'dist'));
  await writeFile(path.join(dir, 'dist', BINARY), '');
  await writeFile(path.join(dir, 'path.txt'), BINARY);
  assert.deepEqual(await findElectron({ packageDir: dir, env: {} }), { ok: true, path: path.join(dir, 'dist', BINARY) });
});

test('no electron package: not installed', async (t) => {
  const dir = path.join(await tempDir(t), 'nothing-here');
  assert.deepEqual(await findElectron({ packageDir: dir, env: {} }), { ok: false, reason: 'the electron package is not installed' });
});

test('ELECTRON_OVERRIDE_DIST_PATH is used as the electron package uses it, and never downloads', async (t) => {
  const dir = await fakePackage(t, WORKING_INSTALLER);
  const dist = await tempDir(t);
  const missing = await findElectron({ packageDir: dir, env: { ELECTRON_OVERRIDE_DIST_PATH: dist } });
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.reason : '', /ELECTRON_OVERRIDE_DIST_PATH has no Electron binary/);
  await writeFile(path.join(dist, 'electron'), '');
  assert.deepEqual(await findElectron({ packageDir: dir, env: { ELECTRON_OVERRIDE_DIST_PATH: dist } }), {
    ok: true,
    path: path.join(dist, 'electron'),
  });
});

test('a missing binary is downloaded by the package installer; its failure becomes the reason', async (t) => {
  const failing = await fakePackage(t, FAILING_INSTALLER);
  assert.deepEqual(await findElectron({ packageDir: failing, env: {} }), {
    ok: false,
    reason: 'downloading the Electron binary failed: TypeError: fetch failed',
  });
  assert.deepEqual(await findElectron({ packageDir: failing, env: {}, download: false }), {
    ok: false,
    reason: 'the Electron binary is not downloaded',
  });

  const working = await fakePackage(t, WORKING_INSTALLER);
  assert.deepEqual(await findElectron({ packageDir: working, env: {} }), { ok: true, path: path.join(working, 'dist', BINARY) });
});

test('an installer that hangs is stopped at the time limit', async (t) => {
  const dir = await fakePackage(t, 'setInterval(() => {}, 1000);');
  const started = Date.now();
  const result = await findElectron({ packageDir: dir, env: {}, downloadTimeoutMs: 300 });
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, 'downloading the Electron binary took longer than 0.3 s');
  assert.ok(Date.now() - started < 5000, 'it did not wait for the installer');
});

test('the renderer is rebuilt when dist is missing or older than any source', async (t) => {
  const renderer = await tempDir(t);
  await mkdir(path.join(renderer, 'src', 'views'), { recursive: true });
  const source = path.join(renderer, 'src', 'views', 'Label.svelte');
  await writeFile(source, '<p>label</p>');
  assert.equal(rendererIsStale(renderer), true, 'no build yet');

  await mkdir(path.join(renderer, 'dist'));
  const index = path.join(renderer, 'dist', 'index.html');
  await writeFile(index, '<!doctype html>');
  const past = new Date(Date.now() - 60_000);
  await utimes(source, past, past);
  assert.equal(rendererIsStale(renderer), false, 'the build is newer than every source');

  const future = new Date(Date.now() + 60_000);
  await utimes(source, future, future);
  assert.equal(rendererIsStale(renderer), true, 'a source edited after the build');
});
