/**
 * The browser-mode web host against a fake back end: the token and cookie, the Host and
 * Origin checks, safe static files with their security headers, the media proxy (Range
 * passes through) and the contract over the WebSocket, including events.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { ContractError, methods } from '../../../electron/contract.ts';
import type { EventEnvelope, ReplyEnvelope } from '../../../electron/contract.ts';
import { createDispatcher } from '../../../electron/rpc/dispatch.ts';
import type { Handlers } from '../../../electron/rpc/dispatch.ts';
import { EventHub } from '../../../electron/rpc/event-hub.ts';
import { startWebHost, TOKEN_COOKIE } from '../../../electron/web-host.ts';
import type { WebHost, WebHostBackend } from '../../../electron/web-host.ts';

const INDEX_HTML = '<!doctype html><title>SER Studio</title><script type="module" src="./app.js"></script>';
const SECRET = 'top secret outside the static folder';
const AUDIO = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

interface Fake {
  backend: WebHostBackend;
  hub: EventHub;
  mediaRequests: Request[];
  /** Subscriptions currently open on the hub. */
  subscribers(): number;
}

function fakeBackend(): Fake {
  const unsupported = (): never => {
    throw new ContractError('unsupported', 'not part of this fake');
  };
  const handlers = Object.fromEntries(Object.keys(methods).map((name) => [name, unsupported])) as unknown as Handlers;
  handlers['engine.status'] = () => ({ state: 'ready', backend: 'cpu' });
  const dispatcher = createDispatcher(handlers, () => {});

  const hub = new EventHub();
  let open = 0;
  const events = {
    emit: hub.emit.bind(hub),
    subscribe(subscriber: (envelope: EventEnvelope) => void) {
      open++;
      const unsubscribe = hub.subscribe(subscriber);
      return () => {
        open--;
        return unsubscribe();
      };
    },
  } as EventHub;

  const mediaRequests: Request[] = [];
  async function media(request: Request): Promise<Response> {
    mediaRequests.push(request);
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.get('range') ?? '');
    if (range === null) {
      return new Response(AUDIO, { status: 200, headers: { 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes' } });
    }
    const start = Number(range[1]);
    const end = Number(range[2]);
    return new Response(AUDIO.subarray(start, end + 1), {
      status: 206,
      headers: {
        'Content-Type': 'audio/wav',
        'Content-Range': `bytes ${start}-${end}/${AUDIO.length}`,
        'Content-Length': String(end - start + 1),
      },
    });
  }

  return { backend: { dispatcher, events, media }, hub, mediaRequests, subscribers: () => open };
}

interface Setup {
  host: WebHost;
  fake: Fake;
  staticDir: string;
  /** The Host header browsers send for this server. */
  hostHeader: string;
  cookie: string;
}

async function setUp(t: test.TestContext, options: { withIndex?: boolean } = {}): Promise<Setup> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-web-host-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const staticDir = path.join(root, 'dist');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  if (options.withIndex !== false) await writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticDir, 'app.js'), 'console.log("app");');
  await writeFile(path.join(staticDir, 'assets', 'style.css'), 'body { margin: 0 }');
  await writeFile(path.join(staticDir, '.env'), 'SECRET=dotfile');
  await writeFile(path.join(root, 'secret.txt'), SECRET);
  const fake = fakeBackend();
  const host = await startWebHost({ backend: fake.backend, staticDir });
  t.after(() => host.close());
  return {
    host,
    fake,
    staticDir,
    hostHeader: `127.0.0.1:${host.port}`,
    cookie: `${TOKEN_COOKIE}=${host.token}`,
  };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request with the exact target and headers given (fetch would normalise both). */
