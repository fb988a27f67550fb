// EngineClient against a fake engine channel (no process): request/reply matching, result
// validation, waiting for readiness, crash handling, restart backoff, timeouts and stop().
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  EngineClient,
  type EngineChannel,
  type EngineExit,
  EngineProtocolError,
  EngineRequestError,
  type EngineStatus,
  EngineTimeoutError,
  EngineUnavailableError,
} from '../../../electron/engine/engine-client.ts';
import type { HostMessage } from '../../../electron/engine/protocol.ts';

const BACKOFF = { initialMs: 500, maxMs: 4000, healthyAfterMs: 30_000 };

const STATUS_RESULT = { backend: 'wasm', reason: 'wasm (test)', models: [], pid: 42 };

/** One pretend engine process. */
class FakeEngine implements EngineChannel {
  readonly sent: HostMessage[] = [];
  alive = true;
  killed = false;
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly exitListeners: ((exit: EngineExit) => void)[] = [];

  send(message: HostMessage): void {
    assert.ok(this.alive, 'nothing is sent to a dead engine');
    this.sent.push(message);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (exit: EngineExit) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.killed = true;
    // A real process exits some time after the signal.
    setImmediate(() => this.exit({ code: null, signal: 'SIGTERM' }));
  }

  emit(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }
  ready(): void {
    this.emit({ kind: 'event', event: 'ready', backend: 'wasm', reason: 'wasm (test)' });
  }
  reply(requestId: number, result: unknown): void {
    this.emit({ kind: 'reply', requestId, ok: true, result });
  }
  exit(exit: EngineExit): void {
    if (!this.alive) return;
    this.alive = false;
    for (const listener of this.exitListeners) listener(exit);
  }
  /** The id of the n-th request this engine received. */
  idOf(n: number): number {
    const message = this.sent[n];
    assert.ok(message !== undefined, `request ${n} was not sent`);
    return message.requestId;
  }
}

/** A client whose launches are recorded; also checks that two engines never live at once. */
function harness(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const engines: FakeEngine[] = [];
  let overlaps = 0;
  const client = new EngineClient(
    () => {
      if (engines.some((e) => e.alive)) overlaps++;
      const engine = new FakeEngine();
      engines.push(engine);
      return engine;
    },
    { backoff: BACKOFF },
  );
  const statuses: EngineStatus[] = [];
  client.on('status', (s) => statuses.push(s));
  t.after(() => assert.equal(overlaps, 0, 'a second engine was launched while one was alive'));
  const latest = (): FakeEngine => {
    const engine = engines.at(-1);
    assert.ok(engine !== undefined, 'no engine launched');
    return engine;
  };
  return { client, engines, statuses, latest };
}

/** Let pending promise callbacks and setImmediate run (timers stay mocked). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records how a promise ends without letting a rejection go unhandled. */
function outcome<T>(promise: Promise<T>): { value?: T; error?: unknown; done: boolean } {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
}

async function readyClient(t: TestContext) {
  const h = harness(t);
  const started = h.client.start();
  h.latest().ready();
  await started;
  return h;
}

