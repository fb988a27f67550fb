/**
 * A back end as the transports reach it, for tests: built with settings in `root`, every
 * event recorded, and `call` / `callError` sending request envelopes through the dispatcher.
 * `call` requires success and checks the reply against the contract's output schema.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { createBackend } from '../../electron/backend/backend.ts';
import type { Backend } from '../../electron/backend/backend.ts';
import { methods } from '../../electron/contract.ts';
import type { ContractErrorData, EventEnvelope, MethodInput, MethodName, MethodResult } from '../../electron/contract.ts';
import type { EngineClient } from '../../electron/engine/engine-client.ts';
import { createNodeSettingsStore } from '../../electron/services/settings/settings-store.ts';
import type { SettingsStore } from '../../electron/services/settings/settings-store.ts';

export interface BackendHarness {
  backend: Backend;
  settings: SettingsStore;
  received: EventEnvelope[];
  call<M extends MethodName>(method: M, params: MethodInput<M>): Promise<MethodResult<M>>;
  callError(method: string, params: unknown): Promise<ContractErrorData>;
}

export async function startBackendHarness(
  root: string,
  engine: EngineClient,
  options: { workspaceDir?: string } = {},
): Promise<BackendHarness> {
  const settings = createNodeSettingsStore({ cwd: path.join(root, 'settings') });
  const backend = await createBackend({
    mode: 'browser',
    settings,
    engine,
    mediaBaseUrl: '',
    workspaceDir: options.workspaceDir,
    log: () => {},
  });
  const received: EventEnvelope[] = [];
  backend.events.subscribe((e) => received.push(e));
  let nextId = 1;
  return {
    backend,
    settings,
    received,
    async call(method, params) {
      const reply = await backend.dispatcher.handle({ id: nextId++, method, params });
      if (!reply.ok) assert.fail(`${method} failed: ${JSON.stringify(reply.error)}`);
      return methods[method].output.parse(reply.result) as MethodResult<typeof method>;
    },
    async callError(method, params) {
      const reply = await backend.dispatcher.handle({ id: nextId++, method, params });
      return reply.ok ? assert.fail(`${method} should fail`) : reply.error;
    },
  };
}
