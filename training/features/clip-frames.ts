/**
 * The frames every model window is cut from (log-mel + frame level), with an on-disk
 * cache keyed by the audio's content hash and the feature-spec hash, so re-training or
 * re-evaluating a corpus never recomputes features, and a changed spec never reuses
 * stale ones.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClipFrames } from '../model/model-input.ts';
import { rms } from './energy.ts';
import { logMelSpectrogram } from './extract.ts';
import { levelsDb } from './level.ts';
import { FEATURE_SPEC, FEATURE_SPEC_HASH } from './spec.ts';

export function computeClipFrames(samples: Float32Array): ClipFrames {
  return {
    logMel: logMelSpectrogram(samples),
    levelDb: levelsDb(rms(samples, FEATURE_SPEC.frameLength, FEATURE_SPEC.hopLength)),
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Default cache folder: $SER_CACHE_DIR, else the user's cache directory. */
export function defaultCacheDir(): string {
  return process.env.SER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'ser-studio', 'features');
}

export class FrameCache {
  constructor(private readonly dir: string) {}

  private file(contentHash: string, variant: string): string {
    return path.join(this.dir, FEATURE_SPEC_HASH, contentHash.slice(0, 2), `${contentHash}-${variant}.f32`);
  }

  async get(contentHash: string, variant: string): Promise<ClipFrames | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(contentHash, variant));
    } catch {
      return undefined;
    }
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, 2);
    const [rows, cols] = header;
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 8, bytes.byteOffset + bytes.byteLength));
    if (floats.length !== rows * cols + rows) return undefined; // damaged entry: recompute
    return { logMel: { rows, cols, data: floats.subarray(0, rows * cols) }, levelDb: floats.subarray(rows * cols) };
  }

  async set(contentHash: string, variant: string, frames: ClipFrames): Promise<void> {
    const target = this.file(contentHash, variant);
    await mkdir(path.dirname(target), { recursive: true });
    const { rows, cols, data } = frames.logMel;
    const out = new Uint8Array(8 + 4 * (data.length + frames.levelDb.length));
    new Uint32Array(out.buffer, 0, 2).set([rows, cols]);
    new Float32Array(out.buffer, 8).set(data);
    new Float32Array(out.buffer, 8 + 4 * data.length).set(frames.levelDb);
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, out);
    await rename(partial, target);
  }
}
