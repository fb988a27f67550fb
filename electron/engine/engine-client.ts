/**
 * The host's handle on the ML engine process: typed requests, replies matched by
 * requestId and validated against the protocol, and a supervisor that restarts a
 * crashed engine. The process itself comes from `launch`, so Node (fork-engine.ts) and
 * Electron (a utilityProcess channel in main.ts) share everything here.
 *
 * Exactly one engine runs at a time: a new one is launched only after the previous one
 * has exited. A crash rejects the requests the dead engine held with EngineUnavailableError
 * and restarts it after a backoff (initialMs, doubling, capped at maxMs; back to initialMs
 * once an engine has stayed up for healthyAfterMs), so an engine that dies at once is not
 * relaunched in a tight loop. Requests made while it restarts wait for the new engine.
 */
import type { BackendName } from '../../training/model/backend.ts';
import { EngineProtocolError, EngineRequestError, EngineTimeoutError, EngineUnavailableError } from './errors.ts';

// The host needs only this module: the errors its requests reject with come with it.
export { EngineProtocolError, EngineRequestError, EngineTimeoutError, EngineUnavailableError };
import { encodePcm16 } from './pcm16.ts';
import {
  type AnyHostMessage,
  describeIssues,
  type EngineLifecycleEvent,
  engineMessageSchema,
  type EngineMethod,
  type EngineParams,
  type EngineReply,
  type EngineResult,
  type HostMessage,
  isStreamEvent,
  METHODS,
  requestIdOnlySchema,
  type StreamEvent,
  type TrainingEvent,
} from './protocol.ts';

/** How an engine process ended: an exit code, or the signal that killed it. */
export interface EngineExit {
  code: number | null;
  signal: string | null;
}

/** One engine process, as the host sees it. */
export interface EngineChannel {
  send(message: AnyHostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process has exited (or could not be started). */
  onExit(listener: (exit: EngineExit) => void): void;
  /** Ask the process to end; onExit follows. */
  kill(): void;
}

export type EngineState = 'starting' | 'ready' | 'crashed' | 'stopped';

/**
 * What a host shows about the engine. Ready: the backend and why it was chosen. Crashed:
 * why it stopped and when it restarts.
 */
export interface EngineStatus {
  state: EngineState;
  backend?: BackendName;
  detail?: string;
}

export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
  /** An engine up this long before crashing resets the delay to initialMs. */
  healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: Readonly<RestartBackoff> = { initialMs: 500, maxMs: 10_000, healthyAfterMs: 30_000 };

export interface RequestOptions {
  /** Reject with EngineTimeoutError after this long, counted from the call (waiting for a restart included). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface ClientEvents {
  status: EngineStatus;
  /** The engine's own events ('ready', 'log'), for the host to show or log. */
  event: EngineLifecycleEvent;
  /**
   * Live-stream events ('live' updates, 'streamError'), several a second while a stream
   * runs: kept apart from 'event' so hosts that log every engine event do not log these.
   */
  stream: StreamEvent;
  /**
   * Training-job progress (startTraining): an event per clip's features and per epoch,
   * then the job's end. Kept apart from 'event' for the same reason as 'stream'.
   */
  training: TrainingEvent;
}

type Listeners = { [E in keyof ClientEvents]: Set<(value: ClientEvents[E]) => void> };

/** Something waiting for the next engine to be ready: a request not yet sent, or start(). */
interface Waiter {
  onReady(channel: EngineChannel): void;
  fail(error: Error): void;
}

/** A request sent to the current engine, waiting for its reply. */
interface SentRequest {
  onReply(reply: EngineReply): void;
  fail(error: Error): void;
}

export class EngineClient {
  private channel: EngineChannel | undefined;
  /** Counts launches; messages and exits of an earlier engine are ignored. */
  private generation = 0;
  private current: EngineStatus = { state: 'stopped' };
  private readyAt: number | undefined;
  /** The last error the current engine logged, to say why it died. */
  private lastError: string | undefined;
  private readonly sent = new Map<number, SentRequest>();
  private waiters: Waiter[] = [];
  private nextRequestId = 1;
  /** Restarts since the engine was last healthy: the exponent of the backoff. */
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private resolveStopped: (() => void) | undefined;
  private readonly backoff: RestartBackoff;
  private readonly listeners: Listeners = { status: new Set(), event: new Set(), stream: new Set(), training: new Set() };

