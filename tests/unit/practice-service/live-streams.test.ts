// The engine's live streams without tfjs: a pretend model that fails when asked to predict
// shows how audio problems end a stream with one 'streamError' event, never a crash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as tf from '@tensorflow/tfjs';
import { EngineRequestError } from '../../../electron/engine/errors.ts';
import { LiveStreams } from '../../../electron/engine/live-streams.ts';
import { encodePcm16 } from '../../../electron/engine/pcm16.ts';
import type { StreamEvent } from '../../../electron/engine/protocol.ts';
import type { Predictor } from '../../../training/model/inference.ts';
import { DEFAULT_INPUT_CONFIG, inputChannels } from '../../../training/model/model-input.ts';

const LABELS = ['neutral', 'happy'];

/** A model with two outputs whose predict() throws: enough until a 2 s window completes. */
function failingPredictor(): Predictor {
  const model = {
    outputs: [{ shape: [null, LABELS.length] }],
    predict: () => {
      throw new Error('the pretend model cannot predict');
    },
  } as unknown as tf.LayersModel;
  const channels = inputChannels(DEFAULT_INPUT_CONFIG);
  return { model, input: DEFAULT_INPUT_CONFIG, normalisation: { mean: Array(channels).fill(0), std: Array(channels).fill(1) } };
}

function audio(streamId: string, seconds: number) {
  const samples = Int16Array.from({ length: Math.round(seconds * 16000) }, (_, i) => Math.round(8000 * Math.sin(i / 10)));
  return { kind: 'audio' as const, streamId, samples: encodePcm16(samples) };
}

const PARAMS = { modelDir: '/m', goal: 'calm-confident' as const, paceTargetWpm: [140, 160] as [number, number] };

describe('LiveStreams', () => {
  it('sends one live event per 0.2 s of audio, stamped with the arrival time', () => {
    const events: StreamEvent[] = [];
    const streams = new LiveStreams((e) => events.push(e));
    assert.deepEqual(streams.start({ streamId: 's', ...PARAMS }, failingPredictor(), LABELS), { labels: LABELS });
    streams.push(audio('s', 0.1), 1000);
    streams.push(audio('s', 0.35), 2000);
    assert.deepEqual(
      events.map((e) => (e.event === 'live' ? [e.update.t, e.receivedAtMs] : e.event)),
      [
        [0.2, 2000],
        [0.4, 2000],
      ],
    );
    assert.deepEqual(streams.stop({ streamId: 's' }), { seconds: 0.45, windows: [] });
  });

  it('ends a stream whose analysis fails, reporting it once', () => {
    const events: StreamEvent[] = [];
    const streams = new LiveStreams((e) => events.push(e));
    streams.start({ streamId: 's', ...PARAMS }, failingPredictor(), LABELS);
    streams.push(audio('s', 2.5), 0); // completes a window: the model is asked and fails
    const error = events.find((e) => e.event === 'streamError');
    assert.ok(error?.event === 'streamError');
    assert.match(error.message, /live analysis failed: the pretend model cannot predict/);
    streams.push(audio('s', 0.5), 0);
    assert.equal(events.filter((e) => e.event === 'streamError').length, 1, 'later audio is dropped quietly');
    assert.throws(() => streams.stop({ streamId: 's' }), (e: unknown) => e instanceof EngineRequestError && e.code === 'invalid-request');
  });

  it('ends a stream sent bytes that are not whole samples', () => {
    const events: StreamEvent[] = [];
    const streams = new LiveStreams((e) => events.push(e));
    streams.start({ streamId: 's', ...PARAMS }, failingPredictor(), LABELS);
    streams.push({ kind: 'audio', streamId: 's', samples: Buffer.from([1, 2, 3]).toString('base64') }, 0);
    assert.deepEqual(events.map((e) => e.event), ['streamError']);
  });

  it('answers audio for an unknown stream (say, after a restart) with one error, and refuses duplicate streams', () => {
    const events: StreamEvent[] = [];
    const streams = new LiveStreams((e) => events.push(e));
    streams.push(audio('gone', 0.1), 0);
    streams.push(audio('gone', 0.1), 0);
    assert.deepEqual(events, [{ kind: 'event', event: 'streamError', streamId: 'gone', message: 'the ML engine has no such stream (it may have restarted)' }]);
    streams.start({ streamId: 'a', ...PARAMS }, failingPredictor(), LABELS);
    assert.throws(() => streams.start({ streamId: 'a', ...PARAMS }, failingPredictor(), LABELS), /already running/);
    assert.throws(() => streams.start({ streamId: 'b', ...PARAMS }, failingPredictor(), ['only-one']), (e: unknown) => e instanceof EngineRequestError && e.code === 'model');
  });
});
