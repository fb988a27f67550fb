/**
 * electron-builder.yml as electron-builder reads it, and a model of the app it packs: which
 * files land in app.asar (from `files`, the build outputs and the production node_modules)
 * and which beside it (`extraResources`). The packaging tests check the config against this
 * model and run the built programs from a staged copy of it.
 */
import {
  cpSync,
  existsSync,
  globSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { REPO_ROOT } from './paths.ts';

const require = createRequire(import.meta.url);
// electron-builder parses YAML configs with js-yaml (a dependency of app-builder-lib, no types).
const yaml = require('js-yaml') as { load(text: string): unknown };

export const CONFIG_FILE = path.join(REPO_ROOT, 'electron-builder.yml');
const SCHEME_FILE = path.join(REPO_ROOT, 'node_modules', 'app-builder-lib', 'scheme.json');

export interface FileSet {
  from?: string;
  to?: string;
  filter?: string | string[];
}
export type FileEntry = string | FileSet;
export type TargetEntry = string | { target: string };
type Targets = TargetEntry | TargetEntry[];

/** The part of the configuration the tests read; its shape is checked by the schema first. */
export interface BuilderConfig {
  files?: FileEntry | FileEntry[];
  extraResources?: FileEntry | FileEntry[];
  asarUnpack?: string | string[];
  extraMetadata?: { main?: string };
  npmRebuild?: boolean;
  icon?: string;
  directories?: { buildResources?: string; output?: string };
  linux?: { target?: Targets; category?: string; desktop?: { entry?: Record<string, string> } };
  mac?: {
    target?: Targets;
    hardenedRuntime?: boolean;
    entitlements?: string;
    entitlementsInherit?: string;
    extendInfo?: Record<string, unknown>;
  };
  win?: { target?: Targets };
}

export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function targetNames(targets: Targets | undefined): string[] {
  return asArray(targets).map((t) => (typeof t === 'string' ? t : t.target));
}

export function parseConfig(text: string): unknown {
  return yaml.load(text);
}

/** Compiled once: the schema is large (~1.5 s to compile). */
let validator: ValidateFunction | undefined;

/**
 * The schema errors electron-builder would report for `config`, as "path: message" lines
 * (none when valid). Same Ajv options as app-builder-lib's schemaValidator: its scheme.json
 * uses a `typeof` keyword that only strict mode rejects.
 */
export function schemaErrors(config: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, coerceTypes: true, strict: false }).compile(
    JSON.parse(readFileSync(SCHEME_FILE, 'utf8')) as object,
  );
  const validate = validator;
  // coerceTypes may rewrite values in place: validate a copy.
  if (validate(structuredClone(config))) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

/** electron-builder.yml, checked against electron-builder's schema. */
export function loadBuilderConfig(file = CONFIG_FILE): BuilderConfig {
  const config = parseConfig(readFileSync(file, 'utf8'));
  const errors = schemaErrors(config);
  if (errors.length > 0)
    throw new Error(`${file} does not match electron-builder's schema:\n${errors.join('\n')}`);
  return config as BuilderConfig;
}

/** Files (not folders) under `cwd` matching a glob, as forward-slash relative paths. */
export function globFiles(pattern: string, cwd: string): string[] {
  if (!existsSync(cwd)) return [];
  return globSync(pattern, { cwd })
    .filter((rel) => statSync(path.join(cwd, rel)).isFile())
    .map((rel) => rel.split(path.sep).join('/'));
}

/** One file electron-builder copies: where it comes from and its path in the package. */
export interface PackedFile {
  source: string;
  target: string;
}

/**
 * What `entries` (a `files` or `extraResources` list) copy, looked up in each of `roots`
 * (the repository, and where the build put its outputs). Paths are relative to the
 * destination (app.asar for files, the resources folder for extraResources). Negated
 * patterns remove what earlier ones added, as electron-builder applies them.
 */
export function packedFiles(entries: FileEntry[], roots: readonly string[]): PackedFile[] {
  const packed = new Map<string, PackedFile>();
  const add = (fileSet: FileSet): void => {
    const from = fileSet.from ?? '.';
    // A FileSet without `to` copies into the destination's root (electron-builder's FileMatcher).
    const to = fileSet.to ?? '.';
    const filters = asArray(fileSet.filter ?? '**/*');
    for (const root of roots) {
      for (const filter of filters.filter((f) => !f.startsWith('!'))) {
        for (const rel of globFiles(filter, path.join(root, from))) {
          const target = path.posix.normalize(path.posix.join(to, rel));
          packed.set(target, { source: path.join(root, from, rel), target });
        }
      }
    }
    for (const negated of filters.filter((f) => f.startsWith('!'))) {
      for (const target of packed.keys()) {
        if (path.matchesGlob(path.posix.relative(to, target), negated.slice(1)))
          packed.delete(target);
      }
    }
  };
  for (const entry of entries) {
    if (typeof entry !== 'string') add(entry);
    else if (entry.startsWith('!')) {
      for (const target of packed.keys())
        if (path.matchesGlob(target, entry.slice(1))) packed.delete(target);
    } else add({ filter: entry, to: '.' });
  }
  return [...packed.values()];
}

interface LockPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
}

/**
 * The packages electron-builder ships: every package-lock entry that is not dev-only
 * (dependencies and optionalDependencies, transitively), by node_modules path.
 */
export function productionPackages(): Map<string, LockPackage> {
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  return new Map(
    Object.entries(lock.packages).filter(([dir, info]) => dir !== '' && info.dev !== true),
  );
}

/** The package a node_modules path belongs to: 'node_modules/@a/b/x/y.js' → 'node_modules/@a/b'. */
export function packageDirOf(rel: string): string | null {
  const match = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(
    rel,
  );
  return match?.[1] ?? null;
}

export interface StagedApp {
  /** Electron's resourcesPath in the staged install. */
  resourcesDir: string;
  /** The folder standing in for app.asar. */
  appDir: string;
}

/**
 * Lays the package out in `dest` as an install would: `dest/resources/app.asar/` (a plain
 * folder here) with the `files` and, linked, the repository's node_modules; extraResources
 * beside it. `buildRoot` holds the build outputs.
 */
export function stageApp(config: BuilderConfig, buildRoot: string, dest: string): StagedApp {
  const resourcesDir = path.join(dest, 'resources');
  const appDir = path.join(resourcesDir, 'app.asar');
  const copy = (file: PackedFile, base: string): void => {
    const target = path.join(base, file.target);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file.source, target);
  };
  for (const file of packedFiles(asArray(config.files), [REPO_ROOT, buildRoot])) copy(file, appDir);
  cpSync(path.join(REPO_ROOT, 'package.json'), path.join(appDir, 'package.json'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');
  for (const file of packedFiles(asArray(config.extraResources), [REPO_ROOT]))
    copy(file, resourcesDir);
  return { resourcesDir, appDir };
}