function request(port: number, target: string, headers: Record<string, string>, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function get(s: Setup, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return request(s.host.port, target, { Host: s.hostHeader, ...headers });
}

test('the URL is http://127.0.0.1:PORT/?token=… with a fresh 256-bit token per launch', async (t) => {
  const a = await setUp(t);
  const b = await setUp(t);
  assert.equal(a.host.url, `http://127.0.0.1:${a.host.port}/?token=${a.host.token}`);
  assert.match(a.host.token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.host.token, b.host.token);
  assert.notEqual(a.host.port, b.host.port);
});

test('listens on 127.0.0.1 only: another address of this machine is refused', async (t) => {
  const s = await setUp(t);
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((info) => info !== undefined && info.family === 'IPv4' && !info.internal);
  if (external === undefined) {
    console.log('skipped: this machine has no non-loopback IPv4 address to try');
    t.skip('no non-loopback IPv4 address');
    return;
  }
  const res = await request(s.host.port, '/', { Host: s.hostHeader, Cookie: s.cookie });
  assert.equal(res.status, 200, 'reachable on loopback');
  await assert.rejects(
    new Promise((resolve, reject) => {
      const req = http.request({ host: external.address, port: s.host.port, path: '/' }, resolve);
      req.on('error', reject);
      req.end();
    }),
    /ECONNREFUSED/,
  );
});

test('without a token or cookie every request is 401 with a hint to open the printed URL', async (t) => {
  const s = await setUp(t);
  for (const target of ['/', '/app.js', '/media/audio/abc', '/rpc']) {
    const res = await get(s, target);
    assert.equal(res.status, 401, target);
    assert.match(res.body.toString(), /Open the URL that SER Studio printed/);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
  }
  assert.equal(s.fake.mediaRequests.length, 0, 'the back end never saw the unauthenticated media request');
});

test('a wrong token or wrong cookie is 401', async (t) => {
  const s = await setUp(t);
  const wrong = `${s.host.token.slice(0, -1)}${s.host.token.endsWith('A') ? 'B' : 'A'}`;
  assert.equal((await get(s, `/?token=${wrong}`)).status, 401);
  assert.equal((await get(s, '/?token=')).status, 401);
  assert.equal((await get(s, '/', { Cookie: `${TOKEN_COOKIE}=${wrong}` })).status, 401);
  assert.equal((await get(s, '/', { Cookie: `other=${s.host.token}` })).status, 401);
});

test('the right token sets an HttpOnly SameSite=Strict cookie and redirects to the URL without it', async (t) => {
  const s = await setUp(t);
  const res = await get(s, `/?token=${s.host.token}`);
  assert.equal(res.status, 302);
  assert.equal(res.headers.location, '/');
  const setCookie = res.headers['set-cookie'] ?? [];
  assert.equal(setCookie.length, 1);
  const parts = setCookie[0]!.split(';').map((p) => p.trim());
  assert.equal(parts[0], `${TOKEN_COOKIE}=${s.host.token}`);
  assert.ok(parts.includes('HttpOnly'), setCookie[0]);
  assert.ok(parts.includes('SameSite=Strict'), setCookie[0]);
  assert.ok(parts.includes('Path=/'), setCookie[0]);

  const page = await get(s, '/', { Cookie: parts[0]! });
  assert.equal(page.status, 200);
  assert.equal(page.body.toString(), INDEX_HTML);

  const other = await get(s, `/assets/style.css?v=2&token=${s.host.token}`);
  assert.equal(other.status, 302);
  assert.equal(other.headers.location, '/assets/style.css?v=2');
});

test('the redirect cannot be turned into one to another host', async (t) => {
  const s = await setUp(t);
  for (const target of [`//evil.example/?token=${s.host.token}`, `/\\evil.example/?token=${s.host.token}`]) {
    const res = await get(s, target);
    assert.equal(res.status, 302);
    assert.match(String(res.headers.location), /^\/[^/\\]/, `${target} → ${res.headers.location}`);
  }
});

test('a Host header other than 127.0.0.1:PORT or localhost:PORT is 403 (DNS rebinding), even with the cookie', async (t) => {
  const s = await setUp(t);
  for (const hostHeader of ['evil.example', `evil.example:${s.host.port}`, `127.0.0.1:${s.host.port + 1}`, '127.0.0.1']) {
    const res = await request(s.host.port, '/', { Host: hostHeader, Cookie: s.cookie });
    assert.equal(res.status, 403, hostHeader);
  }
  // Node's HTTP server itself answers a request without Host with 400.
  const noHost = await request(s.host.port, '/', { Cookie: s.cookie });
  assert.ok(noHost.status === 400 || noHost.status === 403, String(noHost.status));
  assert.equal((await request(s.host.port, '/', { Host: `localhost:${s.host.port}`, Cookie: s.cookie })).status, 200);
});

test('a foreign Origin is 403; this server as Origin is fine', async (t) => {
  const s = await setUp(t);
  for (const origin of ['https://evil.example', `http://127.0.0.1:${s.host.port + 1}`, 'null', `https://127.0.0.1:${s.host.port}`]) {
    const res = await get(s, '/', { Cookie: s.cookie, Origin: origin });
    assert.equal(res.status, 403, origin);
  }
  for (const origin of [`http://127.0.0.1:${s.host.port}`, `http://localhost:${s.host.port}`]) {
    assert.equal((await get(s, '/', { Cookie: s.cookie, Origin: origin })).status, 200, origin);
  }
  const media = await get(s, '/media/audio/abc', { Cookie: s.cookie, Origin: 'https://evil.example' });
  assert.equal(media.status, 403);
  assert.equal(s.fake.mediaRequests.length, 0);
});

test('static files: no path leaves the static folder and dotfiles are never served', async (t) => {
  const s = await setUp(t);
  const attempts = [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..\\secret.txt',
    '/%2e%2e%5csecret.txt',
    '/.env',
    '/%2eenv',
    '/assets/../.env',
    '/%00',
    '/%E0%A4%A',
  ];
  for (const target of attempts) {
    const res = await get(s, target, { Cookie: s.cookie });
    assert.ok(res.status === 403 || res.status === 404, `${target} → ${res.status}`);
    assert.ok(!res.body.toString().includes(SECRET), target);
    assert.ok(!res.body.toString().includes('dotfile'), target);
  }
  assert.equal((await get(s, '/missing.js', { Cookie: s.cookie })).status, 404);
  assert.equal((await get(s, '/assets', { Cookie: s.cookie })).status, 404, 'a folder is not a file');
});

test('static files have their content types; HTML gets the CSP and every response the hardening headers', async (t) => {
  const s = await setUp(t);
  const page = await get(s, '/', { Cookie: s.cookie });
  const csp = String(page.headers['content-security-policy']);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${s.host.port} ws://localhost:${s.host.port};`));
  assert.doesNotMatch(csp, /unsafe-eval/);

  const script = await get(s, '/app.js', { Cookie: s.cookie });
  assert.equal(script.status, 200);
  assert.match(String(script.headers['content-type']), /^text\/javascript/);
  assert.equal(script.body.toString(), 'console.log("app");');
  const css = await get(s, '/assets/style.css', { Cookie: s.cookie });
  assert.match(String(css.headers['content-type']), /^text\/css/);

  for (const res of [page, script, css]) {
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-frame-options'], 'DENY');
  }
  const post = await request(s.host.port, '/', { Host: s.hostHeader, Cookie: s.cookie }, 'POST');
  assert.equal(post.status, 405);
});

test('without a built renderer, / answers 503 saying to run npm run build:renderer', async (t) => {
  const s = await setUp(t, { withIndex: false });
  const res = await get(s, '/', { Cookie: s.cookie });
  assert.equal(res.status, 503);
  assert.match(res.body.toString(), /npm run build:renderer/);
  await writeFile(path.join(s.staticDir, 'index.html'), INDEX_HTML);
  assert.equal((await get(s, '/', { Cookie: s.cookie })).status, 200, 'a build made while running is served');
});

test('media requests reach the back end as web Requests with their Range; 206 and its headers pass through', async (t) => {
  const s = await setUp(t);
  const id = 'a'.repeat(64);
  const res = await get(s, `/media/audio/${id}`, { Cookie: s.cookie, Range: 'bytes=100-199' });
  assert.equal(res.status, 206);
  assert.equal(res.headers['content-range'], `bytes 100-199/${AUDIO.length}`);
  assert.equal(res.headers['content-type'], 'audio/wav');
  assert.deepEqual(res.body, AUDIO.subarray(100, 200));
  assert.equal(res.headers['x-content-type-options'], 'nosniff');

  assert.equal(s.fake.mediaRequests.length, 1);
  const seen = s.fake.mediaRequests[0]!;
  assert.equal(seen.method, 'GET');
  assert.equal(new URL(seen.url).pathname, `/media/audio/${id}`);
  assert.equal(seen.headers.get('range'), 'bytes=100-199');
  assert.equal(seen.headers.get('cookie'), null, 'the token cookie stays in the web host');

  const whole = await get(s, `/media/audio/${id}`, { Cookie: s.cookie });
  assert.equal(whole.status, 200);
  assert.deepEqual(whole.body, AUDIO);

  const head = await request(s.host.port, `/media/audio/${id}`, { Host: s.hostHeader, Cookie: s.cookie }, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test('a media handler that throws gives a 500, and the server keeps serving', async (t) => {
  const s = await setUp(t);
  s.fake.backend.media = () => Promise.reject(new Error('boom'));
  const res = await get(s, '/media/peaks/x', { Cookie: s.cookie });
  assert.equal(res.status, 500);
  assert.doesNotMatch(res.body.toString(), /boom/, 'internals are not shown to the client');
  assert.equal((await get(s, '/', { Cookie: s.cookie })).status, 200);
});

// ---- WebSocket ---------------------------------------------------------------------------------

/** The HTTP status a refused WebSocket handshake got. */
function refusedStatus(port: number, headers: Record<string, string>, target = '/rpc'): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${target}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error('the handshake was accepted'));
    });
    ws.on('error', () => {});
  });
}

