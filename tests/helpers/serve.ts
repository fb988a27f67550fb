/**
 * `ser serve` as a user starts it: a real child process on 127.0.0.1, its URL (with the
 * access token) read from the line it prints. Settings go to a folder of the test's own.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface ServedApp {
  url: string;
  origin: string;
  port: number;
  child: ChildProcess;
  /** Everything the server printed, for failure messages. */
  output(): string;
  /** SIGTERM and wait; `signal` SIGKILL simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const URL_LINE = /SER Studio is running at (http:\/\/127\.0\.0\.1:(\d+)\/\S*)/;

/**
 * Adds `firstRun: {completed: true}` to the settings in `settingsDir` unless they say
 * otherwise; a file that is not JSON (a suite testing damaged settings) is left as it is.
 */
function markFirstRunDone(settingsDir: string): void {
  const file = path.join(settingsDir, 'settings.json');
  let stored: unknown = {};
  try {
    if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || 'firstRun' in stored) return;
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...stored, firstRun: { completed: true } })}\n`);
}

export function serve(options: {
  /** Opened at start; none for a first run that chooses its own. */
  workspace?: string;
  settingsDir: string;
  /** Where the folder browser starts (the server's home folder). */
  home: string;
  port?: number;
  timeoutMs?: number;
  /** More environment for the child (SER_ZENODO_API_URL, PATH with a fake recorder). */
  env?: NodeJS.ProcessEnv;
  /**
   * Unless false, the settings file (created if missing) says first run is completed, so
   * suites about other views open on them; the first-run suite passes false.
   */
  firstRunDone?: boolean;
}): Promise<ServedApp> {
  if (options.firstRunDone ?? true) markFirstRunDone(options.settingsDir);
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'bin/ser.mjs'),
      'serve',
      ...(options.workspace === undefined ? [] : ['--workspace', options.workspace]),
      '--port',
      String(options.port ?? 0),
    ],
    {
      env: { ...process.env, ...options.env, SER_SETTINGS_DIR: options.settingsDir, HOME: options.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ser serve printed no URL within ${options.timeoutMs ?? 30000} ms:\n${output}`));
    }, options.timeoutMs ?? 30000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1];
      resolve({
        url,
        origin: new URL(url).origin,
        port: Number(match[2]),
        child,
        output: () => output,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ser serve exited (${code}) before printing its URL:\n${output}`));
    });
  });
}
