/**
 * electron-builder.yml, checked without packaging (which needs an Electron download): it
 * matches electron-builder's own schema; everything it packs exists — in the repository or
 * among the outputs of the app build, which runs here into a temp folder — and is what the
 * packaged app loads; every native module that can ship is unpacked from app.asar; the
 * shipped model is complete; and the four installers are configured.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appPaths } from '../../../electron/app-paths.ts';
import {
  APP_ENTRIES,
  BUNDLE_DIR,
  buildApp,
  type BundleImports,
} from '../../../electron/app-bundle.ts';
import { bundledEntryPath } from '../../../training/child-entry.ts';
import { DEFAULT_MODEL_DIR, resourcesDirFor } from '../../../training/paths.ts';
import {
  asArray,
  type BuilderConfig,
  CONFIG_FILE,
  type FileEntry,
  globFiles,
  loadBuilderConfig,
  packageDirOf,
  packedFiles,
  parseConfig,
  productionPackages,
  schemaErrors,
  targetNames,
} from '../../helpers/packaged-app.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';

const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  optionalDependencies?: Record<string, string>;
};
const OPTIONAL = Object.keys(packageJson.optionalDependencies ?? {});
/** Native packages that install only where libtensorflow does: covered whether or not they are here. */
const OPTIONAL_NATIVE = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

function fileSets(entries: FileEntry[]): { from: string; to: string; filters: string[] }[] {
  return entries.map((entry) =>
    typeof entry === 'string'
      ? { from: '.', to: '.', filters: [entry] }
      : { from: entry.from ?? '.', to: entry.to ?? '.', filters: asArray(entry.filter ?? '**/*') },
  );
}

/** Whether electron-builder would unpack `rel` (a path in app.asar) under these patterns. */
function unpacked(rel: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => path.matchesGlob(rel, p));
}

/** Production packages with a compiled addon here: a binding.gyp or a .node file of their own. */
function installedNativePackages(): string[] {
  return [...productionPackages().keys()].filter((dir) => {
    const abs = path.join(REPO_ROOT, dir);
    if (!existsSync(abs)) return false;
    if (existsSync(path.join(abs, 'binding.gyp'))) return true;
    return globFiles('**/*.node', abs).some((rel) => !rel.split('/').includes('node_modules'));
  });
}

