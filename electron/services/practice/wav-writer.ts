/**
 * The session recording, written as it arrives: a 16-bit PCM WAV whose header is written
 * first with placeholder sizes (0xFFFFFFFF, what streaming writers such as `ffmpeg -f wav -`
 * use) and patched with the real sizes when the session stops, then fsynced. If the app
 * dies mid-session the file keeps the placeholders; both this app's WAV reader and ffmpeg
 * take a data size of 0xFFFFFFFF as "to the end of the file", so everything that reached
 * the disk stays playable (a torn last sample is ignored).
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

const HEADER_BYTES = 44;
/** "Unknown, read to the end": the size fields of a WAV still being written. */
const UNKNOWN_SIZE = 0xffffffff;
/** The largest data chunk a RIFF size field can describe. */
const MAX_DATA_BYTES = 0xffffffff - (HEADER_BYTES - 8);

/** A canonical 44-byte mono PCM16 header; `dataBytes` null writes the placeholder sizes. */
export function pcm16WavHeader(sampleRate: number, dataBytes: number | null): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(dataBytes === null ? UNKNOWN_SIZE : HEADER_BYTES - 8 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes === null ? UNKNOWN_SIZE : dataBytes, 40);
  return header;
}

/** write() may write less than asked; regular files rarely do, but a short write would shift every later sample. */
async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten === 0) throw new Error('the disk accepted no more bytes');
    done += bytesWritten;
  }
}

function samplesToBytes(samples: Int16Array): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i], i * 2);
  return bytes;
}

export class StreamingWavWriter {
  /** Writes in order: each append waits for the one before. */
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private samples = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly sampleRate: number,
  ) {}

  /** Creates `filePath` (it must not exist) and writes the placeholder header. */
  static async create(filePath: string, sampleRate: number): Promise<StreamingWavWriter> {
    const handle = await open(filePath, 'wx');
    try {
      await writeFully(handle, pcm16WavHeader(sampleRate, null), 0);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new StreamingWavWriter(filePath, handle, sampleRate);
  }

  /** Samples appended so far (queued writes included). */
  get sampleCount(): number {
    return this.samples;
  }

  /** The first write error, if any (later appends are then dropped); finish() throws it. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Queues `samples` for writing; never throws (a write error shows in `error`). */
  append(samples: Int16Array): void {
    if (this.closed || this.failure !== undefined || samples.length === 0) return;
    if ((this.samples + samples.length) * 2 > MAX_DATA_BYTES) {
      this.failure = new Error('the recording reached the 4 GiB limit of a WAV file');
      return;
    }
    const bytes = samplesToBytes(samples);
    const position = HEADER_BYTES + this.samples * 2;
    this.samples += samples.length;
    this.pending = this.pending.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await writeFully(this.handle, bytes, position);
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  /**
   * Waits for the queued writes, patches the sizes, fsyncs and closes. Returns the number
   * of samples on disk. Throws the first write error (the file is closed either way).
   */
  async finish(): Promise<number> {
    if (this.closed) throw new Error('the recording was already finished');
    this.closed = true;
    try {
      await this.pending;
      if (this.failure !== undefined) throw this.failure;
      await writeFully(this.handle, pcm16WavHeader(this.sampleRate, this.samples * 2), 0);
      await this.handle.sync();
      return this.samples;
    } finally {
      await this.handle.close();
    }
  }
}
