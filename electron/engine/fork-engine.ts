/**
 * Launches the engine with child_process.fork, for browser mode, the CLI and tests.
 * (Electron launches it with utilityProcess.fork behind the same EngineChannel.)
 * The sources are TypeScript run through tsx, loaded the way fold-pool.ts loads its workers
 * (training/child-entry.ts).
 */
import { fork } from 'node:child_process';
import { type ChildEntry, childEntry } from '../../training/child-entry.ts';
import type { BackendRequest } from '../../training/model/backend.ts';
import type { EngineChannel, EngineExit } from './engine-client.ts';

/** How long a stopped engine gets to exit before it is killed outright. */
const KILL_GRACE_MS = 2000;

export interface ForkEngineOptions {
  /** Forces a tfjs backend; default: the engine's own choice ($SER_BACKEND, else 'auto'). */
  backend?: BackendRequest;
  /** Environment of the engine (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** What to run (default: engine-process.ts beside this file); tests pass a packaged build's bundle. */
  entry?: ChildEntry;
}

export function forkEngine(options: ForkEngineOptions = {}): EngineChannel {
  const entry = options.entry ?? childEntry(new URL('./engine-process.ts', import.meta.url));
  const child = fork(entry.path, options.backend === undefined ? [] : [`--backend=${options.backend}`], {
    execArgv: [...entry.execArgv],
    // Structured clone, as Electron's utilityProcess uses, so both channels carry the same values.
    serialization: 'advanced',
    // The engine's stdout goes to our stderr: a host's stdout may be JSON (`ser … --json`)
    // or a test runner's protocol, which stray library output would corrupt.
    stdio: ['ignore', 2, 2, 'ipc'],
    env: options.env ?? process.env,
  });
  const exitListeners = new Set<(exit: EngineExit) => void>();
  let exited = false;
  const reportExit = (exit: EngineExit): void => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(exit);
  };
  child.once('exit', (code, signal) => reportExit({ code, signal }));
  // 'error' without an 'exit' means the process never started.
  child.on('error', () => {
    if (child.pid === undefined) reportExit({ code: null, signal: null });
  });
  return {
    // A closed channel reports through the callback; the exit that follows rejects the request.
    send: (message) => void child.send(message, () => {}),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void exitListeners.add(listener),
    kill: () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      timer.unref();
      child.once('exit', () => clearTimeout(timer));
    },
  };
}
