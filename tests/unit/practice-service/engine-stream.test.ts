// The live-stream additions to the engine protocol and client: the audio encoding, which
// messages validate, and how EngineClient sends audio and routes stream events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineClient } from '../../../electron/engine/engine-client.ts';
import type { EngineChannel, EngineExit } from '../../../electron/engine/engine-client.ts';
import { decodePcm16, encodePcm16 } from '../../../electron/engine/pcm16.ts';
import { anyHostMessageSchema, engineMessageSchema, hostMessageSchema } from '../../../electron/engine/protocol.ts';
import type { AnyHostMessage, EngineLifecycleEvent, StreamEvent } from '../../../electron/engine/protocol.ts';
import { fakeUpdate } from './fake-stream-engine.ts';

describe('audio encoding', () => {
  it('round-trips s16 samples to the floats a 16-bit WAV decodes to', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321]);
    const encoded = encodePcm16(samples);
    assert.equal(Buffer.from(encoded, 'base64').length, 14);
    assert.deepEqual(Array.from(decodePcm16(encoded)), Array.from(samples, (v) => v / 32768));
  });

  it('refuses bytes that are not whole samples', () => {
    assert.throws(() => decodePcm16(Buffer.from([1, 2, 3]).toString('base64')), /not whole 16-bit samples/);
  });
});

describe('stream messages', () => {
  it('accepts audio from a host, but not as a request', () => {
    const audio = { kind: 'audio', streamId: 's', samples: encodePcm16(Int16Array.from([1, 2])) };
    assert.deepEqual(anyHostMessageSchema.parse(audio), audio);
    assert.equal(hostMessageSchema.safeParse(audio).success, false);
    assert.equal(anyHostMessageSchema.safeParse({ ...audio, samples: 'not base64!' }).success, false);
    assert.equal(anyHostMessageSchema.safeParse({ ...audio, streamId: '' }).success, false);
  });

  it('accepts startStream and stopStream requests with their params only', () => {
    const start = { kind: 'request', requestId: 1, method: 'startStream', params: { streamId: 's', modelDir: '/m', goal: 'calm-confident', paceTargetWpm: [140, 160] } };
    assert.ok(anyHostMessageSchema.safeParse(start).success);
    assert.equal(anyHostMessageSchema.safeParse({ ...start, params: { ...start.params, goal: 'shouty' } }).success, false);
    assert.equal(anyHostMessageSchema.safeParse({ ...start, params: { ...start.params, paceTargetWpm: [0, 160] } }).success, false);
    assert.ok(anyHostMessageSchema.safeParse({ kind: 'request', requestId: 2, method: 'stopStream', params: { streamId: 's' } }).success);
  });

  it('accepts live updates and stream errors from the engine, checking the update', () => {
    const live = { kind: 'event', event: 'live', streamId: 's', update: fakeUpdate(0.2), receivedAtMs: 1.5 };
    assert.deepEqual(engineMessageSchema.parse(live), live);
    assert.equal(engineMessageSchema.safeParse({ ...live, update: { ...fakeUpdate(0.2), pauses: undefined } }).success, false);
    assert.ok(engineMessageSchema.safeParse({ kind: 'event', event: 'streamError', streamId: 's', message: 'x' }).success);
  });
});

describe('EngineClient and streams', () => {
  function harness() {
    const sent: AnyHostMessage[] = [];
    let deliver: (message: unknown) => void = () => {};
    let exit: (exit: EngineExit) => void = () => {};
    const channel: EngineChannel = {
      send: (message) => void sent.push(message),
      onMessage: (listener) => {
        deliver = listener;
      },
      onExit: (listener) => {
        exit = listener;
      },
      kill: () => queueMicrotask(() => exit({ code: 0, signal: null })),
    };
    const client = new EngineClient(() => channel);
    return { client, sent, deliver: (m: unknown) => deliver(m) };
  }

  it('sends audio only to a ready engine', async () => {
    const h = harness();
    const started = h.client.start();
    assert.equal(h.client.sendAudio('s', Int16Array.from([5, -5])), false, 'not ready yet: dropped');
    h.deliver({ kind: 'event', event: 'ready', backend: 'cpu', reason: 'test' });
    await started;
    assert.equal(h.client.sendAudio('s', Int16Array.from([5, -5])), true);
    assert.deepEqual(h.sent, [{ kind: 'audio', streamId: 's', samples: encodePcm16(Int16Array.from([5, -5])) }]);
    await h.client.stop();
    assert.equal(h.client.sendAudio('s', Int16Array.from([5])), false, 'stopped: dropped');
  });

  it('hands stream events to stream listeners only, and the rest to event listeners', async () => {
    const h = harness();
    const streamEvents: StreamEvent[] = [];
    const otherEvents: EngineLifecycleEvent[] = [];
    h.client.on('stream', (e) => streamEvents.push(e));
    h.client.on('event', (e) => otherEvents.push(e));
    const started = h.client.start();
    h.deliver({ kind: 'event', event: 'ready', backend: 'cpu', reason: 'test' });
    await started;
    h.deliver({ kind: 'event', event: 'live', streamId: 's', update: fakeUpdate(0.4) });
    h.deliver({ kind: 'event', event: 'streamError', streamId: 's', message: 'gone' });
    h.deliver({ kind: 'event', event: 'log', level: 'info', message: 'hello' });
    assert.deepEqual(streamEvents.map((e) => e.event), ['live', 'streamError']);
    assert.deepEqual(otherEvents.map((e) => e.event), ['ready', 'log']);
    await h.client.stop();
  });
});
