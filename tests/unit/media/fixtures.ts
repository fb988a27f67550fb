/** Generated audio files for the media tests: signals built in code, written to a temp dir. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { encodeWav } from '../../../training/audio/wav.ts';

export const FFMPEG = '/usr/bin/ffmpeg';
export const hasFfmpeg = existsSync(FFMPEG) && existsSync('/usr/bin/ffprobe');

/** A fresh temp dir and its removal. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-media-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `seconds` of `amplitude(t) · sin(2π f t)` at `sampleRate`, as float32. */
export function tone(
  frequency: number,
  seconds: number,
  sampleRate: number,
  amplitude: (t: number) => number = () => 0.5,
): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    out[i] = amplitude(t) * Math.sin(2 * Math.PI * frequency * t);
  }
  return out;
}

/** Write mono samples as a WAV (pcm16 or float32) and return its path. */
export async function writeMonoWav(
  dir: string,
  name: string,
  samples: Float32Array,
  sampleRate: number,
  format: 'pcm16' | 'float32' = 'float32',
): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, encodeWav(samples, sampleRate, format));
  return file;
}

/** Per-bucket min and max of `samples`, buckets of `size` (the last may be shorter). */
export function bucketExtremes(
  samples: ArrayLike<number>,
  size: number,
): { min: number[]; max: number[] } {
  const min: number[] = [];
  const max: number[] = [];
  for (let start = 0; start < samples.length; start += size) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start; i < Math.min(samples.length, start + size); i++) {
      lo = Math.min(lo, samples[i]);
      hi = Math.max(hi, samples[i]);
    }
    min.push(lo);
    max.push(hi);
  }
  return { min, max };
}

/** Assert two number arrays agree element by element within `tolerance`; names the first miss. */
export function assertClose(
  actual: number[],
  expected: number[],
  tolerance: number,
  what: string,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
      throw new Error(`${what}[${i}] = ${actual[i]}, expected ${expected[i]} ± ${tolerance}`);
    }
  }
}

/** A clip id as the store makes them: the sha256 of the bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
