import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SerApi } from '../../../electron/contract.ts';
import { apiFromPreload, errorCode, errorMessage, rpcUrl } from '../../../renderer/src/lib/api.ts';
import { RpcError } from '../../../renderer/src/lib/ws-client.ts';

test('the WebSocket URL follows the page location', () => {
  assert.equal(rpcUrl({ protocol: 'http:', host: '127.0.0.1:4173' }), 'ws://127.0.0.1:4173/rpc');
  assert.equal(
    rpcUrl({ protocol: 'https:', host: 'lab.example:8443' }),
    'wss://lab.example:8443/rpc',
  );
});

test('the preload API is passed through and never reports a reconnect', async () => {
  const calls: string[] = [];
  const ser = {
    request: async (method: string) => {
      calls.push(method);
      return { ok: method };
    },
    on: (event: string) => {
      calls.push(`on:${event}`);
      return () => calls.push(`off:${event}`);
    },
  } as unknown as SerApi;
  const api = apiFromPreload(ser);
  assert.equal(api.mode, 'electron');
  assert.deepEqual(await api.request('settings.get', {}), { ok: 'settings.get' });
  api.on('labels.changed', () => {})();
  const states: string[] = [];
  api.onConnectionState((state) => states.push(state));
  assert.deepEqual(states, ['open']);
  assert.deepEqual(calls, ['settings.get', 'on:labels.changed', 'off:labels.changed']);
});

test('errors become words for the user; internal ones do not leak their message', () => {
  assert.equal(errorMessage(new RpcError('not-found', 'No such clip.')), 'No such clip.');
  assert.equal(errorMessage({ code: 'invalid-input', message: 'bad field' }), 'bad field');
  assert.equal(errorMessage('plain'), 'plain');
  const original = console.error;
  console.error = () => {};
  try {
    const shown = errorMessage(new RpcError('internal', 'TypeError at store.ts:42'));
    assert.doesNotMatch(shown, /store\.ts/);
    assert.match(shown, /went wrong/);
  } finally {
    console.error = original;
  }
  assert.equal(errorCode(new RpcError('no-workspace', 'x')), 'no-workspace');
  assert.equal(errorCode(new Error('x')), undefined);
});
