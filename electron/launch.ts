/**
 * `npm start` (bin/start.mjs): builds the renderer when it is missing or stale, then runs
 * the desktop app in Electron, or browser mode when Electron cannot run here.
 *
 * The `electron` package (45+) has no install script: requiring it reads path.txt and, when
 * the binary is missing, downloads it synchronously — with no time limit and its output
 * on our terminal. So this file never requires it: it reads path.txt itself and runs the
 * package's install.js as a child with a time limit (DESIGN.md §8: here the download fails,
 * and the app falls back to browser mode with one line saying why).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const RENDERER_DIR = path.join(REPO_ROOT, 'renderer');
const RENDERER_CONFIG = path.join(RENDERER_DIR, 'vite.config.ts');
const RENDERER_INDEX = path.join(RENDERER_DIR, 'dist', 'index.html');
/** Electron's entry: registers tsx and loads main.ts. */
export const ELECTRON_ENTRY = path.join(REPO_ROOT, 'electron', 'dev-main.mjs');
const PRELOAD_BUNDLE = path.join(REPO_ROOT, 'electron', 'dist', 'preload.cjs');
const require = createRequire(import.meta.url);

/** A first launch downloads ~100 MB; a network that drops packets must not hang `npm start`. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 120_000;

export type ElectronLookup = { ok: true; path: string } | { ok: false; reason: string };

export interface FindElectronOptions {
  /** The electron package folder; default: the one this checkout resolves. */
  packageDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Whether to try downloading a missing binary (with install.js); default true. */
  download?: boolean;
  downloadTimeoutMs?: number;
}

function electronPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** What path.txt names, resolved the way the electron package's index.js resolves it. */
function binaryFromPathFile(dir: string, env: NodeJS.ProcessEnv): string | null {
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override !== undefined && override !== '') return path.join(override, relative || 'electron');
  return relative === '' ? null : path.join(dir, 'dist', relative);
}

/** The first line of a failed install's output that says what went wrong. */
function firstErrorLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  return lines.find((line) => line !== '' && !line.startsWith('Downloading')) ?? 'no output';
}

function runInstaller(dir: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'install.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve(`could not run its installer: ${error.message}`));
    child.on('close', (code, signal) => {
      if (signal !== null) resolve(`downloading the Electron binary took longer than ${timeoutMs / 1000} s`);
      else if (code !== 0) resolve(`downloading the Electron binary failed: ${firstErrorLine(output)}`);
      else resolve(null);
    });
  });
}

/**
 * The Electron executable, downloading it (within a time limit) when the package is
 * installed but its binary is not; or the reason it cannot be had.
 */
export async function findElectron(options: FindElectronOptions = {}): Promise<ElectronLookup> {
  const env = options.env ?? process.env;
  const dir = options.packageDir ?? electronPackageDir();
  if (dir === null || !existsSync(path.join(dir, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const existing = binaryFromPathFile(dir, env);
  if (existing !== null && existsSync(existing)) return { ok: true, path: existing };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${existing})` };
  }
  if (options.download === false) return { ok: false, reason: 'the Electron binary is not downloaded' };
  const failure = await runInstaller(dir, env, options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS);
  if (failure !== null) return { ok: false, reason: failure };
  const downloaded = binaryFromPathFile(dir, env);
  return downloaded !== null && existsSync(downloaded)
    ? { ok: true, path: downloaded }
    : { ok: false, reason: 'the Electron installer finished but left no binary' };
}

/** Newest modification time (ms) of a file or of any file under a folder. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether renderer/dist is missing or older than the renderer's sources. */
export function rendererIsStale(rendererDir: string = RENDERER_DIR): boolean {
  const index = path.join(rendererDir, 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestMtime(path.join(rendererDir, 'src')),
    newestMtime(path.join(rendererDir, 'index.html')),
    newestMtime(path.join(rendererDir, 'vite.config.ts')),
  );
  return sources > statSync(index).mtimeMs;
}

/** Builds the renderer when needed; says so when there is no usable build (the app then shows a 503 page). */
export function ensureRendererBuilt(): void {
  if (!rendererIsStale()) return;
  const hasBuild = existsSync(RENDERER_INDEX);
  const missing = [RENDERER_CONFIG, path.join(RENDERER_DIR, 'src')].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    const names = missing.map((p) => path.relative(REPO_ROOT, p)).join(' and ');
    if (!hasBuild) console.log(`The user interface cannot be built: ${names} ${missing.length === 1 ? 'is' : 'are'} missing from this checkout.`);
    return;
  }
  console.log('Building the user interface (vite build)…');
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', RENDERER_CONFIG, '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status === 0) return;
  console.log(
    hasBuild
      ? 'Building the user interface failed (see above); using the previous build.'
      : 'Building the user interface failed (see above).',
  );
}

/** Why Electron cannot run on this machine even with its binary, or null. */
export function electronBlocker(): string | null {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set';
  }
  if (!existsSync(PRELOAD_BUNDLE)) {
    return 'electron/dist/preload.cjs is missing: run `npm run build:electron`';
  }
  return null;
}

function runElectron(binary: string, workspaceDir: string | undefined): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (workspaceDir !== undefined) env.SER_WORKSPACE = workspaceDir;
  const child = spawn(binary, [ELECTRON_ENTRY], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.log(`Electron could not be started: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === null ? 1 : 128 + (os.constants.signals[signal] ?? 0)));
    });
  });
}

/** `npm start [--browser] [--workspace DIR] [--port N]`: resolves with Electron's exit code, or undefined once browser mode runs (until SIGINT/SIGTERM). */
export async function launch(argv: readonly string[]): Promise<number | undefined> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      browser: { type: 'boolean', default: false },
      workspace: { type: 'string' },
      port: { type: 'string' },
    },
  });
  const workspaceDir = values.workspace === undefined ? undefined : path.resolve(values.workspace);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0 to 65535, got ${values.port}`);

  ensureRendererBuilt();
  if (!values.browser) {
    const electron = await findElectron();
    const reason = electron.ok ? electronBlocker() : electron.reason;
    if (electron.ok && reason === null) return runElectron(electron.path, workspaceDir);
    console.log(`Electron is not available here (${reason}); starting browser mode instead.`);
  }
  const { startBrowserMode } = await import('./browser-mode.ts');
  await startBrowserMode({ workspaceDir, port });
  return undefined;
}
