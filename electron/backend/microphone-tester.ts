/**
 * The first-run microphone test: a few seconds recorded through the very recorder practice
 * mode uses (MicrophoneSource: SoX or arecord, the same devices and the same failures),
 * with a level reading per 100 ms of audio while it records. The clip is written as a WAV
 * named by its sha256 in a temporary folder, so the media routes serve it like a session
 * recording; the last few are kept for playback and the folder is removed on close.
 *
 * A recorder that cannot record is an answer, not an error: its PcmSourceError (already
 * worded with what to install or check) becomes the result's `problem`.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContractError } from '../contract.ts';
import type { EventPayload, MethodParams, MicrophoneTest } from '../contract.ts';
import { pcm16WavHeader } from '../services/practice/wav-writer.ts';
import { PCM_SAMPLE_RATE, PcmSourceError } from '../services/recorder/pcm-source.ts';
import type { PcmSource } from '../services/recorder/pcm-source.ts';
import { BlockLevelMeter, SILENCE_DB, measureLevels } from './audio-levels.ts';
import { judgeRecording, recorderProblemKind } from './microphone-verdict.ts';

/** Level readings per second of audio (the meter's refresh rate). */
const READINGS_PER_SEC = 10;
/**
 * How long the recorder may take beyond the clip's length before the test gives up: SoX on
 * PulseAudio takes ~2 s to deliver its first chunk; one that cannot open its device fails
 * well within this.
 */
const START_GRACE_MS = 5000;
/** Recordings kept for playback; older ones are deleted. */
const KEEP_RECORDINGS = 5;

export interface MicrophoneTesterOptions {
  /** The recorder for a device (null: the system default input). */
  openSource: (device: string | null) => PcmSource;
  onLevel: (level: EventPayload<'microphone.level'>) => void;
  /** Why the microphone cannot be tested now (a practice session records from it), or null. */
  busyReason: () => string | null;
  /** Prefix of the /media/... URLs handed to the renderer. */
  mediaBaseUrl: string;
  log: (message: string) => void;
}

interface Captured {
  samples: Int16Array;
  failure?: PcmSourceError;
}

function samplesToWav(samples: Int16Array): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(samples[i], i * 2);
  return Buffer.concat([pcm16WavHeader(PCM_SAMPLE_RATE, data.length), data]);
}

function concat(chunks: readonly Int16Array[], length: number): Int16Array {
  const out = new Int16Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export class MicrophoneTester {
  private running = false;
  private folder: Promise<string> | undefined;
  /** sha256 → WAV path, oldest first. */
  private readonly recordings = new Map<string, string>();
  private current: PcmSource | undefined;
  private closed = false;

  constructor(private readonly options: MicrophoneTesterOptions) {}

  async test({ device, seconds }: MethodParams<'microphone.test'>): Promise<MicrophoneTest> {
    if (this.closed) throw new ContractError('unsupported', 'SER Studio is shutting down.');
    if (this.running) throw new ContractError('invalid-input', 'A microphone test is already recording; wait for it to finish.');
    const busy = this.options.busyReason();
    if (busy !== null) return this.problemResult({ kind: 'busy', message: busy });
    this.running = true;
    try {
      const captured = await this.capture(device, seconds);
      if (captured.failure !== undefined) {
        this.options.log(`microphone test (${device ?? 'default input'}): ${captured.failure.message}`);
        return this.problemResult({ kind: recorderProblemKind(captured.failure.problem), message: captured.failure.message });
      }
      const durationSec = captured.samples.length / PCM_SAMPLE_RATE;
      const levels = measureLevels(captured.samples);
      const problem = judgeRecording(levels, durationSec);
      const audioUrl = durationSec > 0 ? await this.store(captured.samples) : null;
      return { audioUrl, durationSec, rmsDb: levels.rmsDb, peakDb: levels.peakDb, clipped: levels.clipped, problem };
    } finally {
      this.running = false;
      this.current = undefined;
    }
  }

  /** The recording whose WAV has this sha256, for the media routes. */
  find(sha256: string): string | undefined {
    return this.recordings.get(sha256);
  }

  /** Stops a running test and deletes the recordings. */
  async close(): Promise<void> {
    this.closed = true;
    this.current?.stop();
    const folder = this.folder;
    this.folder = undefined;
    this.recordings.clear();
    if (folder !== undefined) await rm(await folder, { recursive: true, force: true });
  }

  private problemResult(problem: NonNullable<MicrophoneTest['problem']>): MicrophoneTest {
    return { audioUrl: null, durationSec: 0, rmsDb: SILENCE_DB, peakDb: SILENCE_DB, clipped: false, problem };
  }

  /** Up to `seconds` of audio; stops early when the recorder fails or delivers nothing in time. */
  private async capture(device: string | null, seconds: number): Promise<Captured> {
    const wanted = Math.round(seconds * PCM_SAMPLE_RATE);
    const meter = new BlockLevelMeter(PCM_SAMPLE_RATE / READINGS_PER_SEC);
    const chunks: Int16Array[] = [];
    let received = 0;
    const source = this.options.openSource(device);
    this.current = source;
    const deadline = setTimeout(() => source.stop(), seconds * 1000 + START_GRACE_MS);
    try {
      for await (const chunk of source.start()) {
        const part = chunk.slice(0, Math.min(chunk.length, wanted - received));
        chunks.push(part);
        received += part.length;
        for (const reading of meter.push(part)) {
          this.options.onLevel({ elapsedSec: reading.endSample / PCM_SAMPLE_RATE, seconds, rmsDb: reading.rmsDb, peakDb: reading.peakDb });
        }
        if (received >= wanted) break;
      }
    } catch (error) {
      if (error instanceof PcmSourceError) return { samples: new Int16Array(0), failure: error };
      throw error;
    } finally {
      clearTimeout(deadline);
      source.stop();
    }
    return { samples: concat(chunks, received) };
  }

  private async store(samples: Int16Array): Promise<string> {
    const wav = samplesToWav(samples);
    const sha256 = createHash('sha256').update(wav).digest('hex');
    this.folder ??= mkdtemp(path.join(os.tmpdir(), 'ser-studio-mic-test-'));
    const file = path.join(await this.folder, `${sha256}.wav`);
    await writeFile(file, wav);
    this.recordings.delete(sha256);
    this.recordings.set(sha256, file);
    for (const [oldSha, oldFile] of this.recordings) {
      if (this.recordings.size <= KEEP_RECORDINGS) break;
      this.recordings.delete(oldSha);
      await rm(oldFile, { force: true });
    }
    return `${this.options.mediaBaseUrl}/media/audio/${sha256}`;
  }
}
