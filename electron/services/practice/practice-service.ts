/**
 * Practice sessions (DESIGN.md §2, step 4), one at a time: a PcmSource (microphone or a
 * file at real-time pace) feeds a live stream in the ML engine and, chunk by chunk, the
 * session's recording; the engine's updates become the session timeline and the
 * `practice.update` events; every state change is a `practice.state` event. Stopping —
 * asked for, or because the file ended, the recorder failed or the engine restarted —
 * finishes the recording, writes the timeline, computes the report and stores the session,
 * so what was recorded is kept whichever way a session ends.
 *
 * Paused audio is neither analysed nor recorded, so timeline times (LiveUpdate.t) are
 * positions in the saved recording and leave the pauses out.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../../../training/errors.ts';
import { sha256File } from '../../../training/features/clip-frames.ts';
import type { GoalProfile, LiveUpdate } from '../../../training/practice/live-update.ts';
import { buildSessionReport } from '../../../training/practice/report.ts';
import { ContractError } from '../../contract.ts';
import type { MethodParams, PracticeState } from '../../contract.ts';
import { EngineUnavailableError } from '../../engine/engine-client.ts';
import type { EngineClient, EngineStatus } from '../../engine/engine-client.ts';
import type { StreamEvent } from '../../engine/protocol.ts';
import type { EventHub } from '../../rpc/event-hub.ts';
import { FileSource } from '../recorder/file-source.ts';
import { MicrophoneSource } from '../recorder/microphone-source.ts';
import { PCM_SAMPLE_RATE, PcmSourceError } from '../recorder/pcm-source.ts';
import type { PcmSource } from '../recorder/pcm-source.ts';
import type { PracticeSettings } from '../settings/schema.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { WorkspaceStore } from '../workspace/store.ts';
import { AUDIO_FILE, newSessionId, sessionFolder, writeTimeline } from './session-files.ts';
import type { StoredSessionSummary } from './session-files.ts';
import type { SessionRecordings } from './session-recordings.ts';
import { StreamingWavWriter } from './wav-writer.ts';

export type PracticeSourceRequest = MethodParams<'practice.start'>['source'];

/** Builds the source a start request names; tests and the benchmark pass their own. */
export type SourceOpener = (request: PracticeSourceRequest, settings: PracticeSettings) => PcmSource;

/** A microphone (the request's device, else the one chosen in settings) or a file. */
export const openPcmSource: SourceOpener = (request, settings) =>
  request.kind === 'file'
    ? new FileSource(request.path)
    : new MicrophoneSource({ device: request.device ?? settings.microphoneDevice });

/**
 * How long practice.start waits for the first audio before replying "running" anyway.
 * A recorder that cannot open its device fails well within it, so the request reports
 * that failure itself; SoX on PulseAudio takes ~2 s to deliver its first chunk here.
 */
const FIRST_AUDIO_TIMEOUT_MS = 5000;
/** startStream may wait for an engine that is (re)starting and loading its model. */
const START_STREAM_TIMEOUT_MS = 60_000;
const STOP_STREAM_TIMEOUT_MS = 30_000;

export interface PracticeServiceOptions {
  /** The open workspace (sessions are saved in the one open at start). */
  workspace: () => WorkspaceStore;
  settings: SettingsStore;
  engine: EngineClient;
  events: EventHub;
  /** The model folder to analyse with (the active model). */
  modelDir: () => string;
  recordings: SessionRecordings;
  log: (message: string) => void;
  openSource?: SourceOpener;
  now?: () => Date;
}

interface ActiveSession {
  id: string;
  dir: string;
  store: WorkspaceStore;
  startedAt: Date;
  goal: GoalProfile;
  paceTargetWpm: [number, number];
  source: PcmSource;
  wav: StreamingWavWriter;
  labels: string[];
  timeline: LiveUpdate[];
  paused: boolean;
  /** False once the engine has lost the stream (restart, stream error). */
  streamOpen: boolean;
  gotAudio: boolean;
  /** Resolves at the first chunk, or when the source ends without one. */
  firstAudio: Promise<void>;
  onFirstAudio: () => void;
  /** Settles when the source's iterator is done; carries its failure, if it failed. */
  pump: Promise<Error | undefined>;
  /** Set once the session is ending: the saved session id, or null when nothing was saved. */
  ending?: Promise<string | null>;
  endMessage?: string;
  /** Why the session ended on its own (source failure, lost engine), for start's error when no audio came. */
  endError?: Error;
}

interface StateView {
  sessionId: string | null;
  goal: GoalProfile | null;
  source: 'microphone' | 'file' | null;
  labels: string[];
  message?: string;
}

const IDLE_VIEW: StateView = { sessionId: null, goal: null, source: null, labels: [] };

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Why a session ended before any audio, as the start request's error: an unreadable file is
 * the user's input, a recorder problem the machine's, a lost engine temporary.
 */
function startFailure(error: Error): ContractError {
  if (error instanceof ContractError) return error;
  if (error instanceof PcmSourceError) {
    return new ContractError(error.problem === 'unreadable-file' ? 'input-file' : 'unsupported', error.message);
  }
  if (error instanceof EngineUnavailableError) return new ContractError('engine-unavailable', error.message);
  return new ContractError('internal', error.message);
}

