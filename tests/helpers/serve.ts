/**
 * `ser serve` as a user starts it: a real child process on 127.0.0.1, its URL (with the
 * access token) read from the line it prints. Settings go to a folder of the test's own.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
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

export function serve(options: {
  workspace: string;
  settingsDir: string;
  /** Where the folder browser starts (the server's home folder). */
  home: string;
  port?: number;
  timeoutMs?: number;
}): Promise<ServedApp> {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin/ser.mjs'), 'serve', '--workspace', options.workspace, '--port', String(options.port ?? 0)],
    {
      env: { ...process.env, SER_SETTINGS_DIR: options.settingsDir, HOME: options.home },
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