describe('electron-builder.yml', () => {
  let config: BuilderConfig;
  let buildRoot: string;
  let bundleImports: BundleImports;
  /** app.asar's contents, by path. */
  let asar: Set<string>;

  before(async () => {
    config = loadBuilderConfig();
    buildRoot = await mkdtemp(path.join(os.tmpdir(), 'ser-app-build-'));
    bundleImports = await buildApp(buildRoot);
    asar = new Set(packedFiles(asArray(config.files), [REPO_ROOT, buildRoot]).map((f) => f.target));
  });

  after(async () => {
    await rm(buildRoot, { recursive: true, force: true });
  });

  it("matches electron-builder's schema, which rejects an unknown or misplaced option", () => {
    assert.deepEqual(schemaErrors(config), []);
    const text = readFileSync(CONFIG_FILE, 'utf8');
    const misspelt = parseConfig(text.replace(/^asarUnpack:/m, 'asarUnpacked:'));
    assert.ok(
      schemaErrors(misspelt).some((e) => e.includes('asarUnpacked')),
      'a misspelt option is reported',
    );
  });

  it('configures the AppImage, deb, dmg and nsis installers', () => {
    assert.deepEqual(targetNames(config.linux?.target).sort(), ['AppImage', 'deb']);
    assert.deepEqual(targetNames(config.mac?.target), ['dmg']);
    assert.deepEqual(targetNames(config.win?.target), ['nsis']);
    assert.equal(config.directories?.buildResources, 'build');
    assert.equal(config.directories?.output, 'dist');
    assert.equal(config.npmRebuild, true);
  });

  it('finds a file for every files pattern, among the sources or the build outputs', () => {
    for (const set of fileSets(asArray(config.files))) {
      for (const filter of set.filters.filter((f) => !f.startsWith('!'))) {
        const found = [REPO_ROOT, buildRoot].flatMap((root) =>
          globFiles(filter, path.join(root, set.from)),
        );
        assert.ok(found.length > 0, `files: ${filter} (from ${set.from}) matches nothing`);
      }
    }
  });

  it('packs what the packaged app loads, and no TypeScript', () => {
    const main = config.extraMetadata?.main;
    assert.ok(main !== undefined && asar.has(main), `extraMetadata.main ${main} is not packed`);
    assert.equal(main, bundledEntryPath('electron/main.ts'));
    for (const entry of APP_ENTRIES)
      assert.ok(asar.has(bundledEntryPath(entry)), `${entry} is not packed as its bundle`);
    // main.ts serves these; microphone-source.ts hands the recorder helper to node-record-lpcm16.
    for (const needed of [
      'renderer/dist/index.html',
      'electron/dist/preload.cjs',
      'electron/services/recorder/pass-through-recorder.cjs',
    ]) {
      assert.ok(asar.has(needed), `${needed} is not packed`);
    }
    // training/child-entry.ts runs a .ts entry through tsx whenever the .ts file is there.
    assert.deepEqual(
      [...asar].filter((f) => f.endsWith('.ts')),
      [],
    );
    assert.ok(
      [...asar].every((f) => !f.startsWith(`${BUNDLE_DIR}/`)),
      'the bundles are packed at the asar root, not under their build folder',
    );
  });

  it('ships every package a bundle imports; only the main process imports electron', () => {
    const shipped = new Set(
      [...productionPackages().keys()].map((dir) => dir.replace(/^node_modules\//, '')),
    );
    assert.deepEqual([...bundleImports.keys()].sort(), APP_ENTRIES.map(bundledEntryPath).sort());
    for (const [bundle, packages] of bundleImports) {
      for (const name of packages) {
        if (name === 'electron' && bundle === bundledEntryPath('electron/main.ts')) continue;
        assert.ok(
          shipped.has(name),
          `${bundle} imports ${name}, which is not a production dependency`,
        );
      }
    }
  });

  it('finds a file for every extraResources pattern and puts the model and licences where the app reads them', () => {
    const sets = fileSets(asArray(config.extraResources));
    for (const set of sets) {
      for (const filter of set.filters.filter((f) => !f.startsWith('!'))) {
        assert.ok(
          globFiles(filter, path.join(REPO_ROOT, set.from)).length > 0,
          `extraResources: ${filter} (from ${set.from}) matches nothing`,
        );
      }
    }
    const installed = packedFiles(asArray(config.extraResources), [REPO_ROOT]).map((f) => f.target);
    // In the packaged app the code is in <resources>/app.asar: training/paths.ts and
    // app-paths.ts must then name the folders these resources are copied to.
    const resources = '/opt/SER Studio/resources';
    const modelDir = path.relative(resourcesDirFor(REPO_ROOT, {}), DEFAULT_MODEL_DIR);
    assert.equal(
      path.join(resourcesDirFor(path.join(resources, 'app.asar'), {}), modelDir),
      path.join(resources, modelDir),
    );
    const packaged = appPaths(
      { isPackaged: true, resourcesPath: resources, userData: '/u', logs: '/l', documents: '/d' },
      {},
    );
    for (const [dir, file] of [
      [packaged.defaultModelDir, 'model.json'],
      [packaged.defaultModelDir, 'metadata.json'],
      [packaged.licensesDir, 'RAVDESS-CC-BY-NC-SA-4.0.md'],
    ] as const) {
      const target = path.relative(resources, path.join(dir, file)).split(path.sep).join('/');
      assert.ok(installed.includes(target), `${target} is not installed into the resources folder`);
    }
  });

  it('ships a complete default model: model.json, every weights file it names, metadata', () => {
    const model = JSON.parse(readFileSync(path.join(DEFAULT_MODEL_DIR, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    const weights = model.weightsManifest.flatMap((group) => group.paths);
    assert.ok(weights.length > 0);
    for (const file of [...weights, 'metadata.json'])
      assert.ok(
        existsSync(path.join(DEFAULT_MODEL_DIR, file)),
        `${file} is missing from the default model`,
      );
  });

  it('finds a file for every asarUnpack pattern (an optional dependency excused where it did not install)', () => {
    const shippedDirs = new Set(productionPackages().keys());
    for (const pattern of asArray(config.asarUnpack)) {
      const inModules = globFiles(pattern, REPO_ROOT).filter((rel) => {
        const dir = packageDirOf(rel);
        return dir !== null && shippedDirs.has(dir);
      });
      const inApp = [...asar].filter((rel) => path.matchesGlob(rel, pattern));
      if (inModules.length + inApp.length > 0) continue;
      const optional = OPTIONAL.find(
        (name) =>
          pattern.startsWith(`node_modules/${name}/`) &&
          !existsSync(path.join(REPO_ROOT, 'node_modules', name)),
      );
      assert.ok(optional !== undefined, `asarUnpack: ${pattern} matches nothing`);
      console.log(
        `# asarUnpack ${pattern}: ${optional} is an optional dependency not installed here`,
      );
    }
  });

  it('unpacks every native module that can ship, and the .wasm files read from disk', () => {
    const patterns = asArray(config.asarUnpack);
    for (const name of OPTIONAL_NATIVE)
      assert.ok(OPTIONAL.includes(name), `${name} is no longer an optional dependency`);
    const native = [
      ...new Set([
        ...installedNativePackages(),
        ...OPTIONAL_NATIVE.map((name) => `node_modules/${name}`),
      ]),
    ];
    for (const dir of native) {
      // The whole package: an addon loads shared libraries from its own folder.
      assert.ok(
        unpacked(`${dir}/package.json`, patterns),
        `${dir} is a native module but stays in app.asar`,
      );
      for (const addon of globFiles('**/*.node', path.join(REPO_ROOT, dir))) {
        assert.ok(unpacked(`${dir}/${addon}`, patterns), `${dir}/${addon} stays in app.asar`);
      }
    }
    for (const pkg of ['@tensorflow/tfjs-backend-wasm', '@echogarden/pffft-wasm']) {
      const wasm = globFiles('**/*.wasm', path.join(REPO_ROOT, 'node_modules', pkg)).filter((rel) =>
        rel.startsWith('dist/'),
      );
      assert.ok(wasm.length > 0, `${pkg} has no .wasm files in dist/`);
      for (const rel of wasm)
        assert.ok(
          unpacked(`node_modules/${pkg}/${rel}`, patterns),
          `node_modules/${pkg}/${rel} stays in app.asar`,
        );
    }
    assert.ok(unpacked('electron/services/recorder/pass-through-recorder.cjs', patterns));
  });

  it('gives macOS the hardened runtime, microphone entitlement and microphone prompt', () => {
    const mac = config.mac;
    assert.equal(mac?.hardenedRuntime, true);
    const description = mac?.extendInfo?.NSMicrophoneUsageDescription;
    assert.ok(
      typeof description === 'string' && description.length > 20,
      `NSMicrophoneUsageDescription: ${String(description)}`,
    );
    for (const file of [mac?.entitlements, mac?.entitlementsInherit]) {
      assert.ok(file !== undefined, 'entitlements are configured');
      const plist = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      // Apple's plist: <key>…</key> followed by <true/>.
      const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
      for (const key of [
        'com.apple.security.device.audio-input',
        'com.apple.security.cs.allow-jit',
      ]) {
        assert.ok(granted.includes(key), `${file} does not grant ${key}`);
      }
    }
  });

  it('has a square PNG icon of at least 512 px and a Linux desktop entry electron-builder accepts', () => {
    assert.ok(config.icon !== undefined);
    const png = readFileSync(path.join(REPO_ROOT, config.icon));
    assert.deepEqual(
      [...png.subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      'PNG signature',
    );
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width === height && width >= 512, `icon is ${width}×${height}`);

    const categories = (config.linux?.category ?? '').split(';');
    assert.ok(
      categories.includes('AudioVideo') && categories.includes('Science'),
      `category: ${config.linux?.category}`,
    );
    // electron-builder refuses Exec here (it comes from executableName).
    assert.equal(config.linux?.desktop?.entry?.Exec, undefined);
  });
});
