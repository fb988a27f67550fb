/**
 * The microphone, through node-record-lpcm16 running SoX's `rec` (or `arecord`) as a child
 * process that writes raw 16 kHz mono s16le to stdout. Every way that can fail — no
 * program, no device, device busy, no permission, no sound server, the program dying
 * later — ends the chunk iterator with a PcmSourceError saying what to check; none of them
 * can throw out of an event handler and take the back end down.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lpcm16 from 'node-record-lpcm16';
import type { Recording } from 'node-record-lpcm16';
import { describeError } from '../../../training/errors.ts';
import { ChunkQueue } from './chunk-queue.ts';
import { PCM_SAMPLE_RATE, PcmSourceError } from './pcm-source.ts';
import type { PcmSource } from './pcm-source.ts';
import { describeRecorderFailure } from './recorder-errors.ts';
import { findRecorder, pulseAudioReachable, recordingCommand } from './recorder-program.ts';
import type { RecordingCommand } from './recorder-program.ts';
import { S16Assembler } from './s16-assembler.ts';

const PASS_THROUGH_RECORDER = fileURLToPath(new URL('./pass-through-recorder.cjs', import.meta.url));

/** How long a recorder asked to stop gets before it is killed outright. */
const KILL_GRACE_MS = 2000;
/** stderr kept for the error message: its end says why the program failed. */
const STDERR_KEEP = 4096;

export interface MicrophoneSourceOptions {
  /** A device id from listInputDevices(), or null for the system default input. */
  device: string | null;
  /** The recorder's environment (default: this process's); tests point it at their own sound server. */
  env?: NodeJS.ProcessEnv;
}

export class MicrophoneSource implements PcmSource {
  readonly kind = 'microphone';
  readonly name: string;
  private readonly device: string | null;
  private readonly env: NodeJS.ProcessEnv;
  private readonly queue = new ChunkQueue<Int16Array>(() => this.stop());
  private recording: Recording | undefined;
  private started = false;
  private stopped = false;
  private paused = false;

  constructor(options: MicrophoneSourceOptions) {
    this.device = options.device;
    this.env = options.env ?? process.env;
    this.name = options.device ?? 'default microphone';
  }

  start(): AsyncIterableIterator<Int16Array> {
    if (this.started) throw new Error('MicrophoneSource.start() may be called once');
    this.started = true;
    void this.open();
    return this.queue;
  }

  pause(): void {
    if (this.stopped || this.paused) return;
    this.paused = true;
    this.signalRecorder('pause');
  }

  resume(): void {
    if (this.stopped || !this.paused) return;
    this.paused = false;
    this.signalRecorder('resume');
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const recording = this.recording;
    if (recording === undefined) {
      this.queue.end();
      return;
    }
    // A stopped (SIGSTOP) process acts on SIGTERM only once continued.
    if (this.paused) this.signalRecorder('resume');
    this.signalRecorder('stop');
    const timer = setTimeout(() => recording.process.kill('SIGKILL'), KILL_GRACE_MS);
    timer.unref();
    recording.process.once('close', () => clearTimeout(timer));
  }

  private async open(): Promise<void> {
    const { program, problem } = findRecorder();
    if (program === null) {
      this.queue.fail(new PcmSourceError('recorder-missing', problem ?? 'No recorder program was found.'));
      return;
    }
    const pulse = program.kind === 'sox' && (await pulseAudioReachable(this.env));
    if (this.stopped) return;
    const command = recordingCommand(program, { device: this.device, pulse, env: this.env });
    try {
      this.recording = lpcm16.record({ recorder: PASS_THROUGH_RECORDER, command, sampleRate: PCM_SAMPLE_RATE, channels: 1 });
    } catch (error) {
      this.queue.fail(new PcmSourceError('recorder-failed', `The recorder could not be started: ${describeError(error)}`));
      return;
    }
    this.attach(this.recording, command);
    if (this.paused) this.signalRecorder('pause');
  }

  private attach(recording: Recording, command: RecordingCommand): void {
    const child = recording.process;
    const assembler = new S16Assembler();
    let stderr = '';
    let spawnError: NodeJS.ErrnoException | undefined;
    let libraryError = '';
    const fail = (code: number | null, signal: NodeJS.Signals | null): void =>
      this.queue.fail(
        describeRecorderFailure({
          program: path.basename(command.cmd),
          spawnError,
          exitCode: code,
          signal,
          stderr: stderr.trim().length > 0 ? stderr : libraryError,
        }),
      );
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError ??= error;
      // Never started (not found, not executable): no 'close' need follow.
      if (child.pid === undefined) fail(null, null);
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString('utf8')).slice(-STDERR_KEEP);
    });
    const stream = recording.stream();
    stream.on('data', (data: Buffer) => {
      if (this.stopped) return;
      const samples = assembler.push(data);
      if (samples.length > 0) this.queue.push(samples);
    });
    // node-record-lpcm16 reports a non-zero exit as an 'error' event carrying a string; an
    // unheard 'error' would throw. The 'close' handler below decides, from stderr.
    stream.on('error', (message: unknown) => {
      libraryError = String(message).split('\n')[0];
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (this.stopped || (code === 0 && spawnError === undefined)) {
        this.queue.end();
        return;
      }
      fail(code, signal);
    });
  }

  /** SIGSTOP/SIGCONT/SIGTERM through the library; signals a platform lacks are skipped (chunks are then dropped upstream while paused). */
  private signalRecorder(action: 'pause' | 'resume' | 'stop'): void {
    const recording = this.recording;
    if (recording === undefined) return;
    try {
      recording[action]();
    } catch {
      // SIGSTOP/SIGCONT do not exist on Windows; the process has exited already.
    }
  }
}
