/**
 * Browser mode's client of the contract: requests and events over one WebSocket to the
 * web host (`ws://<host>/rpc`; the host has already set the auth cookie). When the back
 * end restarts the socket drops: requests already sent are rejected (we cannot know
 * whether they ran, so a label is never silently written twice), requests made while
 * disconnected wait and go out after the reconnect, and `onReconnect` listeners re-fetch.
 *
 * Plain TypeScript without DOM types, so it runs under node:test with a fake socket.
 */
import type {
  ErrorCode,
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodResult,
  SerApi,
} from '../../../electron/contract.ts';

/** The part of the WebSocket API the client uses (the DOM's WebSocket satisfies it). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type SocketConstructor = new (url: string) => SocketLike;

/** `disconnected`: the socket dropped while the request was on its way or running. */
export type RpcErrorCode = ErrorCode | 'disconnected';

/** What a failed request throws, whichever transport carried it. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** 'connecting' only before the first open; 'reconnecting' after a drop. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface Backoff {
  /** Delay before the first reconnect attempt. */
  initialMs: number;
  /** Upper bound of the delay, however many attempts failed. */
  maxMs: number;
  /** Each failed attempt multiplies the delay by this. */
  factor: number;
}

export const DEFAULT_BACKOFF: Readonly<Backoff> = Object.freeze({
  initialMs: 250,
  maxMs: 5000,
  factor: 2,
});

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped. */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** Math.max(0, attempt));
}

export interface WsClientOptions {
  url: string;
  /** Injected in tests; the global WebSocket otherwise. */
  WebSocket?: SocketConstructor;
  backoff?: Backoff;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Queued {
  id: number;
  text: string;
}

const OPEN = 1;

/** Reads a reply or event envelope; null for anything else (logged, never thrown). */
function parseEnvelope(
  data: unknown,
):
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | {
      kind: 'reply';
      id: number;
      ok: false;
      error: { code: RpcErrorCode; message: string; field?: string };
    }
  | { kind: 'event'; event: string; payload: unknown }
  | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.event === 'string') {
    return { kind: 'event', event: record.event, payload: record.payload };
  }
  if (typeof record.id !== 'number') return null;
  if (record.ok === true) return { kind: 'reply', id: record.id, ok: true, result: record.result };
  const error = (record.error ?? {}) as Record<string, unknown>;
  return {
    kind: 'reply',
    id: record.id,
    ok: false,
    error: {
      code: (typeof error.code === 'string' ? error.code : 'internal') as RpcErrorCode,
      message: typeof error.message === 'string' ? error.message : 'The request failed.',
      ...(typeof error.field === 'string' ? { field: error.field } : {}),
    },
  };
}

export class WsClient implements SerApi {
  private readonly url: string;
  private readonly Socket: SocketConstructor;
  private readonly backoff: Backoff;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  private socket: SocketLike | null = null;
  private nextId = 1;
  private attempt = 0;
  private timer: unknown = null;
  private everOpened = false;
  private closedByUser = false;
  private currentState: ConnectionState = 'connecting';

  /** Sent, awaiting their reply. */
  private readonly pending = new Map<number, Pending>();
  /** Made while not connected; sent in order once the socket opens. */
  private readonly queue: Queued[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(options: WsClientOptions) {
    this.url = options.url;
    const Socket = options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (Socket === undefined) throw new Error('This environment has no WebSocket.');
    this.Socket = Socket;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.connect();
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  request<M extends MethodName>(method: M, params: MethodInput<M>): Promise<MethodResult<M>> {
    if (this.closedByUser) {
      return Promise.reject(
        new RpcError('disconnected', 'The connection to SER Studio is closed.'),
      );
    }
    const id = this.nextId++;
    const text = JSON.stringify({ id, method, params });
    return new Promise<MethodResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.socket !== null && this.socket.readyState === OPEN) this.send(id, text);
      else this.queue.push({ id, text });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  /** Called after each successful reconnect (not the first connect): views re-fetch. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => {
      this.reconnectListeners.delete(listener);
    };
  }

  /** Called with every state change (the "Reconnecting…" banner follows it). */
  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  /** Stop for good: no reconnects; everything outstanding is rejected. */
  close(): void {
    this.closedByUser = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      this.detach(socket);
      socket.close(1000, 'client closed');
    }
    this.rejectAll(new RpcError('disconnected', 'The connection to SER Studio is closed.'));
    this.setState('closed');
  }

  private connect(): void {
    this.timer = null;
    let socket: SocketLike;
    try {
      socket = new this.Socket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.handleOpen(socket);
    socket.onmessage = (event) => this.handleMessage(event.data);
    socket.onclose = () => this.handleClose(socket);
    // A failed connect fires error then close; the close handler does the work.
    socket.onerror = () => {};
  }

  private handleOpen(socket: SocketLike): void {
    if (socket !== this.socket) return;
    const reconnected = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    this.setState('open');
    for (const queued of this.queue.splice(0)) {
      if (this.pending.has(queued.id)) this.send(queued.id, queued.text);
    }
    if (reconnected) {
      for (const listener of [...this.reconnectListeners]) this.safely(listener);
    }
  }

  private handleMessage(data: unknown): void {
    const envelope = parseEnvelope(data);
    if (envelope === null) {
      console.warn('ws-client: ignoring a message that is not a contract envelope');
      return;
    }
    if (envelope.kind === 'event') {
      const set = this.listeners.get(envelope.event);
      if (set === undefined) return;
      for (const listener of [...set]) this.safely(() => listener(envelope.payload));
      return;
    }
    const pending = this.pending.get(envelope.id);
    if (pending === undefined) return;
    this.pending.delete(envelope.id);
    if (envelope.ok) pending.resolve(envelope.result);
    else {
      const { code, message, field } = envelope.error;
      pending.reject(new RpcError(code, message, field));
    }
  }

  private handleClose(socket: SocketLike): void {
    if (socket !== this.socket) return;
    this.detach(socket);
    this.socket = null;
    if (this.closedByUser) return;
    // Sent requests may or may not have run: reject them. Queued ones were never sent.
    const queuedIds = new Set(this.queue.map((queued) => queued.id));
    for (const [id, pending] of [...this.pending]) {
      if (queuedIds.has(id)) continue;
      this.pending.delete(id);
      pending.reject(
        new RpcError(
          'disconnected',
          'Lost the connection to SER Studio; try again when it is back.',
        ),
      );
    }
    this.setState(this.everOpened ? 'reconnecting' : 'connecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closedByUser || this.timer !== null) return;
    const delay = backoffDelay(this.attempt, this.backoff);
    this.attempt += 1;
    this.timer = this.setTimer(() => this.connect(), delay);
  }

  private send(id: number, text: string): void {
    try {
      this.socket?.send(text);
    } catch (error) {
      const pending = this.pending.get(id);
      this.pending.delete(id);
      pending?.reject(new RpcError('disconnected', `Could not send the request: ${String(error)}`));
    }
  }

  private rejectAll(error: RpcError): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.queue.length = 0;
  }

  private detach(socket: SocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of [...this.stateListeners]) this.safely(() => listener(state));
  }

  /** One faulty listener must not stop the others or the client. */
  private safely(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      console.error('ws-client: a listener threw', error);
    }
  }
}
