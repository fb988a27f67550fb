/**
 * Where the app looks for things in development, browser mode and the packaged app
 * (electron/app-paths.ts, training/paths.ts), and how a child process's entry is chosen
 * (training/child-entry.ts): from source through tsx in a checkout, its bundle when packaged.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Conf from 'conf';
import { appPaths, appSituation, type ElectronLocations } from '../../../electron/app-paths.ts';
import { bundledEntryPath, childEntry } from '../../../training/child-entry.ts';
import {
  DEFAULT_MODEL_DIR,
  REPO_ROOT,
  RESOURCES_DIR,
  resourcesDirFor,
} from '../../../training/paths.ts';

const resources = path.join(path.sep, 'opt', 'SER Studio', 'resources');
const electron = (isPackaged: boolean): ElectronLocations => ({
  isPackaged,
  resourcesPath: isPackaged
    ? resources
    : path.join(REPO_ROOT, 'node_modules', 'electron', 'dist', 'resources'),
  userData: path.join(path.sep, 'home', 'ada', '.config', 'SER Studio'),
  logs: path.join(path.sep, 'home', 'ada', '.config', 'SER Studio', 'logs'),
  documents: path.join(path.sep, 'home', 'ada', 'Documents'),
});

describe('training/paths.ts resources', () => {
  it('are resources/ of a checkout, and the folder beside app.asar when packaged', () => {
    assert.equal(resourcesDirFor('/src/ser-studio', {}), path.join('/src/ser-studio', 'resources'));
    assert.equal(resourcesDirFor(path.join(resources, 'app.asar'), {}), resources);
    assert.equal(
      resourcesDirFor(path.join(resources, 'app.asar'), { SER_RESOURCES_DIR: '/elsewhere' }),
      '/elsewhere',
    );
    // This checkout, as `ser predict` sees it (no SER_RESOURCES_DIR in the test environment).
    assert.equal(RESOURCES_DIR, path.join(REPO_ROOT, 'resources'));
    assert.equal(DEFAULT_MODEL_DIR, path.join(REPO_ROOT, 'resources', 'models', 'default'));
  });
});

describe('appPaths', () => {
  it('tells the three situations apart', () => {
    assert.equal(appSituation(null), 'browser');
    assert.equal(appSituation(electron(false)), 'development');
    assert.equal(appSituation(electron(true)), 'packaged');
  });

  it('development: resources from the checkout, settings and logs where Electron keeps them', () => {
    const paths = appPaths(electron(false), {});
    assert.equal(paths.situation, 'development');
    assert.equal(paths.defaultModelDir, DEFAULT_MODEL_DIR);
    assert.equal(paths.licensesDir, path.join(REPO_ROOT, 'resources', 'licenses'));
    assert.equal(paths.settingsDir, electron(false).userData);
    assert.equal(paths.logsDir, electron(false).logs);
    assert.equal(paths.workspaceParentDir, electron(false).documents);
  });

  it("packaged: resources from Electron's resourcesPath, as training/paths.ts finds them from app.asar", () => {
    const paths = appPaths(electron(true), {});
    assert.equal(paths.resourcesDir, resources);
    assert.equal(paths.resourcesDir, resourcesDirFor(path.join(resources, 'app.asar'), {}));
    assert.equal(paths.defaultModelDir, path.join(resources, 'models', 'default'));
    assert.equal(paths.licensesDir, path.join(resources, 'licenses'));
    assert.equal(paths.settingsDir, electron(true).userData);
  });

  it('respects SER_RESOURCES_DIR and SER_SETTINGS_DIR everywhere; an empty SER_SETTINGS_DIR is unset', () => {
    const env = { SER_RESOURCES_DIR: '/portable/res', SER_SETTINGS_DIR: '/portable/settings' };
    for (const host of [null, electron(false), electron(true)]) {
      const paths = appPaths(host, env);
      assert.equal(paths.defaultModelDir, path.join('/portable/res', 'models', 'default'));
      assert.equal(paths.settingsDir, '/portable/settings');
    }
    assert.equal(
      appPaths(electron(true), { SER_SETTINGS_DIR: '' }).settingsDir,
      electron(true).userData,
    );
  });

  describe('browser mode', () => {
    let home: string;
    const saved = {
      XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
      XDG_STATE_HOME: process.env.XDG_STATE_HOME,
    };

    before(async () => {
      home = await mkdtemp(path.join(os.tmpdir(), 'ser-app-paths-'));
      process.env.XDG_CONFIG_HOME = path.join(home, 'config');
      process.env.XDG_STATE_HOME = path.join(home, 'state');
    });

    after(async () => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await rm(home, { recursive: true, force: true });
    });

    it(
      'settings in the folder conf writes to (as `ser serve` opens them), workspaces under home',
      { skip: process.platform !== 'linux' && 'XDG folders are Linux only' },
      () => {
        const paths = appPaths(null, {});
        assert.equal(paths.situation, 'browser');
        assert.equal(paths.defaultModelDir, DEFAULT_MODEL_DIR);
        // The same options as createNodeSettingsStore.
        const conf = new Conf({ projectName: 'ser-studio', configName: 'settings' });
        assert.equal(path.dirname(conf.path), paths.settingsDir);
        assert.equal(paths.settingsDir, path.join(home, 'config', 'ser-studio-nodejs'));
        assert.equal(paths.logsDir, path.join(home, 'state', 'ser-studio-nodejs'));
        assert.equal(paths.workspaceParentDir, os.homedir());
      },
    );
  });
});

describe('childEntry', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-child-entry-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a TypeScript module that is there through tsx', async () => {
    const source = path.join(dir, 'worker.ts');
    await writeFile(source, 'export {};\n');
    const entry = childEntry(pathToFileURL(source));
    assert.equal(entry.path, source);
    assert.deepEqual(entry.execArgv, ['--import', import.meta.resolve('tsx')]);
  });

  it('runs the bundle beside it when the TypeScript is not shipped', () => {
    const entry = childEntry(
      pathToFileURL(path.join(dir, 'app.asar', 'electron', 'engine', 'engine-process.ts')),
    );
    assert.equal(
      entry.path,
      path.join(dir, 'app.asar', 'electron', 'engine', 'engine-process.mjs'),
    );
    assert.deepEqual(entry.execArgv, []);
    assert.equal(bundledEntryPath('training/fold-worker.ts'), 'training/fold-worker.mjs');
  });
});