  constructor(
    private readonly launch: () => EngineChannel,
    options: { backoff?: Partial<RestartBackoff> } = {},
  ) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** Subscribe; returns the unsubscribe function. */
  on<E extends keyof ClientEvents>(name: E, listener: (value: ClientEvents[E]) => void): () => void {
    const set: Set<(value: ClientEvents[E]) => void> = this.listeners[name];
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Launches the engine unless it is running; resolves when it is ready. Rejects with
   * EngineUnavailableError if that engine dies first (it is then restarted all the same).
   */
  start(): Promise<void> {
    // Exactly one engine: one that is being stopped exits before the next is launched.
    if (this.stopping) return this.stopping.then(() => this.start());
    if (this.current.state === 'stopped') this.launchEngine();
    if (this.current.state === 'ready') return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.waiters.push({ onReady: () => resolve(), fail: reject }));
  }

  /** Stops the engine (pending requests reject); resolves once the process has exited. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.failAll(new EngineUnavailableError('the ML engine was stopped'));
    const channel = this.channel;
    if (channel === undefined) {
      if (this.current.state !== 'stopped') this.setStatus({ state: 'stopped' });
      return Promise.resolve();
    }
    this.stopping = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });
    channel.kill();
    return this.stopping;
  }

  request<M extends EngineMethod>(method: M, params: EngineParams<M>, options: RequestOptions = {}): Promise<EngineResult<M>> {
    return new Promise<EngineResult<M>>((resolve, reject) => {
      if (this.current.state === 'stopped' || this.stopping) {
        reject(new EngineUnavailableError('the ML engine is not running (start it first)'));
        return;
      }
      const { signal, timeoutMs } = options;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const requestId = this.nextRequestId++;
      // Correlated generics: the request for method M carries the params of M.
      const message = { kind: 'request', requestId, method, params } as HostMessage;
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.sent.delete(requestId);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      const fail = (error: Error): void => {
        finish();
        reject(error);
      };
      const onAbort = (): void => fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      const sentRequest: SentRequest = {
        onReply: (reply) => {
          finish();
          if (!reply.ok) reject(new EngineRequestError(reply.error.code, reply.error.message));
          else settleResult(method, reply.result, resolve, reject);
        },
        fail,
      };
      const waiter: Waiter = { onReady: (channel) => this.transmit(channel, requestId, message, sentRequest), fail };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => fail(new EngineTimeoutError(`the ML engine did not answer ${method} within ${timeoutMs} ms`)), timeoutMs);
      }
      const channel = this.current.state === 'ready' ? this.channel : undefined;
      if (channel !== undefined) waiter.onReady(channel);
      else this.waiters.push(waiter);
    });
  }

  /**
   * Sends a chunk of 16 kHz mono s16 audio to the live stream `streamId` (opened with the
   * startStream request). Audio has no reply and is not queued for a restarting engine —
   * a new engine has no such stream — so this returns false, dropping the chunk, unless
   * an engine is ready; the 'status' event says why.
   */
  sendAudio(streamId: string, samples: Int16Array): boolean {
    const channel = this.current.state === 'ready' ? this.channel : undefined;
    if (channel === undefined || this.stopping) return false;
    try {
      channel.send({ kind: 'audio', streamId, samples: encodePcm16(samples) });
      return true;
    } catch {
      return false;
    }
  }