interface Client {
  ws: WebSocket;
  next(): Promise<unknown>;
  send(value: unknown): void;
}

async function connect(s: Setup, headers: Record<string, string> = {}): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.host.port}/rpc`, { headers: { Cookie: s.cookie, ...headers } });
  const queue: unknown[] = [];
  const waiting: ((value: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const value: unknown = JSON.parse(String(data));
    const resolve = waiting.shift();
    if (resolve) resolve(value);
    else queue.push(value);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve))),
    send: (value) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
  };
}

test('the WebSocket handshake needs the cookie (or token), the right Host and no foreign Origin', async (t) => {
  const s = await setUp(t);
  assert.equal(await refusedStatus(s.host.port, {}), 401);
  assert.equal(await refusedStatus(s.host.port, { Cookie: `${TOKEN_COOKIE}=nope` }), 401);
  assert.equal(await refusedStatus(s.host.port, { Cookie: s.cookie, Origin: 'https://evil.example' }), 403);
  assert.equal(await refusedStatus(s.host.port, { Cookie: s.cookie, Host: 'evil.example' }), 403);
  assert.equal(await refusedStatus(s.host.port, { Cookie: s.cookie }, '/elsewhere'), 404);
  assert.equal(s.fake.subscribers(), 0);

  const withToken = new WebSocket(`ws://127.0.0.1:${s.host.port}/rpc?token=${s.host.token}`);
  await new Promise<void>((resolve, reject) => {
    withToken.once('open', () => resolve());
    withToken.once('error', reject);
  });
  withToken.close();
});