export class PracticeService {
  private phase: PracticeState['state'] = 'idle';
  private view: StateView = IDLE_VIEW;
  private session: ActiveSession | undefined;
  private readonly openSource: SourceOpener;
  private readonly now: () => Date;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly options: PracticeServiceOptions) {
    this.openSource = options.openSource ?? openPcmSource;
    this.now = options.now ?? (() => new Date());
    this.unsubscribe = [
      options.engine.on('stream', (event) => this.onStreamEvent(event)),
      options.engine.on('status', (status) => this.onEngineStatus(status)),
    ];
  }

  state(): PracticeState {
    const { message, ...rest } = this.view;
    return { state: this.phase, ...rest, ...(message === undefined ? {} : { message }) };
  }

  /**
   * Starts a session and replies once audio flows (or after FIRST_AUDIO_TIMEOUT_MS). A
   * source that fails before delivering anything fails the request with its message.
   */
  async start(input: MethodParams<'practice.start'>): Promise<PracticeState> {
    if (this.phase !== 'idle') {
      throw new ContractError('invalid-input', `A practice session is ${this.phase} already; stop it first.`);
    }
    const store = this.options.workspace();
    const id = newSessionId(this.now());
    this.setState('starting', { sessionId: id, goal: input.goal, source: input.source.kind, labels: [] });
    let session: ActiveSession;
    try {
      session = await this.open(store, id, input);
    } catch (error) {
      this.setState('idle', { ...IDLE_VIEW, message: describeError(error) });
      throw error instanceof PcmSourceError ? startFailure(error) : error;
    }
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, FIRST_AUDIO_TIMEOUT_MS).unref());
    await Promise.race([session.firstAudio, timeout]);
    if (session.ending !== undefined) {
      const savedId = await session.ending;
      if (savedId === null && !session.gotAudio) {
        if (session.endError !== undefined) throw startFailure(session.endError);
        throw new ContractError('invalid-input', 'The session was stopped before any audio arrived.');
      }
      return this.state();
    }
    // Still starting: nothing but ending the session (handled above) can change the phase meanwhile.
    this.setState('running', this.view);
    return this.state();
  }

  pause(): PracticeState {
    const session = this.session;
    if (this.phase !== 'running' || session === undefined) throw new ContractError('invalid-input', 'No practice session is running.');
    session.paused = true;
    session.source.pause();
    this.setState('paused', this.view);
    return this.state();
  }

  resume(): PracticeState {
    const session = this.session;
    if (this.phase !== 'paused' || session === undefined) throw new ContractError('invalid-input', 'No practice session is paused.');
    session.paused = false;
    session.source.resume();
    this.setState('running', this.view);
    return this.state();
  }

  /** Stops and saves the session; null when none was running (or nothing was recorded). */
  async stop(): Promise<{ sessionId: string | null }> {
    const session = this.session;
    if (session === undefined) return { sessionId: null };
    return { sessionId: await this.end(session) };
  }

  /** Whether `sessionId` is the session under way (it cannot be deleted then). */
  isActive(sessionId: string): boolean {
    return this.session?.id === sessionId;
  }

  /** Saves a running session and stops listening to the engine; for shutdown. */
  async close(): Promise<void> {
    const session = this.session;
    if (session !== undefined) await this.end(session, 'The app closed during the session.');
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  /** Creates the session folder, recording and engine stream, then starts the source. */
  private async open(store: WorkspaceStore, id: string, input: MethodParams<'practice.start'>): Promise<ActiveSession> {
    const dir = sessionFolder(store.paths.sessions, id);
    if (dir === undefined) throw new Error(`invalid session id ${id}`);
    const practice = this.options.settings.get().practice;
    const paceTargetWpm: [number, number] = [practice.paceTargetWpm[0], practice.paceTargetWpm[1]];
    await mkdir(dir, { recursive: true });
    let wav: StreamingWavWriter | undefined;
    let streamStarted = false;
    try {
      wav = await StreamingWavWriter.create(path.join(dir, AUDIO_FILE), PCM_SAMPLE_RATE);
      const { labels } = await this.options.engine.request(
        'startStream',
        { streamId: id, modelDir: this.options.modelDir(), goal: input.goal, paceTargetWpm },
        { timeoutMs: START_STREAM_TIMEOUT_MS },
      );
      streamStarted = true;
      const source = this.openSource(input.source, practice);
      const chunks = source.start();
      let onFirstAudio = (): void => {};
      const firstAudio = new Promise<void>((resolve) => {
        onFirstAudio = resolve;
      });
      const session: ActiveSession = {
        id,
        dir,
        store,
        startedAt: this.now(),
        goal: input.goal,
        paceTargetWpm,
        source,
        wav,
        labels,
        timeline: [],
        paused: false,
        streamOpen: true,
        gotAudio: false,
        firstAudio,
        onFirstAudio,
        pump: Promise.resolve(undefined),
      };
      this.session = session;
      this.view = { ...this.view, labels };
      session.pump = this.pump(session, chunks);
      void session.pump.then((failure) => this.onSourceEnd(session, failure));
      return session;
    } catch (error) {
      if (streamStarted) await this.stopStream(id);
      await wav?.finish().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Feeds every chunk to the engine and the recording, until the source is done. */
  private async pump(session: ActiveSession, chunks: AsyncIterableIterator<Int16Array>): Promise<Error | undefined> {
    try {
      for await (const chunk of chunks) {
        if (session.paused || session.ending !== undefined || chunk.length === 0) continue;
        session.wav.append(chunk);
        this.options.engine.sendAudio(session.id, chunk);
        session.gotAudio = true;
        session.onFirstAudio();
        const writeError = session.wav.error;
        if (writeError !== undefined) {
          session.endError ??= writeError;
          void this.end(session, `The recording could not be written: ${writeError.message}`);
          return undefined;
        }
      }
      return undefined;
    } catch (error) {
      return asError(error);
    } finally {
      session.onFirstAudio();
    }
  }

  private onSourceEnd(session: ActiveSession, failure: Error | undefined): void {
    if (session.ending !== undefined) return;
    if (failure !== undefined) {
      session.endError ??= failure;
      void this.end(session, failure.message);
    } else {
      void this.end(session, session.source.kind === 'file' ? 'The file ended' : 'The microphone stopped delivering audio.');
    }
  }

  private onStreamEvent(event: StreamEvent): void {
    const session = this.session;
    if (session === undefined || event.streamId !== session.id) return;
    if (event.event === 'live') {
      session.timeline.push(event.update);
      this.options.events.emit('practice.update', event.update);
      return;
    }
    session.streamOpen = false;
    const message = `Live analysis stopped (${event.message}); the session was saved up to that point.`;
    session.endError ??= new EngineUnavailableError(message);
    void this.end(session, message);
  }

  private onEngineStatus(status: EngineStatus): void {
    const session = this.session;
    if (session === undefined || !session.streamOpen || status.state === 'ready') return;
    session.streamOpen = false;
    const why = status.detail === undefined ? '' : ` (${status.detail})`;
    const message = `The ML engine stopped${why}; the session was saved up to that point.`;
    session.endError ??= new EngineUnavailableError(message);
    void this.end(session, message);
  }

  /** Ends `session` once, however many times it is asked; resolves with the saved id. */
  private end(session: ActiveSession, message?: string): Promise<string | null> {
    if (session.ending === undefined) {
      session.endMessage = message;
      session.ending = this.finish(session, message);
    }
    return session.ending;
  }

  private async finish(session: ActiveSession, message: string | undefined): Promise<string | null> {
    this.setState('stopping', this.view);
    session.source.stop();
    await session.pump;
    // Every update of the audio sent so far arrives before this reply (engine-process.ts).
    if (session.streamOpen) await this.stopStream(session.id);
    session.streamOpen = false;
    let savedId: string | null = null;
    let problem: string | undefined;
    try {
      const samples = await session.wav.finish();
      if (samples === 0) await rm(session.dir, { recursive: true, force: true });
      else {
        await this.save(session, samples);
        savedId = session.id;
      }
    } catch (error) {
      problem = `The session could not be saved: ${describeError(error)}`;
      this.options.log(`practice session ${session.id}: ${problem}`);
    }
    this.session = undefined;
    const text = [message, problem].filter((m): m is string => m !== undefined).join(' ');
    this.setState('idle', { ...IDLE_VIEW, sessionId: savedId, ...(text.length > 0 ? { message: text } : {}) });
    return savedId;
  }

  private async stopStream(streamId: string): Promise<void> {
    try {
      await this.options.engine.request('stopStream', { streamId }, { timeoutMs: STOP_STREAM_TIMEOUT_MS });
    } catch (error) {
      this.options.log(`practice session ${streamId}: the engine stream did not stop cleanly: ${describeError(error)}`);
    }
  }

  /** Timeline, report and store row for a finished recording of `samples` samples. */
  private async save(session: ActiveSession, samples: number): Promise<void> {
    const audioPath = path.join(session.dir, AUDIO_FILE);
    const { timeline, labels, goal, paceTargetWpm } = session;
    const report = buildSessionReport({ timeline, labels, goal, paceTargetWpm });
    await writeTimeline(session.dir, labels, timeline);
    const audioSha256 = await sha256File(audioPath);
    const summary: StoredSessionSummary = {
      goal,
      source: { kind: session.source.kind, name: session.source.name },
      durationSec: samples / PCM_SAMPLE_RATE,
      report,
      labels,
      paceTargetWpm,
      audioSha256,
    };
    session.store.addSession({
      id: session.id,
      startedAt: session.startedAt.toISOString(),
      endedAt: this.now().toISOString(),
      audioPath,
      summary,
    });
    this.options.recordings.remember(session.store, audioSha256, audioPath);
  }

  private setState(phase: PracticeState['state'], view: StateView): void {
    this.phase = phase;
    this.view = view;
    this.options.events.emit('practice.state', this.state());
  }
}
