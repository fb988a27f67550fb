/**
 * A real EngineClient over a pretend engine that answers at once and runs live streams
 * the way the real one reports them: one 'live' update per 0.2 s of audio received
 * (t = seconds of audio so far), and stopStream replying after them. Enough to drive the
 * practice service without tfjs. `crash()` makes the pretend process die.
 */
import { decodePcm16 } from '../../../electron/engine/pcm16.ts';
import { EngineClient } from '../../../electron/engine/engine-client.ts';
import type { EngineChannel, EngineExit } from '../../../electron/engine/engine-client.ts';
import type { AnyHostMessage } from '../../../electron/engine/protocol.ts';
import type { LiveUpdate } from '../../../training/practice/live-update.ts';

export const FAKE_LABELS = ['neutral', 'happy'];
const UPDATE_SAMPLES = 3200;

/** The update the pretend engine sends at `t`: speech, a happy tone, nothing else measured. */
export function fakeUpdate(t: number): LiveUpdate {
  return {
    t,
    speech: true,
    tone: { label: 'happy', confidence: 0.7, probs: [0.3, 0.7], dominantForSec: t },
    pitchHz: 180,
    pitchVariationSt: 2.5,
    loudnessDbfs: -24,
    syllablesPerSec: 4,
    wordsPerMinute: 160,
    pauses: { count: 0, long: 0, currentSec: 0 },
    hints: [],
  };
}

export interface FakeStreamEngine extends EngineClient {
  /** Every message the back end sent, audio included. */
  messages: AnyHostMessage[];
  /** Samples received per stream. */
  samples: Map<string, number[]>;
  crash(): void;
}

export function fakeStreamEngine(): FakeStreamEngine {
  const messages: AnyHostMessage[] = [];
  const samples = new Map<string, number[]>();
  let exit: (exit: EngineExit) => void = () => {};
  let deliver: (message: unknown) => void = () => {};

  function receive(message: AnyHostMessage): void {
    messages.push(message);
    if (message.kind === 'audio') {
      const received = samples.get(message.streamId);
      if (received === undefined) return;
      const before = received.length;
      received.push(...Array.from(decodePcm16(message.samples), (v) => Math.round(v * 32768)));
      for (let n = Math.floor(before / UPDATE_SAMPLES) + 1; n * UPDATE_SAMPLES <= received.length; n++) {
        deliver({ kind: 'event', event: 'live', streamId: message.streamId, update: fakeUpdate((n * UPDATE_SAMPLES) / 16000) });
      }
      return;
    }
    const reply = (result: unknown) => deliver({ kind: 'reply', requestId: message.requestId, ok: true, result });
    switch (message.method) {
      case 'status':
        return reply({ backend: 'cpu', reason: 'fake engine', models: [], pid: process.pid });
      case 'startStream':
        samples.set(message.params.streamId, []);
        return reply({ labels: FAKE_LABELS });
      case 'stopStream': {
        const received = samples.get(message.params.streamId) ?? [];
        return reply({ seconds: received.length / 16000, windows: [] });
      }
      default:
        deliver({ kind: 'reply', requestId: message.requestId, ok: false, error: { code: 'internal', message: 'not faked' } });
    }
  }

  const launch = (): EngineChannel => ({
    // Asynchronous like a real channel: the sender's synchronous code finishes first.
    send: (message) => queueMicrotask(() => receive(message)),
    onMessage: (listener) => {
      deliver = listener;
      queueMicrotask(() => listener({ kind: 'event', event: 'ready', backend: 'cpu', reason: 'fake engine' }));
    },
    onExit: (listener) => {
      exit = listener;
    },
    kill: () => queueMicrotask(() => exit({ code: 0, signal: null })),
  });
  const client = new EngineClient(launch, { backoff: { initialMs: 60_000 } });
  return Object.assign(client, { messages, samples, crash: () => exit({ code: null, signal: 'SIGKILL' }) });
}
