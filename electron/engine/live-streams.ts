/**
 * The engine's live streams (practice mode): one LiveAnalyzer per stream, fed by the
 * host's 'audio' messages, each update sent back at once as a 'live' event. Audio arrives
 * without a reply, so anything that goes wrong with it ends the stream with a
 * 'streamError' event instead of an error reply; later audio for it is dropped.
 *
 * Streams live in this engine process only: when it restarts they are gone, and the host
 * (which sees the restart in EngineClient's status) ends its session.
 */
import { describeError } from '../../training/errors.ts';
import { FEATURE_SPEC } from '../../training/features/spec.ts';
import type { Predictor } from '../../training/model/inference.ts';
import { LiveAnalyzer } from '../../training/practice/live-analyzer.ts';
import { EngineRequestError } from './errors.ts';
import { decodePcm16 } from './pcm16.ts';
import type { AudioMessage, EngineParams, EngineResult, StreamEvent } from './protocol.ts';

/** Seconds per feature frame. */
const FRAME_SEC = FEATURE_SPEC.hopLength / FEATURE_SPEC.sampleRate;

export class LiveStreams {
  private readonly streams = new Map<string, LiveAnalyzer>();
  /** Streams already told they are unknown, so a host still sending gets one event, not one per chunk. */
  private readonly reportedUnknown = new Set<string>();

  constructor(private readonly send: (event: StreamEvent) => void) {}

  start(params: EngineParams<'startStream'>, predictor: Predictor, labels: readonly string[]): EngineResult<'startStream'> {
    if (this.streams.has(params.streamId)) {
      throw new EngineRequestError('invalid-request', `a stream named ${params.streamId} is already running`);
    }
    let analyzer: LiveAnalyzer;
    try {
      analyzer = new LiveAnalyzer({ predictor, labels, goal: params.goal, paceTargetWpm: params.paceTargetWpm });
    } catch (error) {
      throw new EngineRequestError('model', `the model cannot analyse a live stream: ${describeError(error)}`);
    }
    this.streams.set(params.streamId, analyzer);
    this.reportedUnknown.delete(params.streamId);
    return { labels: [...labels] };
  }

  /** Analyses one audio message; `receivedAtMs` is when it arrived (see the 'live' event). */
  push(message: AudioMessage, receivedAtMs: number): void {
    const { streamId } = message;
    const analyzer = this.streams.get(streamId);
    if (analyzer === undefined) {
      if (!this.reportedUnknown.has(streamId)) {
        this.reportedUnknown.add(streamId);
        this.send({ kind: 'event', event: 'streamError', streamId, message: 'the ML engine has no such stream (it may have restarted)' });
      }
      return;
    }
    try {
      for (const update of analyzer.push(decodePcm16(message.samples))) {
        this.send({ kind: 'event', event: 'live', streamId, update, receivedAtMs });
      }
    } catch (error) {
      this.streams.delete(streamId);
      this.reportedUnknown.add(streamId);
      this.send({ kind: 'event', event: 'streamError', streamId, message: `live analysis failed: ${describeError(error)}` });
    }
  }

  stop(params: EngineParams<'stopStream'>): EngineResult<'stopStream'> {
    const analyzer = this.streams.get(params.streamId);
    if (analyzer === undefined) throw new EngineRequestError('invalid-request', `no stream named ${params.streamId} is running`);
    this.streams.delete(params.streamId);
    return {
      seconds: analyzer.seconds,
      windows: analyzer.windows.map((w) => ({
        startSec: w.startFrame * FRAME_SEC,
        endSec: w.endSec,
        probs: Array.from(w.probs),
        speechFraction: w.speechFraction,
      })),
    };
  }
}
