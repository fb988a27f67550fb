/**
 * Browser mode's server (DESIGN.md §1): the built renderer, the media routes and the
 * contract over a WebSocket at /rpc, on 127.0.0.1 only.
 *
 * Anything on the machine can reach a loopback port, and any web page the user visits can
 * try to, so every request must prove it comes from the user who started the app:
 * - a per-launch random token, given once in the printed URL, then kept in an HttpOnly,
 *   SameSite=Strict cookie (and stripped from the address bar by a redirect);
 * - the Host header must name this loopback port (defeats DNS rebinding, where evil.com
 *   resolves to 127.0.0.1 and its pages become "same origin" with us);
 * - an Origin header, when present, must be this server (defeats cross-site requests and
 *   WebSocket hijacking; browsers always send Origin on a WebSocket handshake).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { Backend } from './backend/backend.ts';
import type { ReplyEnvelope } from './contract.ts';
import { contentSecurityPolicy, contentTypeFor, HARDENING_HEADERS, resolveStaticPath } from './security.ts';

/** The part of the back end the web host uses (tests pass a fake). */
export type WebHostBackend = Pick<Backend, 'dispatcher' | 'events' | 'media'>;

export interface WebHostOptions {
  backend: WebHostBackend;
  /** 0 (the default) picks any free port. */
  port?: number;
  /** The built renderer (renderer/dist). */
  staticDir: string;
  /** Defaults to a fresh random token. */
  token?: string;
  /** Where unexpected failures go (they are bugs: the client gets a 500 or an 'internal' error). */
  log?: (message: string) => void;
}

export interface WebHost {
  /** http://127.0.0.1:PORT/?token=… — the one URL the user opens. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_COOKIE = 'ser_token';
export const RPC_PATH = '/rpc';
const MEDIA_PREFIX = '/media/';
/** Contract requests are small; a megabyte leaves room and stops a flood early. */
export const MAX_MESSAGE_BYTES = 1 << 20;

const UNAUTHORIZED_TEXT =
  'Unauthorized. Open the URL that SER Studio printed when it started (it contains the access token).\n';
const NO_RENDERER_TEXT =
  'The user interface has not been built yet. Run `npm run build:renderer`, then reload this page.\n';

/** Compares secrets in constant time; hashing first makes lengths equal and hides them. */
function secretsEqual(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The raw request target split into path (still percent-encoded) and query. */
function splitTarget(target: string | undefined): { rawPath: string; query: URLSearchParams } {
  const value = target ?? '/';
  const q = value.indexOf('?');
  return q === -1
    ? { rawPath: value, query: new URLSearchParams() }
    : { rawPath: value.slice(0, q), query: new URLSearchParams(value.slice(q + 1)) };
}

type Verdict =
  | { ok: true; tokenInUrl: boolean; tokenValid: boolean }
  | { ok: false; status: 401 | 403; text: string };

/** The checks every request and every WebSocket handshake passes, in order. */
function createGate(token: string, port: number) {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  return (req: IncomingMessage, query: URLSearchParams): Verdict => {
    if (req.headers.host === undefined || !hosts.has(req.headers.host)) {
      return { ok: false, status: 403, text: `Forbidden: this server answers only as 127.0.0.1:${port}.\n` };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) {
      return { ok: false, status: 403, text: 'Forbidden: cross-origin requests are not accepted.\n' };
    }
    const fromUrl = query.get('token');
    const tokenValid = fromUrl !== null && secretsEqual(fromUrl, token);
    const fromCookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
    const cookieValid = fromCookie !== undefined && secretsEqual(fromCookie, token);
    if (!tokenValid && !cookieValid) return { ok: false, status: 401, text: UNAUTHORIZED_TEXT };
    return { ok: true, tokenInUrl: fromUrl !== null, tokenValid };
  };
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...HARDENING_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

/** The same location without `token`; leading slashes collapsed so it cannot become //other.host. */
function withoutToken(rawPath: string, query: URLSearchParams): string {
  const rest = new URLSearchParams(query);
  rest.delete('token');
  const search = rest.toString();
  return `/${rawPath.replace(/^[/\\]+/, '')}${search === '' ? '' : `?${search}`}`;
}

/** IncomingMessage → web Request (GET/HEAD only: media routes take no body). */
function toWebRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // The token cookie is this server's business, not the media handler's.
    if (value === undefined || name === 'cookie') continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), {
    method: req.method,
    headers,
    signal,
  });
}

