/**
 * The one place that knows how the renderer reaches the back end (DESIGN.md §1): Electron's
 * preload exposes `window.ser`; browser mode talks to the web host over a WebSocket. Views
 * get an `AppApi` and never ask which.
 */
import type { MethodResult, SerApi, Settings } from '../../../electron/contract.ts';
import { WsClient } from './ws-client.ts';
import type { ConnectionState, SocketConstructor } from './ws-client.ts';

export type { ConnectionState } from './ws-client.ts';
export { RpcError } from './ws-client.ts';

export type AppApi = SerApi & {
  mode: 'electron' | 'browser';
  /** After the back end came back from a restart; views re-fetch what they show. */
  onReconnect(listener: () => void): () => void;
  /** The connection's state (always 'open' in Electron, where IPC cannot drop). */
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
};

/** What App hands each top-level view: the back end, its `app.info` reply and the settings. */
export interface ViewProps {
  api: AppApi;
  info: MethodResult<'app.info'>;
  settings: Settings;
}

/** Where browser mode's WebSocket lives, from the page's own location. */
export function rpcUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/rpc`;
}

/** Wraps the preload's object (or a test double with the same shape). */
export function apiFromPreload(ser: SerApi): AppApi {
  return {
    mode: 'electron',
    request: (method, params) => ser.request(method, params),
    on: (event, listener) => ser.on(event, listener),
    onReconnect: () => () => {},
    onConnectionState: (listener) => {
      listener('open');
      return () => {};
    },
  };
}

/** Browser mode: the contract over a WebSocket to `url`. */
export function apiFromWebSocket(url: string, Socket?: SocketConstructor): AppApi {
  const client = new WsClient({ url, ...(Socket ? { WebSocket: Socket } : {}) });
  return {
    mode: 'browser',
    request: (method, params) => client.request(method, params),
    on: (event, listener) => client.on(event, listener),
    onReconnect: (listener) => client.onReconnect(listener),
    onConnectionState: (listener) => {
      listener(client.state);
      return client.onStateChange(listener);
    },
  };
}

let cached: AppApi | undefined;

/** The app's API: `window.ser` when present (Electron, tests), else the WebSocket client. */
export function getApi(): AppApi {
  if (cached !== undefined) return cached;
  const scope = globalThis as unknown as {
    ser?: SerApi;
    location: { protocol: string; host: string };
  };
  cached = scope.ser ? apiFromPreload(scope.ser) : apiFromWebSocket(rpcUrl(scope.location));
  return cached;
}

/** The words to show a user for a failed request or any other thrown value. */
export function errorMessage(error: unknown): string {
  if (errorCode(error) === 'internal') {
    // The contract says internal messages are for the log; the user learns it failed.
    console.error(error);
    return 'Something went wrong in SER Studio. The details are in its log.';
  }
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

/** The error's contract code, when it has one (RpcError, or the preload's plain objects). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
