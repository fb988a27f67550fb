// The engine protocol's schemas: what each side accepts and how a rejection reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeIssues,
  engineMessageSchema,
  hostMessageSchema,
  METHODS,
} from '../../../electron/engine/protocol.ts';

const predictResult = {
  modelName: 'default',
  labels: ['calm', 'angry'],
  probs: [0.25, 0.75],
  label: 'angry',
  hasSpeech: true,
  windows: [{ startSec: 0, endSec: 2, probs: [0.25, 0.75], speechFraction: 0.9 }],
};

describe('host → engine messages', () => {
  it('accepts each method with its own params and keeps them', () => {
    const status = hostMessageSchema.parse({ kind: 'request', requestId: 0, method: 'status', params: {} });
    assert.equal(status.method, 'status');
    const predict = hostMessageSchema.parse({
      kind: 'request',
      requestId: 7,
      method: 'predictClip',
      params: { modelDir: '/m', path: '/a.wav', cacheDir: '/c' },
    });
    assert.deepEqual(predict.params, { modelDir: '/m', path: '/a.wav', cacheDir: '/c' });
    const info = hostMessageSchema.parse({ kind: 'request', requestId: 8, method: 'modelInfo', params: { modelDir: '/m' } });
    assert.deepEqual(info.params, { modelDir: '/m' });
  });

  it('rejects a predictClip without a path and says where', () => {
    const result = hostMessageSchema.safeParse({ kind: 'request', requestId: 1, method: 'predictClip', params: { modelDir: '/m' } });
    assert.equal(result.success, false);
    assert.match(describeIssues(result.error!), /^params\.path: /);
  });

  it("does not take one method's params for another's (modelInfo params on predictClip)", () => {
    const result = hostMessageSchema.safeParse({ kind: 'request', requestId: 1, method: 'predictClip', params: { modelDir: '/m', cacheDir: '/c' } });
    assert.equal(result.success, false);
  });

  it('rejects an unknown method, naming the known ones', () => {
    const result = hostMessageSchema.safeParse({ kind: 'request', requestId: 1, method: 'train', params: {} });
    assert.equal(result.success, false);
    const text = describeIssues(result.error!);
    assert.match(text, /^method: /);
    for (const method of Object.keys(METHODS)) assert.ok(text.includes(method), text);
  });

  it('rejects empty paths, negative or fractional request ids and unknown kinds', () => {
    const bad = [
      { kind: 'request', requestId: 1, method: 'modelInfo', params: { modelDir: '' } },
      { kind: 'request', requestId: -1, method: 'status', params: {} },
      { kind: 'request', requestId: 1.5, method: 'status', params: {} },
      { kind: 'cancel', requestId: 1 },
      'status',
    ];
    for (const message of bad) assert.equal(hostMessageSchema.safeParse(message).success, false, JSON.stringify(message));
  });
});

describe('engine → host messages', () => {
  it('accepts ok and error replies and both events', () => {
    const ok = engineMessageSchema.parse({ kind: 'reply', requestId: 3, ok: true, result: { anything: 1 } });
    assert.ok(ok.kind === 'reply' && ok.ok);
    const failed = engineMessageSchema.parse({ kind: 'reply', requestId: 3, ok: false, error: { code: 'input-file', message: '/a.wav: empty' } });
    assert.ok(failed.kind === 'reply' && !failed.ok && failed.error.code === 'input-file');
    const ready = engineMessageSchema.parse({ kind: 'event', event: 'ready', backend: 'wasm', reason: 'wasm (SIMD, 1 thread)' });
    assert.ok(ready.kind === 'event' && ready.event === 'ready' && ready.backend === 'wasm');
    const log = engineMessageSchema.parse({ kind: 'event', event: 'log', level: 'warn', message: 'cache not writable' });
    assert.ok(log.kind === 'event' && log.event === 'log' && log.level === 'warn');
  });

  it('rejects unknown error codes, backends and log levels, and error replies without an error', () => {
    const bad = [
      { kind: 'reply', requestId: 3, ok: false, error: { code: 'oops', message: 'x' } },
      { kind: 'reply', requestId: 3, ok: false },
      { kind: 'event', event: 'ready', backend: 'webgl', reason: '' },
      { kind: 'event', event: 'log', level: 'fatal', message: 'x' },
    ];
    for (const message of bad) assert.equal(engineMessageSchema.safeParse(message).success, false, JSON.stringify(message));
  });

  it('checks that predictClip results have one probability per label, for the clip and every window', () => {
    assert.equal(METHODS.predictClip.result.safeParse(predictResult).success, true);
    const shortClip = { ...predictResult, probs: [1] };
    assert.equal(METHODS.predictClip.result.safeParse(shortClip).success, false);
    const shortWindow = { ...predictResult, windows: [{ ...predictResult.windows[0], probs: [0.1, 0.2, 0.7] }] };
    assert.equal(METHODS.predictClip.result.safeParse(shortWindow).success, false);
  });
});
