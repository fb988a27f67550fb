/**
 * The Electron preload: exposes `window.ser`, a client of the contract (SerApi) over IPC,
 * to the sandboxed, context-isolated renderer. main.ts answers 'ser:request' through the
 * same dispatcher the web host uses and pushes every event on 'ser:event'.
 *
 * A sandboxed preload may `require('electron')` and nothing else — no npm packages, no
 * ES modules, no other files. So this file imports only 'electron' (and types, which
 * vanish), checks reply shapes by hand instead of with zod, and is bundled to one
 * CommonJS file, electron/dist/preload.cjs, by `npm run build:electron` (vite/esbuild).
 *
 * Errors: contextBridge copies only `message` (and stack) of an Error to the main world and
 * drops every other property (electron/electron#25596), so a rejected Error would arrive
 * without its contract `code` and `field`. A failed request therefore rejects with a plain
 * record `{ name: 'ContractError', code, message, field? }`, which the bridge copies whole;
 * renderer/src/api.ts turns it into its error type, the same one the WebSocket client throws.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type {
  ContractErrorData,
  EventEnvelope,
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodResult,
  ReplyEnvelope,
  SerApi,
} from './contract.ts';

// The channel names main.ts listens and sends on (kept literal here: see the file comment).
const REQUEST_CHANNEL = 'ser:request';
const EVENT_CHANNEL = 'ser:event';

/** What a failed `window.ser.request` rejects with (see the file comment for why not an Error). */
export type BridgeError = ContractErrorData & { name: 'ContractError' };

function bridgeError(data: ContractErrorData): BridgeError {
  return {
    name: 'ContractError',
    code: data.code,
    message: data.message,
    ...(data.field === undefined ? {} : { field: data.field }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The reply's shape, checked by hand (zod cannot be loaded in a sandboxed preload). */
function asReply(value: unknown): ReplyEnvelope | null {
  if (!isRecord(value) || typeof value.id !== 'number' || typeof value.ok !== 'boolean') return null;
  if (value.ok) return 'result' in value ? (value as ReplyEnvelope) : null;
  const error = value.error;
  if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  if (error.field !== undefined && typeof error.field !== 'string') return null;
  return value as ReplyEnvelope;
}

function asEvent(value: unknown): EventEnvelope | null {
  return isRecord(value) && typeof value.event === 'string' && 'payload' in value ? (value as EventEnvelope) : null;
}

let nextId = 0;

async function request<M extends MethodName>(method: M, params: MethodInput<M>): Promise<MethodResult<M>> {
  const id = nextId++;
  let raw: unknown;
  try {
    raw = await ipcRenderer.invoke(REQUEST_CHANNEL, { id, method, params });
  } catch (error) {
    throw bridgeError({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
  }
  const reply = asReply(raw);
  if (reply === null || reply.id !== id) {
    throw bridgeError({ code: 'internal', message: `malformed reply to ${method}` });
  }
  if (!reply.ok) throw bridgeError(reply.error);
  // Typed on the main side: each handler returns its method's MethodResult (rpc/dispatch.ts).
  return reply.result as MethodResult<M>;
}

/** One IPC listener for all subscriptions, so many views subscribing add no IPC listeners. */
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, raw: unknown) => {
  const envelope = asEvent(raw);
  if (envelope === null) return;
  for (const listener of [...(listeners.get(envelope.event) ?? [])]) {
    try {
      listener(envelope.payload);
    } catch (error) {
      console.error(`a listener for ${envelope.event} failed`, error);
    }
  }
});

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const set = listeners.get(event) ?? new Set();
  listeners.set(event, set);
  // Main validated the payload against the event's schema (EventHub.emit) before sending it.
  const wrapped = listener as (payload: unknown) => void;
  set.add(wrapped);
  return () => {
    set.delete(wrapped);
  };
}

const api: SerApi & { mediaBaseUrl: string; mode: 'electron' } = {
  request,
  on,
  mediaBaseUrl: 'ser-media://app',
  mode: 'electron',
};
contextBridge.exposeInMainWorld('ser', api);
