/**
 * The frames every model window is cut from (log-mel, level, pitch), with an on-disk
 * cache keyed by the audio's content hash and the feature-spec hash, so re-training or
 * re-evaluating a corpus never recomputes features, and a changed spec never reuses
 * stale ones.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileSystemReason } from '../audio/load.ts';
import { InputFileError } from '../errors.ts';
import type { ClipFrames } from '../model/model-input.ts';
import { rms } from './energy.ts';
import { logMelSpectrogram } from './extract.ts';
import { DEFAULT_ACTIVITY, levelsDb } from './level.ts';
import { DEFAULT_PROSODY_OPTIONS } from './prosody.ts';
import { yin } from './yin.ts';
import { FEATURE_SPEC, FEATURE_SPEC_HASH } from './spec.ts';

/** Reference pitch of the F0 channel: log2(F0 / 150 Hz), so typical voices sit near 0. */
const PITCH_REFERENCE_HZ = 150;

/**
 * Model frames of a 16 kHz signal. Voicing is decided per frame (periodic by YIN and above
 * the absolute speech floor), never relative to the rest of the clip, so a live stream
 * computing frames piecewise gets exactly the same values.
 */
export function computeClipFrames(samples: Float32Array): ClipFrames {
  const levelDb = levelsDb(rms(samples, FEATURE_SPEC.frameLength, FEATURE_SPEC.hopLength));
  const pitch = yin(samples, { sampleRate: FEATURE_SPEC.sampleRate, hopLength: FEATURE_SPEC.hopLength, ...FEATURE_SPEC.yin });
  const voiced = new Float32Array(levelDb.length);
  const f0Octaves = new Float32Array(levelDb.length);
  for (let t = 0; t < levelDb.length; t++) {
    if (levelDb[t] < DEFAULT_ACTIVITY.absoluteFloorDb || pitch.aperiodicity[t] >= DEFAULT_PROSODY_OPTIONS.voicingThreshold) continue;
    voiced[t] = 1;
    f0Octaves[t] = Math.log2(pitch.f0[t] / PITCH_REFERENCE_HZ);
  }
  return { logMel: logMelSpectrogram(samples), levelDb, f0Octaves, voiced };
}

/**
 * Content hash of a file (hex sha256), streamed so any size works: fs.readFile would hold
 * the whole file in memory and refuses files over 2 GiB. It keys the feature cache and is
 * the workspace's clip id.
 */
export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  } catch (error) {
    throw new InputFileError(filePath, fileSystemReason(error));
  }
  return hash.digest('hex');
}

/** Default cache folder: $SER_CACHE_DIR, else the user's cache directory. */
export function defaultCacheDir(): string {
  return process.env.SER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'ser-studio', 'features');
}

/** Layout of a cache entry; bump when ClipFrames changes so old entries are not misread. */
const FRAME_FORMAT = 'frames-v2';

export class FrameCache {
  constructor(private readonly dir: string) {}

  private file(contentHash: string, variant: string): string {
    return path.join(this.dir, FEATURE_SPEC_HASH, FRAME_FORMAT, contentHash.slice(0, 2), `${contentHash}-${variant}.f32`);
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
    if (floats.length !== rows * cols + 3 * rows) return undefined; // damaged entry: recompute
    const series = (i: number) => floats.subarray(rows * cols + i * rows, rows * cols + (i + 1) * rows);
    return { logMel: { rows, cols, data: floats.subarray(0, rows * cols) }, levelDb: series(0), f0Octaves: series(1), voiced: series(2) };
  }

  async set(contentHash: string, variant: string, frames: ClipFrames): Promise<void> {
    const target = this.file(contentHash, variant);
    await mkdir(path.dirname(target), { recursive: true });
    const { rows, cols, data } = frames.logMel;
    const out = new Uint8Array(8 + 4 * (data.length + 3 * rows));
    new Uint32Array(out.buffer, 0, 2).set([rows, cols]);
    const floats = new Float32Array(out.buffer, 8);
    floats.set(data);
    [frames.levelDb, frames.f0Octaves, frames.voiced].forEach((series, i) => floats.set(series, rows * cols + i * rows));
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, out);
    await rename(partial, target);
  }
}
