/**
 * Entry point of the ML engine: one long-lived process that owns tfjs (DESIGN.md section 1),
 * so the host's event loop never waits on ML and a crash in native ML code cannot take
 * the window down. Started by fork-engine.ts (child_process) or, in Electron, by
 * utilityProcess.fork.
 *
 * Live streams (practice mode) ride the same queue: a stream's 'audio' messages are
 * analysed in order between requests, so stopStream's reply follows every update of the
 * audio sent before it.
 *
 * A training job does not: startTraining only starts it (training-jobs.ts), and it runs
 * beside the queue, yielding to the event loop between batches, so requests (a
 * cancelTraining, a prediction) are still answered while it trains.
 *
 * The backend is chosen once at startup (`--backend=<b>` argument, else $SER_BACKEND,
 * else 'auto') and announced with a 'ready' event. Requests are answered one at a time in
 * the order they came, since tfjs work is synchronous and a second request could only
 * wait anyway; messages are still read meanwhile, so later message kinds (cancel) can act
 * at once. Every request gets a reply; a bad one gets an error reply, never a crash.
 * The process exits when its host disconnects.
 */
import { type BackendRequest, backendSummary, selectBackend } from '../../training/model/backend.ts';
import { EngineRequestError } from './errors.ts';
import { type EngineContext, handleRequest } from './handlers.ts';
import { LiveStreams } from './live-streams.ts';
import { ModelCache } from './model-cache.ts';
import { connectToParent } from './parent-channel.ts';
import { TrainingJobs } from './training-jobs.ts';
import {
  anyHostMessageSchema,
  BACKEND_REQUESTS,
  backendRequestSchema,
  describeIssues,
  type EngineErrorCode,
  type EngineReply,
  type LogLevel,
  requestIdOnlySchema,
} from './protocol.ts';

const channel = connectToParent();
/** Set once the backend is chosen; the host going away stops its job and removes its unfinished model. */
let training: TrainingJobs | undefined;
channel.onDisconnect(() => {
  training?.abandon();
  process.exit(0);
});

function log(level: LogLevel, message: string): void {
  void channel.send({ kind: 'event', event: 'log', level, message });
}

function requestedBackend(): BackendRequest {
  const flag = '--backend=';
  const value = process.argv.find((a) => a.startsWith(flag))?.slice(flag.length) ?? process.env.SER_BACKEND ?? 'auto';
  const parsed = backendRequestSchema.safeParse(value);
  if (!parsed.success) throw new Error(`unknown ML backend '${value}' (choose one of ${BACKEND_REQUESTS.join(', ')})`);
  return parsed.data;
}

/** Chooses the backend and announces it; a backend that cannot start ends the process. */
async function start(): Promise<EngineContext> {
  try {
    const backend = await selectBackend(requestedBackend());
    await channel.send({ kind: 'event', event: 'ready', backend: backend.name, reason: backendSummary(backend) });
    const streams = new LiveStreams((event) => void channel.send(event));
    training = new TrainingJobs(backend, (event) => void channel.send(event), log);
    return { backend, models: new ModelCache(), streams, training, log };
  } catch (error) {
    await channel.send({ kind: 'event', event: 'log', level: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

function errorReply(requestId: number, code: EngineErrorCode, message: string): EngineReply {
  return { kind: 'reply', requestId, ok: false, error: { code, message } };
}

/**
 * The reply to one message, or undefined when it has none: audio is analysed (its results
 * go out as 'live' events), and a message without a requestId cannot be answered.
 */
async function answer(raw: unknown, receivedAtMs: number, context: EngineContext): Promise<EngineReply | undefined> {
  const parsed = anyHostMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const message = `invalid request: ${describeIssues(parsed.error)}`;
    const id = requestIdOnlySchema.safeParse(raw);
    if (id.success) return errorReply(id.data.requestId, 'invalid-request', message);
    log('warn', `ignored a message without a requestId (${message})`);
    return undefined;
  }
  if (parsed.data.kind === 'audio') {
    context.streams.push(parsed.data, receivedAtMs);
    return undefined;
  }
  const request = parsed.data;
  try {
    return { kind: 'reply', requestId: request.requestId, ok: true, result: await handleRequest(request, context) };
  } catch (error) {
    if (error instanceof EngineRequestError) return errorReply(request.requestId, error.code, error.message);
    log('error', `${request.method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return errorReply(request.requestId, 'internal', error instanceof Error ? error.message : String(error));
  }
}

const ready = start();
let queue: Promise<void> = Promise.resolve();
channel.onMessage((raw) => {
  // Stamped on arrival, before the queue: a stream's latency includes any wait in it.
  const receivedAtMs = performance.timeOrigin + performance.now();
  queue = queue
    .then(async () => {
      const reply = await answer(raw, receivedAtMs, await ready);
      if (reply !== undefined) await channel.send(reply);
    })
    // answer() catches everything it can; this keeps one surprise from stopping the queue.
    .catch((error: unknown) => log('error', `a message could not be answered: ${String(error)}`));
});
