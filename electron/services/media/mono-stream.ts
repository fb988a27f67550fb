/**
 * A clip's samples as a stream of mono chunks at the file's own rate, whatever the format:
 * WAV straight from the file (only the data chunk, in fixed-size reads), everything else
 * through ffmpeg. Memory stays flat for any length: each chunk is folded by the consumer
 * (peaks, spectrogram columns) and dropped.
 */
import { createReadStream } from 'node:fs';
import { InputFileError } from '../../../training/errors.ts';
import { downmixToMono, fileSystemReason, loadAudio } from '../../../training/audio/load.ts';
import type { SourceInfo } from './audio-info.ts';
import { locateAudio } from './audio-file.ts';
import { decodeRawFloat32 } from './ffmpeg-stream.ts';
import { MonoDecoder } from './mono-decoder.ts';

/** Receives the mono samples in order; each array is the consumer's to keep or drop. */
export interface MonoSink {
  push(samples: Float32Array): void;
}

export interface MonoStreamOptions {
  /** Bytes per read (default 1 MiB: few enough reads that a 115 MB file takes ~110). */
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Stream `filePath` as mono samples into the sink `createSink` makes once the format is known.
 * `info.durationSec` may be undefined for a container that does not state it. Throws
 * InputFileError for unreadable or non-audio files and when ffmpeg is needed but missing.
 */
export async function readMonoStream<S extends MonoSink>(
  filePath: string,
  createSink: (info: SourceInfo) => S,
  options: MonoStreamOptions = {},
): Promise<S> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(
      `readMonoStream: chunkBytes must be a positive integer, got ${chunkBytes}`,
    );
  }
  const source = await locateAudio(filePath);
  const sink = createSink(source.info);
  if (source.kind === 'wav') {
    const { layout } = source;
    const { encoding, bytesPerSample, channels } = layout;
    if (encoding === 'alaw' || encoding === 'mulaw') {
      // G.711 tables live inside wav.ts; these telephone-rate files are small, so decode whole.
      sink.push(downmixToMono((await loadAudio(filePath)).channels));
      return sink;
    }
    const decoder = new MonoDecoder({ encoding, bytesPerSample, channels });
    const stream = createReadStream(filePath, {
      start: layout.dataOffset,
      end: layout.dataOffset + layout.dataLength - 1,
      highWaterMark: chunkBytes,
    });
    try {
      for await (const chunk of stream) sink.push(decoder.push(chunk as Buffer));
    } catch (error) {
      // The file changed or the disk failed under us; anything else is a bug to surface as is.
      if (typeof (error as NodeJS.ErrnoException).syscall !== 'string') throw error;
      throw new InputFileError(
        filePath,
        `could not be read to the end (${fileSystemReason(error)})`,
      );
    }
    return sink;
  }
  const { sampleRate, channels } = source.info;
  const decoder = new MonoDecoder({ encoding: 'float', bytesPerSample: 4, channels });
  for await (const chunk of decodeRawFloat32(filePath, { sampleRate, channels })) {
    sink.push(decoder.push(chunk));
  }
  return sink;
}
