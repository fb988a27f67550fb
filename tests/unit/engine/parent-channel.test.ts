// The engine's end of the channel: Electron's process.parentPort is preferred when present
// (messages arrive wrapped as { data }), else child_process IPC, else a clear error.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, it } from 'node:test';
import { connectToParent } from '../../../electron/engine/parent-channel.ts';

const originalSend = process.send;

class FakeParentPort extends EventEmitter {
  readonly posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
}

afterEach(() => {
  Reflect.deleteProperty(process, 'parentPort');
  process.send = originalSend;
});

it('uses process.parentPort under Electron: unwraps { data } and posts replies', async () => {
  const port = new FakeParentPort();
  Object.assign(process, { parentPort: port });
  process.send = () => assert.fail('child_process IPC must not be used when parentPort exists');
  const channel = connectToParent();
  const received: unknown[] = [];
  channel.onMessage((message) => received.push(message));
  port.emit('message', { data: { kind: 'request', requestId: 1 }, ports: [] });
  assert.deepEqual(received, [{ kind: 'request', requestId: 1 }]);
  const log = { kind: 'event', event: 'log', level: 'info', message: 'hello' } as const;
  await channel.send(log);
  assert.deepEqual(port.posted, [log]);
});

it('uses process.send under child_process.fork and resolves once the message is handed over', async () => {
  const sent: unknown[] = [];
  process.send = ((message: unknown, callback: (error: Error | null) => void) => {
    sent.push(message);
    setImmediate(() => callback(null));
    return true;
  }) as NodeJS.Process['send'];
  const channel = connectToParent();
  const log = { kind: 'event', event: 'log', level: 'warn', message: 'x' } as const;
  await channel.send(log);
  assert.deepEqual(sent, [log]);
});

it('refuses to run without a host', () => {
  process.send = undefined;
  assert.throws(() => connectToParent(), /child_process\.fork or Electron utilityProcess\.fork/);
});
