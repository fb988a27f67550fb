/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security)
 * as plain data and pure functions, so every rule is unit-tested in Node without an
 * Electron binary. Nothing here imports electron: the few Electron objects it touches are
 * described by minimal structural types that Electron's real ones satisfy. main.ts wires
 * these into the app; web-host.ts shares the CSP and the static-file path rule.
 */
import path from 'node:path';

// ---- Content Security Policy ---------------------------------------------------------------

/** Extra sources a host adds to the common policy (its WebSocket, its media scheme). */
export interface CspSources {
  media?: readonly string[];
  connect?: readonly string[];
}

/**
 * The renderer's policy: only its own scripts (no eval, no inline script), inline styles
 * (Svelte transitions set them), images and audio from itself or blob:/data: URLs, no
 * plugins, no <base>, no framing and no form posts.
 */
export function contentSecurityPolicy(extra: CspSources = {}): string {
  const join = (...sources: readonly string[]): string => sources.join(' ');
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `media-src ${join(`'self'`, 'blob:', ...(extra.media ?? []))}`,
    `connect-src ${join(`'self'`, ...(extra.connect ?? []))}`,
    `worker-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

/** The scheme the Electron renderer loads audio, peaks and spectrograms from. */
export const MEDIA_SCHEME = 'ser-media';
/** The scheme the Electron renderer's own files are served from (never file://). */
export const APP_SCHEME = 'app';
/** Origin of the renderer in Electron: a standard scheme, so it has a real origin. */
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;
/** Origin of the media URLs in Electron (what the back end gets as mediaBaseUrl). */
export const MEDIA_ORIGIN = `${MEDIA_SCHEME}://app`;

/** The policy for the Electron renderer: media and fetches may also reach ser-media:. */
export const RENDERER_CSP = contentSecurityPolicy({
  media: [`${MEDIA_SCHEME}:`],
  connect: [`${MEDIA_SCHEME}:`],
});

/** Headers every HTML page gets from either host, besides its CSP. */
export const HARDENING_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

// ---- BrowserWindow ---------------------------------------------------------------------------

/**
 * The renderer is an ordinary web page: isolated from the preload, sandboxed, no Node,
 * no <webview>, same-origin policy on. Spellcheck is off because it sends words to a
 * dictionary service on some platforms and the app has no free-text fields worth it.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const);

export type SecureWebPreferences = typeof SECURE_WEB_PREFERENCES & { preload: string };

/** The secure preferences with the (absolute) preload script. */
export function secureWebPreferences(preload: string): SecureWebPreferences {
  if (!path.isAbsolute(preload)) throw new Error(`the preload path must be absolute, got "${preload}"`);
  return { ...SECURE_WEB_PREFERENCES, preload };
}

// ---- Origins, navigation and IPC senders ----------------------------------------------------

/**
 * `scheme://host[:port]` of a URL, or null when it has none. Computed by hand because
 * WHATWG URL gives custom schemes (app:, ser-media:) the opaque origin "null", while
 * Chromium treats them as real origins once they are registered as standard.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** The window may only navigate within the app itself; anything else is an attack or a stray link. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  const origin = originOf(url);
  return origin !== null && origin === appOrigin;
}

/** IPC is answered only for frames showing the app (not an iframe or a page navigated elsewhere). */
export function isTrustedSender(frameUrl: string | undefined | null, appOrigin: string): boolean {
  return typeof frameUrl === 'string' && isAllowedNavigation(frameUrl, appOrigin);
}

// ---- Permissions ------------------------------------------------------------------------------

/** The part of a permission request the decision depends on. */
export interface PermissionQuery {
  permission: string;
  /** For 'media': what is asked for ('audio' = microphone, 'video' = camera). */
  mediaTypes: readonly string[];
  /** The URL of the frame that asks. */
  requestingUrl: string | undefined;
}

/**
 * Only the microphone, only for the app's own pages. The camera, screen capture,
 * notifications, geolocation and the rest are refused: the app never needs them.
 */
export function isPermissionAllowed(query: PermissionQuery, appOrigin: string): boolean {
  if (query.permission !== 'media') return false;
  if (!isTrustedSender(query.requestingUrl, appOrigin)) return false;
  return query.mediaTypes.includes('audio') && query.mediaTypes.every((type) => type === 'audio');
}

/** What Electron passes a permission request handler as `details` (the fields used here). */
export interface PermissionRequestDetails {
  requestingUrl?: string;
  mediaTypes?: readonly string[];
}

/** For `session.setPermissionRequestHandler`. */
export function permissionRequestHandler(
  appOrigin: string,
): (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void {
  return (_webContents, permission, callback, details) => {
    callback(
      isPermissionAllowed(
        { permission, mediaTypes: details.mediaTypes ?? [], requestingUrl: details.requestingUrl },
        appOrigin,
      ),
    );
  };
}

/** What Electron passes a permission check handler as `details` (the fields used here). */
export interface PermissionCheckDetails {
  requestingUrl?: string;
  mediaType?: string;
}

/** For `session.setPermissionCheckHandler` (synchronous checks such as enumerateDevices). */
export function permissionCheckHandler(
  appOrigin: string,
): (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean {
  return (_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(
      {
        permission,
        mediaTypes: details.mediaType === undefined ? [] : [details.mediaType],
        requestingUrl: details.requestingUrl ?? requestingOrigin,
      },
      appOrigin,
    );
}

// ---- WebContents ----------------------------------------------------------------------------

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents that hardenWebContents touches. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Applied to every WebContents the app creates: no navigating or redirecting away from
 * the app, no new windows (links to the web are not part of the app), no <webview>.
 */
export function hardenWebContents(contents: HardenableContents, appOrigin: string): void {
  const keepInApp = (event: PreventableEvent, url: string): void => {
    if (!isAllowedNavigation(url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

// ---- Static files -----------------------------------------------------------------------------

/**
 * The file inside `root` that a URL path names, or null when the path tries to leave
 * `root`, names a dotfile or dot-folder, or is malformed. `/` and folder paths mean their
 * index.html. Takes the raw (still percent-encoded) path, so encoded dots and slashes
 * (`%2e%2e`, `%2f`) are judged after decoding, like the file system would see them.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0')) return null;
  const segments = decoded.split(/[/\\]/).filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.') || segment.includes(':'))) return null;
  if (decoded.endsWith('/') || segments.length === 0) segments.push('index.html');
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  const relative = path.relative(base, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

/**
 * Content types of the renderer's files. Exact types matter: with nosniff, a script
 * served under another type is refused.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
