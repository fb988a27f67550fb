/**
 * The packaged app's programs, run from a staged install: the app build (electron/app-bundle.ts)
 * laid out as electron-builder.yml packs it — `resources/app.asar/` (a plain folder here) with
 * the bundles, no TypeScript and no tsx loader, and the default model beside it in
 * `resources/`. The ML engine bundle must start, find its WebAssembly, read the shipped model
 * from there and predict exactly what `ser predict` predicts from the sources; the training
 * worker bundle must load and answer. (The main process needs Electron, which cannot be had
 * here: its bundle is checked by tests/unit/packaging/builder-config.test.ts.)
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildApp, bundleEntry } from '../../../electron/app-bundle.ts';
import { EngineClient } from '../../../electron/engine/engine-client.ts';
import { forkEngine } from '../../../electron/engine/fork-engine.ts';
import { bundledEntryPath } from '../../../training/child-entry.ts';
import type { WorkerMessage, WorkerRequest } from '../../../training/fold-worker.ts';
import { selectBackend } from '../../../training/model/backend.ts';
import * as sourcePaths from '../../../training/paths.ts';
import { predictFiles } from '../../../training/predict.ts';
import { loadBuilderConfig, type StagedApp, stageApp } from '../../helpers/packaged-app.ts';
import { simpleWav } from '../../unit/audio/wav-bytes.ts';

/** Two seconds of a gliding vowel-like tone: audio the model scores in one window. */
function toneWav(): Uint8Array {
  const frames: number[][] = [];
  for (let i = 0; i < 2 * 16000; i++) {
    const t = i / 16000;
    const f0 = 150 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    frames.push([0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.1 * Math.sin(4 * Math.PI * f0 * t)]);
  }
  return simpleWav(frames, 'float32');
}

describe('the packaged app, staged', () => {
  let dir: string;
  let app: StagedApp;
  let wav: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-staged-app-'));
    const buildRoot = path.join(dir, 'build');
    await buildApp(buildRoot);
    // Not app entries: bundled here as the programs bundle them, to see where they point from
    // app.asar. electron/backend/app-version.ts re-exports training/app-version.ts, which reads package.json
    // through REPO_ROOT: the bundle must find package.json inside app.asar from either folder.
    await bundleEntry('training/paths.ts', buildRoot);
    await bundleEntry('electron/backend/app-version.ts', buildRoot);
    app = stageApp(loadBuilderConfig(), buildRoot, path.join(dir, 'install'));
    wav = path.join(dir, 'tone.wav');
    await writeFile(wav, toneWav());
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the shipped model outside app.asar and no TypeScript inside it', () => {
    assert.ok(existsSync(path.join(app.resourcesDir, 'models', 'default', 'model.json')));
    assert.ok(!existsSync(path.join(app.appDir, 'electron', 'engine', 'engine-process.ts')));
    assert.ok(
      existsSync(path.join(app.appDir, bundledEntryPath('electron/engine/engine-process.ts'))),
    );
  });

  it("finds the default model beside app.asar, where electron-builder's extraResources put it", async () => {
    const bundled = (await import(
      pathToFileURL(path.join(app.appDir, bundledEntryPath('training/paths.ts'))).href
    )) as typeof sourcePaths;
    assert.equal(bundled.REPO_ROOT, app.appDir);
    assert.equal(bundled.DEFAULT_MODEL_DIR, path.join(app.resourcesDir, 'models', 'default'));
    assert.ok(existsSync(path.join(bundled.DEFAULT_MODEL_DIR, 'metadata.json')));
  });

  it('reads its version from the package.json at the root of app.asar, from any folder', async () => {
    const { APP_VERSION } = (await import(
      pathToFileURL(path.join(app.appDir, bundledEntryPath('electron/backend/app-version.ts'))).href
    )) as {
      APP_VERSION: string;
    };
    const pkg = JSON.parse(await readFile(path.join(app.appDir, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(APP_VERSION, pkg.version);
  });

  it('runs the engine bundle, which predicts with the shipped model what ser predict does', async () => {
    const engine = new EngineClient(() =>
      forkEngine({
        entry: {
          path: path.join(app.appDir, bundledEntryPath('electron/engine/engine-process.ts')),
          execArgv: [],
        },
      }),
    );
    try {
      await engine.start();
      const modelDir = path.join(app.resourcesDir, 'models', 'default');
      const info = await engine.request('modelInfo', { modelDir });
      assert.equal(info.dir, modelDir);
      const result = await engine.request('predictClip', {
        modelDir,
        path: wav,
        cacheDir: path.join(dir, 'cache'),
      });
      // The engine's backend here too, so both run the same arithmetic.
      assert.equal((await selectBackend('auto')).name, engine.status.backend);
      const expected = await predictFiles(sourcePaths.DEFAULT_MODEL_DIR, [wav]);
      const [reference] = expected.predictions;
      assert.ok('probs' in reference, JSON.stringify(reference));
      assert.deepEqual(result.labels, expected.labels);
      result.labels.forEach((label, i) => {
        assert.ok(
          Math.abs(result.probs[i] - reference.probs[label]) < 1e-5,
          `${label}: bundle ${result.probs[i]}, sources ${reference.probs[label]}`,
        );
      });
    } finally {
      await engine.stop();
    }
  });

  it('runs the training-worker bundle, which loads tfjs and answers its parent', async () => {
    const worker = fork(path.join(app.appDir, bundledEntryPath('training/fold-worker.ts')), [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    worker.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const messages: WorkerMessage[] = [];
    worker.on('message', (message: WorkerMessage) => messages.push(message));
    const exited = new Promise<number | null>((resolve) =>
      worker.on('exit', (code) => resolve(code)),
    );
    // No folds: the worker selects the backend, loads an empty corpus and hangs up itself —
    // an exit 0 means it ran the request (a worker that never got it would wait forever).
    const request: WorkerRequest = {
      source: { clips: [], augmentations: 0, seed: 1, cacheDir: path.join(dir, 'cache') },
      jobs: [],
      backend: 'cpu',
    };
    worker.send(request);
    assert.equal(await exited, 0, stderr);
    assert.deepEqual(messages, []);
  });
});
