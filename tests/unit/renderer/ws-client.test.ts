/**
 * The browser-mode WebSocket client against a scripted fake socket and manual timers:
 * request/reply matching, errors, events, queueing, reconnect with backoff.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RpcError, WsClient, backoffDelay } from '../../../renderer/src/lib/ws-client.ts';
import type { ConnectionState, SocketLike } from '../../../renderer/src/lib/ws-client.ts';

class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  // Test controls
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  sentMessages(): Array<{ id: number; method: string; params: unknown }> {
    return this.sent.map((text) => JSON.parse(text));
  }
}

function setup() {
  FakeSocket.instances = [];
  const timers: Array<{ callback: () => void; ms: number; cleared: boolean }> = [];
  const client = new WsClient({
    url: 'ws://127.0.0.1:5000/rpc',
    WebSocket: FakeSocket,
    setTimer: (callback, ms) => {
      const timer = { callback, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  });
  const states: ConnectionState[] = [];
  client.onStateChange((state) => states.push(state));
  const socket = () => FakeSocket.instances[FakeSocket.instances.length - 1];
  /** Fires the latest pending timer and returns its delay. */
  const fireTimer = () => {
    const timer = timers.filter((t) => !t.cleared).pop();
    assert.ok(timer, 'a reconnect timer is scheduled');
    timer.cleared = true;
    timer.callback();
    return timer.ms;
  };
  return { client, socket, timers, states, fireTimer };
}

test('connects to the given URL and matches replies to requests by id', async () => {
  const { client, socket } = setup();
  assert.equal(socket().url, 'ws://127.0.0.1:5000/rpc');
  assert.equal(client.state, 'connecting');
  socket().open();
  const info = client.request('settings.get', {});
  const list = client.request('clips.list', { offset: 0, limit: 10 });
  const [a, b] = socket().sentMessages();
  assert.equal(a.method, 'settings.get');
  assert.equal(b.method, 'clips.list');
  assert.deepEqual(b.params, { offset: 0, limit: 10 });
  assert.notEqual(a.id, b.id);
  // Replies out of order still reach the right promise.
  socket().receive({ id: b.id, ok: true, result: { total: 3, rows: [] } });
  socket().receive({ id: a.id, ok: true, result: { annotator: 'ana' } });
  assert.deepEqual(await list, { total: 3, rows: [] });
  assert.deepEqual(await info, { annotator: 'ana' });
});

test('a failed request rejects with an RpcError carrying code, message and field', async () => {
  const { client, socket } = setup();
  socket().open();
  const reply = client.request('workspace.open', { dir: 'relative' });
  const { id } = socket().sentMessages()[0];
  socket().receive({
    id,
    ok: false,
    error: { code: 'invalid-input', message: 'must be an absolute path', field: 'dir' },
  });
  await assert.rejects(reply, (error: unknown) => {
    assert.ok(error instanceof RpcError);
    assert.ok(error instanceof Error);
    assert.equal(error.code, 'invalid-input');
    assert.equal(error.message, 'must be an absolute path');
    assert.equal(error.field, 'dir');
    return true;
  });
});

test('requests made before the socket opens are sent once it does', async () => {
  const { client, socket } = setup();
  const reply = client.request('app.info', {});
  assert.equal(socket().sent.length, 0);
  socket().open();
  const [message] = socket().sentMessages();
  assert.equal(message.method, 'app.info');
  socket().receive({ id: message.id, ok: true, result: { version: '1' } });
  assert.deepEqual(await reply, { version: '1' });
});

test('events reach their listeners until unsubscribed; a throwing listener does not stop others', () => {
  const { client, socket } = setup();
  socket().open();
  const seen: unknown[] = [];
  const original = console.error;
  console.error = () => {};
  try {
    client.on('labels.changed', () => {
      throw new Error('faulty listener');
    });
    const off = client.on('labels.changed', (payload) => seen.push(payload.clipId));
    client.on('import.progress', () => seen.push('wrong event'));
    socket().receive({ event: 'labels.changed', payload: { clipId: 'c1' } });
    off();
    socket().receive({ event: 'labels.changed', payload: { clipId: 'c2' } });
  } finally {
    console.error = original;
  }
  assert.deepEqual(seen, ['c1']);
});

test('garbage messages are ignored', async () => {
  const { client, socket } = setup();
  socket().open();
  const reply = client.request('settings.get', {});
  const original = console.warn;
  let warnings = 0;
  console.warn = () => warnings++;
  try {
    socket().onmessage?.({ data: 'not json' });
    socket().onmessage?.({ data: JSON.stringify([1, 2]) });
  } finally {
    console.warn = original;
  }
  assert.equal(warnings, 2);
  const { id } = socket().sentMessages()[0];
  socket().receive({ id, ok: true, result: 'still works' });
  assert.equal(await reply, 'still works');
});

test('a drop rejects sent requests with "disconnected", reconnects with backoff and notifies', async () => {
  const { client, socket, states, fireTimer } = setup();
  let reconnects = 0;
  client.onReconnect(() => reconnects++);
  socket().open();
  const first = socket();
  const inFlight = client.request('labels.set', { clipId: 'x', annotator: 'a', label: 'sad' });
  first.drop();
  await assert.rejects(
    inFlight,
    (error: unknown) => error instanceof RpcError && error.code === 'disconnected',
  );
  assert.equal(client.state, 'reconnecting');

  // Made while disconnected: waits for the new socket instead of failing.
  const queued = client.request('settings.get', {});

  // Two failed attempts: the delay grows.
  assert.equal(fireTimer(), 250);
  assert.notEqual(socket(), first);
  socket().drop();
  assert.equal(fireTimer(), 500);
  socket().drop();
  assert.equal(fireTimer(), 1000);
  assert.equal(reconnects, 0);

  socket().open();
  assert.equal(client.state, 'open');
  assert.equal(reconnects, 1);
  const [message] = socket().sentMessages();
  assert.equal(message.method, 'settings.get');
  socket().receive({ id: message.id, ok: true, result: 'fresh' });
  assert.equal(await queued, 'fresh');
  assert.deepEqual(states, ['open', 'reconnecting', 'open']);

  // The backoff starts over after a successful connection.
  socket().drop();
  assert.equal(fireTimer(), 250);
});

test('the first connect failing keeps the state "connecting" and retries', () => {
  const { client, socket, fireTimer } = setup();
  let reconnects = 0;
  client.onReconnect(() => reconnects++);
  socket().drop();
  assert.equal(client.state, 'connecting');
  fireTimer();
  socket().open();
  assert.equal(client.state, 'open');
  assert.equal(reconnects, 0, 'the first successful connect is not a reconnect');
});

test('close() rejects everything and stops reconnecting', async () => {
  const { client, socket, timers } = setup();
  socket().open();
  const pending = client.request('settings.get', {});
  client.close();
  await assert.rejects(
    pending,
    (error: unknown) => error instanceof RpcError && error.code === 'disconnected',
  );
  assert.equal(client.state, 'closed');
  assert.equal(timers.filter((t) => !t.cleared).length, 0);
  await assert.rejects(client.request('settings.get', {}), RpcError);
});

test('backoffDelay grows geometrically up to the cap', () => {
  const backoff = { initialMs: 100, maxMs: 1000, factor: 3 };
  assert.deepEqual(
    [0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, backoff)),
    [100, 300, 900, 1000, 1000],
  );
});
