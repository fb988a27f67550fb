/**
 * Builds what electron-builder packs (electron-builder.yml): the renderer, the preload and
 * the three programs the packaged app starts — the main process, the ML engine and the
 * cross-validation worker — each bundled by esbuild into one JavaScript file. Run by
 * bin/build-app.mjs (`npm run build:app`).
 *
 * Why bundles and not tsx with the TypeScript sources: tsx compiles through esbuild's
 * native executable at every launch. That executable is per OS and CPU (only the build
 * machine's is installed), cannot be spawned from inside app.asar, and would make the first
 * start of every install compile ~200 files. Bundles leave nothing to compile at run time.
 *
 * Packages stay outside the bundles (`packages: 'external'`) and ship in node_modules as
 * npm installed them: tfjs-backend-wasm and pffft-wasm read their .wasm files relative to
 * their own module, and tfjs-node loads a native addon.
 *
 * Our own code finds files relative to itself (import.meta.url / dirname): REPO_ROOT in
 * training/paths.ts, the renderer and preload in main.ts, the recorder helper, the child
 * entries. Bundling would move all of those to the bundle's folder, so the
 * keep-module-locations plugin rewrites them to the location the module's source has in the
 * app — in app.asar the bundles' layout mirrors the repository's.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';
import { bundledEntryPath } from '../training/child-entry.ts';
import { REPO_ROOT } from '../training/paths.ts';

/** The modules the packaged app runs as programs, relative to the repository. */
export const APP_ENTRIES = [
  'electron/main.ts',
  'electron/engine/engine-process.ts',
  'training/fold-worker.ts',
] as const;

/** Where the bundles go, relative to the output root; electron-builder.yml packs this folder as the root of app.asar. */
export const BUNDLE_DIR = 'electron/dist/app';

/** Electron 45 runs Node 22. */
const NODE_TARGET = 'node22';

const LOCATION = /\bimport\.meta\.(url|dirname|filename)(?![\w$])/g;

/** What each import.meta location property becomes, defined by the prelude below. */
const LOCATION_NAMES: Record<string, string> = {
  url: '__serModuleUrl',
  filename: '__serModuleFile',
  dirname: '__serModuleDir',
};

/**
 * `source` with import.meta.url, .filename and .dirname standing for the module's own place in
 * the app, given as `relative` (a URL path from the bundle's folder) — not the bundle's.
 */
export function withModuleLocation(source: string, relative: string): string {
  const rewritten = source.replace(
    LOCATION,
    (match, property: string) => LOCATION_NAMES[property] ?? match,
  );
  if (rewritten === source) return source;
  const prelude = [
    "import { fileURLToPath as __serFileURLToPath } from 'node:url';",
    "import { dirname as __serDirname } from 'node:path';",
    `const __serModuleUrl = new URL(${JSON.stringify(relative)}, import.meta.url).href;`,
    'const __serModuleFile = __serFileURLToPath(__serModuleUrl);',
    'const __serModuleDir = __serDirname(__serModuleFile);',
  ].join('\n');
  return `${prelude}\n${rewritten}`;
}

/** The plugin for a bundle that will sit at `bundleDir` (relative to the app root, like the sources). */
function keepModuleLocations(bundleDir: string): esbuild.Plugin {
  return {
    name: 'keep-module-locations',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.split(path.sep).includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        const relative = path
          .relative(path.join(REPO_ROOT, bundleDir), args.path)
          .split(path.sep)
          .join('/');
        const contents = withModuleLocation(source, relative);
        return contents === source ? undefined : { contents, loader: 'ts' };
      });
    },
  };
}

/** The package a bare import specifier names ('@scope/name/sub' → '@scope/name'). */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Bundle (relative to BUNDLE_DIR) → the packages it imports at run time, sorted; node: built-ins left out. */
export type BundleImports = Map<string, string[]>;

/**
 * Bundles `entry` (a module, relative to the repository) to `<outRoot>/BUNDLE_DIR/<entry>.mjs`;
 * returns the packages it imports at run time, sorted, node: built-ins left out.
 */
export async function bundleEntry(entry: string, outRoot: string): Promise<string[]> {
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile: path.join(outRoot, BUNDLE_DIR, bundledEntryPath(entry)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    packages: 'external',
    // Readable stack traces from users' logs matter more than a few hundred kB.
    minify: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [keepModuleLocations(path.posix.dirname(entry))],
  });
  const output = Object.values(result.metafile.outputs)[0];
  const external = (output?.imports ?? [])
    .filter((i) => i.external && !i.path.startsWith('node:'))
    .map((i) => packageName(i.path));
  return [...new Set(external)].sort();
}

/** Bundles APP_ENTRIES, one build each (a module shared by two bundles is rewritten for each one's folder). */
export async function bundleEntries(outRoot: string): Promise<BundleImports> {
  const imports: BundleImports = new Map();
  for (const entry of APP_ENTRIES)
    imports.set(bundledEntryPath(entry), await bundleEntry(entry, outRoot));
  return imports;
}

/**
 * Everything electron-builder.yml packs from the build, under `outRoot` (default: the
 * repository): renderer/dist, electron/dist/preload.cjs and the bundles.
 */
export async function buildApp(outRoot: string = REPO_ROOT): Promise<BundleImports> {
  await viteBuild({
    configFile: path.join(REPO_ROOT, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: path.join(outRoot, 'renderer', 'dist'), emptyOutDir: true },
  });
  // Before the bundles: this build empties electron/dist.
  await viteBuild({
    configFile: path.join(REPO_ROOT, 'electron', 'preload.vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: path.join(outRoot, 'electron', 'dist'), emptyOutDir: true },
  });
  return bundleEntries(outRoot);
}