describe('EngineClient requests', () => {
  it('starts, becomes ready with the backend, and resolves a validated result', async (t) => {
    const { client, statuses, latest } = harness(t);
    assert.equal(client.status.state, 'stopped');
    const started = outcome(client.start());
    assert.equal(client.status.state, 'starting');
    latest().ready();
    await settle();
    assert.ok(started.done && started.error === undefined);
    assert.deepEqual(client.status, { state: 'ready', backend: 'wasm', detail: 'wasm (test)' });
    assert.deepEqual(statuses.map((s) => s.state), ['starting', 'ready']);

    const status = outcome(client.request('status', {}));
    const [message] = latest().sent;
    assert.deepEqual(message, { kind: 'request', requestId: message.requestId, method: 'status', params: {} });
    latest().reply(message.requestId, STATUS_RESULT);
    await settle();
    assert.deepEqual(status.value, STATUS_RESULT);
  });

  it('matches replies to requests by requestId, whatever their order', async (t) => {
    const { client, latest } = await readyClient(t);
    const first = outcome(client.request('modelInfo', { modelDir: '/a' }));
    const second = outcome(client.request('status', {}));
    const engine = latest();
    engine.reply(engine.idOf(1), { ...STATUS_RESULT, pid: 2 });
    engine.emit({ kind: 'reply', requestId: engine.idOf(0), ok: false, error: { code: 'model', message: '/a: not a model' } });
    await settle();
    assert.equal((second.value as { pid: number }).pid, 2);
    assert.ok(first.error instanceof EngineRequestError);
    assert.equal(first.error.code, 'model');
    assert.equal(first.error.message, '/a: not a model');
  });

  it('rejects a result outside the protocol with EngineProtocolError', async (t) => {
    const { client, latest } = await readyClient(t);
    const request = outcome(client.request('status', {}));
    latest().reply(latest().idOf(0), { backend: 'abacus', pid: 'x' });
    await settle();
    assert.ok(request.error instanceof EngineProtocolError, String(request.error));
    assert.match(request.error.message, /backend/);
  });

  it('rejects the request a malformed reply names', async (t) => {
    const { client, latest } = await readyClient(t);
    const request = outcome(client.request('status', {}));
    latest().emit({ kind: 'reply', requestId: latest().idOf(0), ok: false, error: { code: 'nonsense' } });
    await settle();
    assert.ok(request.error instanceof EngineProtocolError, String(request.error));
  });

  it('holds requests made while starting and sends them, in order, once ready', async (t) => {
    const { client, latest } = harness(t);
    void client.start();
    const a = outcome(client.request('modelInfo', { modelDir: '/a' }));
    const b = outcome(client.request('modelInfo', { modelDir: '/b' }));
    assert.equal(latest().sent.length, 0, 'nothing is sent before ready');
    latest().ready();
    assert.deepEqual(latest().sent.map((m) => (m.method === 'modelInfo' ? m.params.modelDir : '')), ['/a', '/b']);
    await settle();
    assert.equal(a.done || b.done, false);
  });

  it('times out with EngineTimeoutError and ignores the late reply', async (t) => {
    const { client, latest } = await readyClient(t);
    const request = outcome(client.request('status', {}, { timeoutMs: 1000 }));
    t.mock.timers.tick(999);
    await settle();
    assert.equal(request.done, false);
    t.mock.timers.tick(1);
    await settle();
    assert.ok(request.error instanceof EngineTimeoutError);
    latest().reply(latest().idOf(0), STATUS_RESULT); // must not throw or resolve anything
    await settle();
    assert.ok(request.error instanceof EngineTimeoutError);
  });

  it('rejects on abort; an aborted request that was waiting is never sent', async (t) => {
    const { client, latest } = harness(t);
    void client.start();
    const controller = new AbortController();
    const request = outcome(client.request('status', {}, { signal: controller.signal }));
    controller.abort(new Error('user left the page'));
    await settle();
    assert.equal((request.error as Error).message, 'user left the page');
    latest().ready();
    assert.equal(latest().sent.length, 0);
    await assert.rejects(client.request('status', {}, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  it('refuses requests before start()', async (t) => {
    const { client } = harness(t);
    await assert.rejects(client.request('status', {}), EngineUnavailableError);
  });
});

describe('EngineClient crashes and restarts', () => {
  it('rejects pending requests with EngineUnavailableError, restarts after the backoff, and serves requests made meanwhile', async (t) => {
    const { client, engines, statuses, latest } = await readyClient(t);
    const pending = outcome(client.request('status', {}));
    latest().exit({ code: null, signal: 'SIGKILL' });
    await settle();
    assert.ok(pending.error instanceof EngineUnavailableError);
    assert.match(pending.error.message, /stopped \(SIGKILL\) and is restarting/);
    assert.equal(client.status.state, 'crashed');
    assert.match(client.status.detail ?? '', /restarting in 0\.5 s/);

    const meanwhile = outcome(client.request('status', {}));
    t.mock.timers.tick(499);
    assert.equal(engines.length, 1, 'no restart before the backoff');
    t.mock.timers.tick(1);
    assert.equal(engines.length, 2);
    assert.equal(client.status.state, 'starting');
    latest().ready();
    latest().reply(latest().idOf(0), STATUS_RESULT);
    await settle();
    assert.deepEqual(meanwhile.value, STATUS_RESULT);
    assert.deepEqual(statuses.map((s) => s.state), ['starting', 'ready', 'crashed', 'starting', 'ready']);
  });

  it('doubles the delay for each engine that dies before it is healthy, up to the cap', async (t) => {
    const { client, engines, latest } = harness(t);
    void client.start().catch(() => {});
    const delays: number[] = [];
    for (let crash = 0; crash < 6; crash++) {
      latest().exit({ code: 1, signal: null });
      const launched = engines.length;
      let waited = 0;
      while (engines.length === launched) {
        t.mock.timers.tick(100);
        waited += 100;
      }
      delays.push(waited);
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('goes back to the shortest delay after an engine was healthy for healthyAfterMs', async (t) => {
    const { client, engines, latest } = await readyClient(t);
    latest().exit({ code: 1, signal: null });
    t.mock.timers.tick(500);
    latest().exit({ code: 1, signal: null }); // died while starting: the next delay doubles
    t.mock.timers.tick(999);
    assert.equal(engines.length, 2);
    t.mock.timers.tick(1);
    assert.equal(engines.length, 3);
    latest().ready();
    t.mock.timers.tick(BACKOFF.healthyAfterMs);
    latest().exit({ code: null, signal: 'SIGSEGV' });
    t.mock.timers.tick(500);
    assert.equal(engines.length, 4, 'healthy engine: restart after initialMs again');
    assert.equal(client.status.state, 'starting');
  });

  it('rejects requests waiting for an engine that dies while starting, with the error it logged', async (t) => {
    const { client, latest } = harness(t);
    const started = outcome(client.start());
    const waiting = outcome(client.request('status', {}));
    latest().emit({ kind: 'event', event: 'log', level: 'error', message: "Backend 'gpu' is unavailable: no CUDA" });
    latest().exit({ code: 1, signal: null });
    await settle();
    for (const call of [started, waiting]) {
      assert.ok(call.error instanceof EngineUnavailableError);
      assert.match(call.error.message, /exit code 1: Backend 'gpu' is unavailable: no CUDA/);
    }
  });

  it('ignores messages from an engine that has exited', async (t) => {
    const { client, engines, latest } = await readyClient(t);
    const first = latest();
    first.exit({ code: null, signal: 'SIGKILL' });
    t.mock.timers.tick(500);
    const request = outcome(client.request('status', {}));
    first.ready(); // the dead engine's late message must not make the client ready
    assert.equal(client.status.state, 'starting');
    assert.equal(engines[1].sent.length, 0);
    engines[1].ready();
    engines[1].reply(engines[1].idOf(0), STATUS_RESULT);
    await settle();
    assert.deepEqual(request.value, STATUS_RESULT);
  });
});

describe('EngineClient.stop', () => {
  it('kills the engine, rejects pending requests, resolves after the exit, and does not restart', async (t) => {
    const { client, engines, latest } = await readyClient(t);
    const pending = outcome(client.request('status', {}));
    const stopped = outcome(client.stop());
    assert.ok(latest().killed);
    await settle();
    assert.ok(pending.error instanceof EngineUnavailableError);
    assert.match(pending.error.message, /stopped/);
    assert.ok(stopped.done);
    assert.equal(latest().alive, false);
    assert.equal(client.status.state, 'stopped');
    t.mock.timers.tick(60_000);
    assert.equal(engines.length, 1);
    await assert.rejects(client.request('status', {}), EngineUnavailableError);
  });

  it('cancels a pending restart', async (t) => {
    const { client, engines, latest } = await readyClient(t);
    latest().exit({ code: 1, signal: null });
    await client.stop();
    t.mock.timers.tick(60_000);
    assert.equal(engines.length, 1);
    assert.equal(client.status.state, 'stopped');
  });

  it('start() after stop() launches a fresh engine only once the old one has exited', async (t) => {
    const { client, engines, latest } = await readyClient(t);
    const stopping = client.stop();
    const restarted = client.start();
    assert.equal(engines.length, 1);
    await stopping;
    await settle();
    assert.equal(engines.length, 2);
    latest().ready();
    await restarted;
    assert.equal(client.status.state, 'ready');
  });
});
