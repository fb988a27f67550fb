/**
 * The Electron main process: app lifecycle, the one window, and the contract bound to IPC
 * (DESIGN.md §1). Everything here is wiring; the rules it applies live in security.ts
 * (tested in plain Node) and the behaviour in the back end (shared with browser mode).
 *
 * The renderer is loaded from the privileged `app://renderer` scheme, not file://, so it
 * has a real origin: the CSP, the navigation and IPC sender checks and the permission
 * handler can all name exactly what is trusted. Audio, peaks and spectrograms come from
 * `ser-media://app`, answered by the back end's media handler (HTTP Range included).
 *
 * Started by electron/launch.ts as `electron electron/dev-main.mjs`, which registers tsx
 * and imports this file (sources are TypeScript, no build step); the packaged app runs it
 * bundled to JavaScript (electron/app-bundle.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, utilityProcess } from 'electron';
import type { OpenDialogOptions } from 'electron';
import { childEntry } from '../training/child-entry.ts';
import { appPaths } from './app-paths.ts';
import { createBackend } from './backend/backend.ts';
import type { Backend } from './backend/backend.ts';
import { EngineClient } from './engine/engine-client.ts';
import type { EngineChannel, EngineExit } from './engine/engine-client.ts';
import { createElectronSettingsStore } from './services/settings/electron-settings-store.ts';
import {
  APP_ORIGIN,
  APP_SCHEME,
  contentTypeFor,
  HARDENING_HEADERS,
  hardenWebContents,
  isTrustedSender,
  MEDIA_ORIGIN,
  MEDIA_SCHEME,
  originOf,
  permissionCheckHandler,
  permissionRequestHandler,
  RENDERER_CSP,
  resolveStaticPath,
  secureWebPreferences,
} from './security.ts';

const HERE = import.meta.dirname;
const RENDERER_DIR = path.resolve(HERE, '..', 'renderer', 'dist');
/** The preload must be one CommonJS file (a sandboxed preload cannot load modules): see preload.ts. */
const PRELOAD = path.join(HERE, 'dist', 'preload.cjs');
/** The engine entry: TypeScript through tsx's loader in development, its bundle when packaged. */
const ENGINE = childEntry(new URL('./engine/engine-process.ts', import.meta.url));

// The channel names preload.ts uses.
const REQUEST_CHANNEL = 'ser:request';
const EVENT_CHANNEL = 'ser:event';

