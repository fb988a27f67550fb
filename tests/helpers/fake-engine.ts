/**
 * A real EngineClient over a pretend engine process that answers at once: for back-end
 * tests that need predictions but not tfjs. `requests` records what the back end asked.
 */
import { EngineClient } from '../../electron/engine/engine-client.ts';
import type { EngineChannel, EngineExit } from '../../electron/engine/engine-client.ts';
import type { EngineRequest, HostMessage } from '../../electron/engine/protocol.ts';

export const FAKE_PREDICTION = {
  modelName: 'fake',
  labels: ['neutral', 'happy'],
  probs: [0.25, 0.75],
  label: 'happy',
  hasSpeech: true,
  windows: [],
};

function answer(request: EngineRequest): unknown {
  switch (request.method) {
    case 'status':
      return { backend: 'cpu', reason: 'fake engine', models: [], pid: process.pid };
    case 'predictClip':
      return FAKE_PREDICTION;
    case 'modelInfo':
      throw new Error('the fake engine has no model info');
  }
}

/** `failPredictions`: predictClip replies with this engine error instead of a result. */
export function fakeEngine(
  options: { failPredictions?: { code: 'input-file' | 'model' | 'internal'; message: string } } = {},
): EngineClient & { requests: EngineRequest[] } {
  const requests: EngineRequest[] = [];
  const launch = (): EngineChannel => {
    let onMessage: (message: unknown) => void = () => {};
    let onExit: (exit: EngineExit) => void = () => {};
    const channel: EngineChannel = {
      send(message: HostMessage) {
        requests.push(message);
        const { requestId } = message;
        const failure = message.method === 'predictClip' ? options.failPredictions : undefined;
        queueMicrotask(() =>
          onMessage(
            failure === undefined
              ? { kind: 'reply', requestId, ok: true, result: answer(message) }
              : { kind: 'reply', requestId, ok: false, error: failure },
          ),
        );
      },
      onMessage: (listener) => {
        onMessage = listener;
        queueMicrotask(() => listener({ kind: 'event', event: 'ready', backend: 'cpu', reason: 'fake engine' }));
      },
      onExit: (listener) => {
        onExit = listener;
      },
      kill: () => queueMicrotask(() => onExit({ code: 0, signal: null })),
    };
    return channel;
  };
  return Object.assign(new EngineClient(launch), { requests });
}