async function writeWebResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = { ...HARDENING_HEADERS };
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  if (response.statusText === '') res.writeHead(response.status, headers);
  else res.writeHead(response.status, response.statusText, headers);
  if (req.method === 'HEAD' || response.body === null) {
    await response.body?.cancel();
    res.end();
    return;
  }
  // A client that goes away (seeking in the waveform aborts the old range) ends the
  // pipeline early; that is normal, not an error. The web stream is cancelled with it.
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  await pipeline(body, res).catch(() => body.destroy());
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function rawDataToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const NOT_JSON: ReplyEnvelope = { id: -1, ok: false, error: { code: 'invalid-input', message: 'not JSON' } };

/** One WebSocket: contract requests in, replies and every back-end event out. */
function serveSocket(ws: WebSocket, backend: WebHostBackend, log: (message: string) => void): void {
  const send = (message: unknown): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = backend.events.subscribe(send);
  ws.on('close', unsubscribe);
  // Oversized or malformed frames: ws closes the socket itself; this keeps it from throwing.
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    let parsed: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      parsed = JSON.parse(rawDataToBuffer(data).toString('utf8'));
    } catch {
      send(NOT_JSON);
      return;
    }
    // The dispatcher turns every failure into a typed error reply; a rejection is a bug.
    backend.dispatcher.handle(parsed).then(send, (error: unknown) => {
      log(`the dispatcher failed: ${describe(error)}`);
      send({ id: -1, ok: false, error: { code: 'internal', message: 'internal error' } } satisfies ReplyEnvelope);
    });
  });
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const reason = http.STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string, rawPath: string, csp: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed.\n', { Allow: 'GET, HEAD' });
    return;
  }
  const file = resolveStaticPath(staticDir, rawPath);
  const index = path.join(path.resolve(staticDir), 'index.html');
  if (file === index && !existsSync(index)) {
    sendText(res, 503, NO_RENDERER_TEXT);
    return;
  }
  const info = file === null ? null : await stat(file).catch(() => null);
  if (file === null || info === null || !info.isFile()) {
    sendText(res, 404, 'Not found.\n');
    return;
  }
  const type = contentTypeFor(file);
  res.writeHead(200, {
    ...HARDENING_HEADERS,
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': csp } : {}),
    'Content-Type': type,
    'Content-Length': String(info.size),
    // The build's file names change with their content except index.html; revalidating
    // everything on loopback costs nothing and never serves a stale UI.
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res).catch(() => undefined);
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on 127.0.0.1 is already in use: choose another with --port (0 picks a free one)`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { backend, staticDir } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (token.length === 0) throw new Error('the web host token must not be empty');
  const log = options.log ?? (() => undefined);

  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const port = await listen(server, options.port ?? 0);
  const gate = createGate(token, port);
  const csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });

  async function handleMedia(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed.\n', { Allow: 'GET, HEAD' });
      return;
    }
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
    let response: Response;
    try {
      response = await backend.media(toWebRequest(req, aborter.signal));
    } catch (error) {
      if (aborter.signal.aborted) return;
      log(`media request ${req.url} failed: ${describe(error)}`);
      sendText(res, 500, 'Internal error.\n');
      return;
    }
    await writeWebResponse(req, res, response);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { rawPath, query } = splitTarget(req.url);
    const verdict = gate(req, query);
    if (!verdict.ok) {
      sendText(res, verdict.status, verdict.text);
      return;
    }
    const isMedia = rawPath.startsWith(MEDIA_PREFIX);
    if (verdict.tokenInUrl && !isMedia && (req.method === 'GET' || req.method === 'HEAD')) {
      // Keep the token out of the address bar and history: the cookie carries it from now on.
      const cookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      res.writeHead(302, {
        ...HARDENING_HEADERS,
        Location: withoutToken(rawPath, query),
        'Cache-Control': 'no-store',
        ...(verdict.tokenValid ? { 'Set-Cookie': cookie } : {}),
      });
      res.end();
      return;
    }
    if (isMedia) await handleMedia(req, res);
    else if (rawPath === RPC_PATH) sendText(res, 426, 'This path speaks WebSocket only.\n', { Upgrade: 'websocket' });
    else await serveStatic(req, res, staticDir, rawPath, csp);
  }

  server.on('request', (req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      log(`request ${req.url} failed: ${describe(error)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error.\n');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const { rawPath, query } = splitTarget(req.url);
    const verdict = gate(req, query);
    if (!verdict.ok) {
      rejectUpgrade(socket, verdict.status, verdict.text);
      return;
    }
    if (rawPath !== RPC_PATH) {
      rejectUpgrade(socket, 404, 'Not found.\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, backend, log));
  });

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