function log(message: string): void {
  console.log(`[ser] ${message}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// Must happen before 'ready'. Both schemes are standard (real origins, relative URLs) and
// secure (getUserMedia for the microphone needs a secure context). ser-media streams, so
// <audio> can start playing and seek (Range) before a long file is read.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  {
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true },
  },
]);
// Every renderer sandboxed, whatever a future window's options say.
app.enableSandbox();

/** The engine as a utility process, behind the channel EngineClient expects. */
function launchEngine(): EngineChannel {
  const child = utilityProcess.fork(ENGINE.path, [], {
    execArgv: [...ENGINE.execArgv],
    serviceName: 'SER Studio ML engine',
    stdio: 'inherit',
  });
  const exitListeners = new Set<(exit: EngineExit) => void>();
  let exited = false;
  child.once('exit', (code) => {
    exited = true;
    for (const listener of exitListeners) listener({ code, signal: null });
  });
  child.on('error', (type, location) => log(`ML engine ${type} at ${location}`));
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void exitListeners.add(listener),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}

async function pickFolder(title?: string): Promise<string | null> {
  const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** app://renderer/<path> → the built renderer's file, with the CSP on every response. */
async function serveRenderer(request: Request): Promise<Response> {
  const headers = { ...HARDENING_HEADERS, 'Content-Security-Policy': RENDERER_CSP };
  const url = new URL(request.url);
  const file = originOf(request.url) === APP_ORIGIN ? resolveStaticPath(RENDERER_DIR, url.pathname) : null;
  if (file === null) return new Response('Not found', { status: 404, headers });
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    return new Response('The user interface has not been built yet: run `npm run build:renderer`.', {
      status: 503,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(file) } });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}

/**
 * ser-media://app/… is another origin than app://renderer, so the renderer's fetches of
 * peaks and audio need CORS headers (the <audio> element alone would not).
 */
async function serveMedia(backend: Backend, request: Request): Promise<Response> {
  const cors = {
    'Access-Control-Allow-Origin': APP_ORIGIN,
    'Access-Control-Allow-Methods': 'GET, HEAD',
    'Access-Control-Allow-Headers': 'Range',
    'Access-Control-Expose-Headers': 'Accept-Ranges, Content-Length, Content-Range, Content-Type',
    Vary: 'Origin',
  };
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
  try {
    const response = await backend.media(request);
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(cors)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  } catch (error) {
    log(`media request ${request.url} failed: ${describe(error)}`);
    return new Response('Internal error', { status: 500, headers: cors });
  }
}

function createWindow(backend: Backend): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'SER Studio',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  window.once('ready-to-show', () => window.show());
  const contents = window.webContents;
  const unsubscribe = backend.events.subscribe((envelope) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, envelope);
  });
  window.on('closed', unsubscribe);
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

interface Running {
  backend: Backend;
  engine: EngineClient;
}

async function start(): Promise<Running> {
  const paths = appPaths({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    userData: app.getPath('userData'),
    logs: app.getPath('logs'),
    documents: app.getPath('documents'),
  });
  log(`${paths.situation}: resources in ${paths.resourcesDir}, settings in ${paths.settingsDir}`);
  const settings = createElectronSettingsStore({ cwd: paths.settingsDir });
  if (settings.damagedFile !== null) log(`the settings file was damaged and replaced by defaults: ${JSON.stringify(settings.damagedFile)}`);

  const engine = new EngineClient(launchEngine);
  engine.on('event', (event) => {
    if (event.event === 'log') log(`engine ${event.level}: ${event.message}`);
    else log(`engine ready: ${event.reason}`);
  });
  // Not awaited: the window opens while tfjs loads; requests wait for the engine meanwhile.
  engine.start().catch((error: unknown) => log(`the ML engine did not start: ${describe(error)}`));

  const backend = await createBackend({
    mode: 'electron',
    settings,
    engine,
    mediaBaseUrl: MEDIA_ORIGIN,
    pickFolder,
    // launch.ts passes `npm start --workspace DIR` this way (Electron's argv is its own).
    workspaceDir: process.env.SER_WORKSPACE || undefined,
    log,
  });

  protocol.handle(APP_SCHEME, serveRenderer);
  protocol.handle(MEDIA_SCHEME, (request) => serveMedia(backend, request));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(permissionRequestHandler(APP_ORIGIN));
  ses.setPermissionCheckHandler(permissionCheckHandler(APP_ORIGIN));

  ipcMain.handle(REQUEST_CHANNEL, (event, raw: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, APP_ORIGIN)) {
      throw new Error('requests are answered only for the app itself');
    }
    return backend.dispatcher.handle(raw);
  });

  createWindow(backend);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(backend);
  });
  return { backend, engine };
}

/** Finishes running imports, closes the workspace and stops the engine, once. */
function quitCleanly(running: Promise<Running | undefined>): void {
  let cleaned = false;
  let cleaning = false;
  app.on('will-quit', (event) => {
    if (cleaned) return;
    event.preventDefault();
    if (cleaning) return;
    cleaning = true;
    void (async () => {
      const parts = await running;
      if (parts !== undefined) {
        await parts.backend.close().catch((error: unknown) => log(`closing the back end failed: ${describe(error)}`));
        await parts.engine.stop();
      }
      cleaned = true;
      app.quit();
    })();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another SER Studio is running; it gets focused by its 'second-instance' handler.
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Every WebContents, including any a bug or an attack might create, is locked to the app.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, APP_ORIGIN));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  const running = app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('SER Studio could not start', describe(error));
      app.exit(1);
      return undefined;
    });
  quitCleanly(running);
}
