/**
 * The engine's end of the channel to its host. Electron's utilityProcess.fork gives the
 * child `process.parentPort` (messages arrive as `{ data }` events); child_process.fork
 * gives `process.send` and 'message' events. Detected at runtime, so the engine never
 * imports electron and runs the same under Electron, browser mode and the CLI.
 */
import type { EngineMessage } from './protocol.ts';

export interface ParentChannel {
  /** Resolves once the message has left this process (so exiting afterwards cannot lose it). */
  send(message: EngineMessage): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /**
   * Called when the host closes the channel or dies. child_process only: Electron ends a
   * utility process itself when the app quits.
   */
  onDisconnect(listener: () => void): void;
}

/** The part of Electron's ParentPort the engine uses (electron is not imported here). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function electronChannel(port: ElectronParentPort): ParentChannel {
  return {
    send: (message) => {
      port.postMessage(message);
      return Promise.resolve();
    },
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    onDisconnect: () => {},
  };
}

function nodeChannel(): ParentChannel {
  return {
    // A closed channel reports through the callback; the disconnect handler ends the process.
    send: (message) =>
      new Promise((resolve) => {
        if (process.send === undefined) resolve();
        else process.send(message, () => resolve());
      }),
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}

export function connectToParent(): ParentChannel {
  const { parentPort } = process as NodeJS.Process & { parentPort?: ElectronParentPort };
  if (parentPort !== undefined && parentPort !== null) return electronChannel(parentPort);
  if (process.send !== undefined) return nodeChannel();
  throw new Error('the ML engine must be started by child_process.fork or Electron utilityProcess.fork (it has no channel to a host)');
}
