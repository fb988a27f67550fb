/** Audio for the practice-mode tests, made in code or with espeak-ng in a temp dir. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadMono16k } from '../../../training/audio/load.ts';
import { hasProgram } from '../../helpers/programs.ts';

export const SAMPLE_RATE = 16000;

/** Why espeak-ng tests skip, or false when it is installed. */
export const espeakMissing: string | false = hasProgram('espeak-ng') ? false : 'espeak-ng is not installed (apt install espeak-ng)';

/** Run `fn` with a fresh temp dir, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-practice-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `text` spoken by espeak-ng with extra arguments (e.g. ['-s', '120']), as 16 kHz mono samples. */
export async function espeak16k(dir: string, name: string, text: string, args: readonly string[] = []): Promise<Float32Array> {
  const file = path.join(dir, `${name}.wav`);
  await promisify(execFile)('espeak-ng', [...args, '-w', file, text]);
  return (await loadMono16k(file)).samples;
}

export function silence(seconds: number): Float32Array {
  return new Float32Array(Math.round(seconds * SAMPLE_RATE));
}

export function concat(...parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A harmonic (voice-like) tone: f0 and four overtones falling off as 1/k, peak amplitude ≈ `amplitude`. */
export function harmonicTone(seconds: number, f0: number, amplitude: number, phaseOffset = 0): Float32Array {
  const y = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  const norm = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5;
  for (let i = 0; i < y.length; i++) {
    const t = (i + phaseOffset) / SAMPLE_RATE;
    let v = 0;
    for (let k = 1; k <= 5; k++) v += Math.sin(2 * Math.PI * k * f0 * t) / k;
    y[i] = (amplitude * v) / norm;
  }
  return y;
}