test('over the WebSocket a request round-trips and a bad one gets a typed error', async (t) => {
  const s = await setUp(t);
  const client = await connect(s, { Origin: `http://127.0.0.1:${s.host.port}` });
  t.after(() => client.ws.close());

  client.send({ id: 7, method: 'engine.status', params: {} });
  assert.deepEqual(await client.next(), { id: 7, ok: true, result: { state: 'ready', backend: 'cpu' } });

  client.send({ id: 8, method: 'workspace.open', params: { dir: 42 } });
  const invalid = (await client.next()) as ReplyEnvelope;
  assert.equal(invalid.id, 8);
  assert.equal(invalid.ok, false);
  assert.equal(!invalid.ok && invalid.error.code, 'invalid-input');
  assert.equal(!invalid.ok && invalid.error.field, 'dir');

  client.send({ id: 9, method: 'no.such.method', params: {} });
  const unknown = (await client.next()) as ReplyEnvelope;
  assert.equal(!unknown.ok && unknown.error.code, 'unknown-method');

  client.send('{not json');
  assert.deepEqual(await client.next(), { id: -1, ok: false, error: { code: 'invalid-input', message: 'not JSON' } });
  client.ws.send(Buffer.from('{"id":1}'), { binary: true });
  assert.deepEqual(await client.next(), { id: -1, ok: false, error: { code: 'invalid-input', message: 'not JSON' } });

  client.send({ id: 10, method: 'engine.status', params: {} });
  assert.equal(((await client.next()) as ReplyEnvelope).id, 10, 'the socket still works after bad messages');
});

test('a dispatcher bug becomes an internal error reply, not a crash', async (t) => {
  const s = await setUp(t);
  const client = await connect(s);
  t.after(() => client.ws.close());
  s.fake.backend.dispatcher = { handle: () => Promise.reject(new Error('bug')) };
  client.send({ id: 1, method: 'engine.status', params: {} });
  assert.deepEqual(await client.next(), { id: -1, ok: false, error: { code: 'internal', message: 'internal error' } });
  assert.equal((await get(s, '/', { Cookie: s.cookie })).status, 200);
});

test('events reach every socket; a closed socket is unsubscribed', async (t) => {
  const s = await setUp(t);
  const a = await connect(s);
  const b = await connect(s);
  assert.equal(s.fake.subscribers(), 2);

  s.fake.hub.emit('engine.status', { state: 'crashed', detail: 'test' });
  const expected = { event: 'engine.status', payload: { state: 'crashed', detail: 'test' } };
  assert.deepEqual(await a.next(), expected);
  assert.deepEqual(await b.next(), expected);

  const closed = new Promise((resolve) => a.ws.once('close', resolve));
  a.ws.close();
  await closed;
  // The server sees the close a moment after the client.
  for (let i = 0; i < 50 && s.fake.subscribers() !== 1; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(s.fake.subscribers(), 1);
  b.ws.close();
});

test('a message over the size limit closes the socket', async (t) => {
  const s = await setUp(t);
  const client = await connect(s);
  const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
  client.send({ id: 1, method: 'engine.status', params: { pad: 'x'.repeat(2 << 20) } });
  assert.equal(await closed, 1009, '1009 = message too big');
});

test('close() ends open sockets and stops listening', async (t) => {
  const s = await setUp(t);
  const client = await connect(s);
  const closed = new Promise((resolve) => client.ws.once('close', resolve));
  await s.host.close();
  await closed;
  assert.equal(s.fake.subscribers(), 0);
  await assert.rejects(get(s, '/', { Cookie: s.cookie }), /ECONNREFUSED/);
});
