/** What every group of request handlers is built from. */
import type { EngineClient } from '../engine/engine-client.ts';
import type { EventHub } from '../rpc/event-hub.ts';
import type { SettingsStore } from '../services/settings/settings-store.ts';
import type { WorkspaceHolder } from './workspace-holder.ts';

export interface BackendContext {
  mode: 'electron' | 'browser';
  workspace: WorkspaceHolder;
  settings: SettingsStore;
  engine: EngineClient;
  events: EventHub;
  /** Prefix of the /media/... URLs handed to the renderer ('' = same origin). */
  mediaBaseUrl: string;
  pickFolder?: (title?: string) => Promise<string | null>;
  log: (message: string) => void;
}