  private transmit(channel: EngineChannel, requestId: number, message: HostMessage, request: SentRequest): void {
    this.sent.set(requestId, request);
    try {
      channel.send(message);
    } catch (error) {
      request.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private launchEngine(): void {
    const generation = ++this.generation;
    this.readyAt = undefined;
    this.lastError = undefined;
    this.setStatus({ state: 'starting' });
    let channel: EngineChannel;
    try {
      channel = this.launch();
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.handleExit({ code: null, signal: null });
      return;
    }
    this.channel = channel;
    channel.onMessage((message) => {
      if (generation === this.generation) this.receive(channel, message);
    });
    channel.onExit((exit) => {
      if (generation === this.generation) this.handleExit(exit);
    });
  }

  private receive(channel: EngineChannel, raw: unknown): void {
    const parsed = engineMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const error = new EngineProtocolError(`the ML engine sent a message outside the protocol: ${describeIssues(parsed.error)}`);
      const id = requestIdOnlySchema.safeParse(raw);
      if (id.success) this.sent.get(id.data.requestId)?.fail(error);
      else this.emit('event', { kind: 'event', event: 'log', level: 'warn', message: error.message });
      return;
    }
    const message = parsed.data;
    // A reply nobody waits for belongs to a request that timed out or was aborted.
    if (message.kind === 'reply') this.sent.get(message.requestId)?.onReply(message);
    else if (isStreamEvent(message)) this.emit('stream', message);
    else if (message.event === 'training') this.emit('training', message);
    else {
      if (message.event === 'ready') this.becomeReady(channel, message.backend, message.reason);
      else if (message.level === 'error') this.lastError = message.message;
      this.emit('event', message);
    }
  }

  private becomeReady(channel: EngineChannel, backend: BackendName, reason: string): void {
    this.readyAt = Date.now();
    this.setStatus({ state: 'ready', backend, detail: reason });
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.onReady(channel);
  }

  private handleExit(exit: EngineExit): void {
    this.channel = undefined;
    if (this.stopping) {
      this.stopping = undefined;
      this.setStatus({ state: 'stopped' });
      this.resolveStopped?.();
      return;
    }
    const how = exit.signal ?? (exit.code === null ? 'could not start' : `exit code ${exit.code}`);
    const why = this.lastError === undefined ? '' : `: ${this.lastError}`;
    const stoppedBecause = `the ML engine stopped (${how}${why})`;
    this.failAll(new EngineUnavailableError(`${stoppedBecause} and is restarting`));
    if (this.readyAt !== undefined && Date.now() - this.readyAt >= this.backoff.healthyAfterMs) this.restarts = 0;
    const delay = restartDelayMs(this.restarts, this.backoff);
    this.restarts++;
    this.setStatus({ state: 'crashed', detail: `${stoppedBecause}; restarting in ${delay / 1000} s` });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.launchEngine();
    }, delay);
  }

  /** Rejects everything sent to or waiting for the current engine. */
  private failAll(error: Error): void {
    const sent = [...this.sent.values()];
    const waiters = this.waiters;
    this.sent.clear();
    this.waiters = [];
    for (const request of sent) request.fail(error);
    for (const waiter of waiters) waiter.fail(error);
  }

  private setStatus(status: EngineStatus): void {
    this.current = status;
    this.emit('status', status);
  }

  private emit<E extends keyof ClientEvents>(name: E, value: ClientEvents[E]): void {
    const set: Set<(value: ClientEvents[E]) => void> = this.listeners[name];
    for (const listener of set) listener(value);
  }
}

/** The wait before restart number `restarts` (0-based): initialMs doubled each time, capped. */
export function restartDelayMs(restarts: number, backoff: RestartBackoff): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** restarts);
}

/** Resolves with the result if it matches the method's result schema. */
function settleResult<M extends EngineMethod>(
  method: M,
  result: unknown,
  resolve: (value: EngineResult<M>) => void,
  reject: (error: Error) => void,
): void {
  const parsed = METHODS[method].result.safeParse(result);
  if (parsed.success) resolve(parsed.data as EngineResult<M>);
  else reject(new EngineProtocolError(`the ML engine's ${method} result is outside the protocol: ${describeIssues(parsed.error)}`));
}
