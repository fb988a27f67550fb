/**
 * Browser mode (DESIGN.md §1): the same back end as Electron, with settings in `conf`,
 * the engine as a child_process and the UI served by the web host on 127.0.0.1. Used by
 * `npm start` when Electron is not available and by `ser serve`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createBackend } from './backend/backend.ts';
import { EngineClient } from './engine/engine-client.ts';
import { forkEngine } from './engine/fork-engine.ts';
import { createNodeSettingsStore } from './services/settings/settings-store.ts';
import { startWebHost } from './web-host.ts';

/** The built renderer in this checkout. */
export const DEFAULT_STATIC_DIR = path.resolve(import.meta.dirname, '..', 'renderer', 'dist');

export interface BrowserModeOptions {
  /** Open this workspace (absolute) at start; else the most recent one, if any. */
  workspaceDir?: string;
  /** 0 (the default) picks any free port. */
  port?: number;
  /** The built renderer; default renderer/dist. */
  staticDir?: string;
  /** Folder of the settings file; default the OS config folder (tests pass a temp dir). */
  settingsDir?: string;
}

export interface BrowserMode {
  /** The URL to open, with its access token. */
  url: string;
  close(): Promise<void>;
}

function log(message: string): void {
  console.error(`[ser] ${message}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<BrowserMode> {
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const settings = createNodeSettingsStore({ cwd: options.settingsDir });
  if (settings.damagedFile !== null) {
    log(`the settings file was damaged and replaced by defaults: ${JSON.stringify(settings.damagedFile)}`);
  }

  const engine = new EngineClient(() => forkEngine());
  engine.on('event', (event) => {
    if (event.event === 'log') log(`engine ${event.level}: ${event.message}`);
    else log(`engine ready: ${event.reason}`);
  });
  // Not awaited: the page can load while tfjs starts; engine requests wait for it.
  engine.start().catch((error: unknown) => log(`the ML engine did not start: ${describe(error)}`));

  let backend: Awaited<ReturnType<typeof createBackend>> | undefined;
  let host: Awaited<ReturnType<typeof startWebHost>> | undefined;
  try {
    backend = await createBackend({
      mode: 'browser',
      settings,
      engine,
      mediaBaseUrl: '',
      workspaceDir: options.workspaceDir,
      log,
    });
    host = await startWebHost({ backend, port: options.port, staticDir, log });
  } catch (error) {
    await backend?.close();
    await engine.stop();
    throw error;
  }
  const started = { backend, host };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await started.host.close();
      try {
        await started.backend.close();
      } finally {
        await engine.stop();
      }
    })();
    return closing;
  };
  function onSignal(signal: NodeJS.Signals): void {
    log(`${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${describe(error)}`);
        process.exit(1);
      },
    );
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (!existsSync(path.join(staticDir, 'index.html'))) {
    log(`no built user interface in ${staticDir}: run \`npm run build:renderer\` (the page says so too)`);
  }
  console.log(`SER Studio is running at ${host.url}`);
  return { url: host.url, close };
}
