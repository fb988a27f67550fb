/**
 * Feature-extraction speed: the full section-4 set (log-mel, MFCC, RMS, ZCR, centroid, YIN)
 * as a real-time factor on one core, warm. A generated minute of speech-like audio gives a
 * number that any machine can reproduce; the RAVDESS corpus, when it is beside the repo,
 * gives the number for real speech in short clips (where per-call costs show).
 *
 * Both wall-clock and CPU time are reported: extraction is single-threaded, so its CPU time
 * is what one core needs, while the wall clock also counts waiting for a core when other
 * work shares the machine.
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMono16k } from '../training/audio/load.ts';
import { extractFeatures } from '../training/features/extract.ts';
import { FEATURE_SPEC } from '../training/features/spec.ts';
import { median } from '../training/math.ts';
import type { BenchRow } from './row.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED_DIR = process.env.SER_SHARED_DIR ?? path.resolve(REPO_ROOT, '../shared');
const RAVDESS_DIR = path.join(SHARED_DIR, 'datasets/ravdess-speech-16k');
/** DESIGN.md: the full feature set at ≥ 600× real time on one core. */
const TARGET_RTF = 600;
const RUNS = 5;

export async function benchFeatures(): Promise<BenchRow[]> {
  const rows = benchSynthetic();
  if (existsSync(RAVDESS_DIR)) rows.push(...(await benchRavdess()));
  return rows;
}

function benchSynthetic(): BenchRow[] {
  const seconds = 60;
  const signal = speechLikeSignal(seconds);
  extractFeatures(signal); // warm-up: JIT, FFT tables, WebAssembly kernels
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { wall, cpu } = timed(() => extractFeatures(signal));
    wallMs.push(wall);
    cpuMs.push(cpu);
  }
  const row = (clock: string, ms: number): BenchRow => ({
    name: `feature extraction, full set, ${clock} (60 s generated speech-like signal)`,
    value: (seconds * 1000) / ms,
    unit: '× real time',
    target: `≥ ${TARGET_RTF}×`,
    detail: `median of ${RUNS} warm runs, ${(ms / seconds).toFixed(2)} ms per audio-second`,
  });
  return [row('wall clock', median(wallMs)), row('CPU time', median(cpuMs))];
}

/** Wall-clock and CPU milliseconds of `f` (this process's user + system time). */
function timed(f: () => void): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

async function benchRavdess(): Promise<BenchRow[]> {
  const files = await wavFiles(RAVDESS_DIR);
  let audioSeconds = 0;
  let extractMs = 0;
  let extractCpuMs = 0;
  let loadMs = 0;
  extractFeatures(speechLikeSignal(1)); // warm-up
  for (const file of files) {
    const t0 = performance.now();
    const { samples } = await loadMono16k(file);
    loadMs += performance.now() - t0;
    const { wall, cpu } = timed(() => extractFeatures(samples));
    extractMs += wall;
    extractCpuMs += cpu;
    audioSeconds += samples.length / FEATURE_SPEC.sampleRate;
  }
  const detail = `${files.length} files, ${audioSeconds.toFixed(0)} s of audio; extraction ${(extractMs / 1000).toFixed(2)} s wall, ${(extractCpuMs / 1000).toFixed(2)} s CPU (${((audioSeconds * 1000) / extractCpuMs).toFixed(0)}× real time); loading ${(loadMs / 1000).toFixed(2)} s`;
  return [
    { name: 'RAVDESS speech (16 kHz): files', value: files.length, unit: 'files' },
    { name: 'RAVDESS speech (16 kHz): audio', value: audioSeconds, unit: 's' },
    {
      name: 'feature extraction, full set (RAVDESS clips)',
      value: (audioSeconds * 1000) / extractMs,
      unit: '× real time',
      target: `≥ ${TARGET_RTF}×`,
      detail,
    },
    {
      name: 'load + feature extraction (RAVDESS clips)',
      value: (audioSeconds * 1000) / (extractMs + loadMs),
      unit: '× real time',
      detail: 'loadMono16k (WAV parse, 16 kHz already) then extractFeatures',
    },
  ];
}

async function wavFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.wav'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * A deterministic stand-in for speech at 16 kHz: half-second voiced stretches (a harmonic
 * tone with gliding F0 and a syllable envelope), fricative-like noise bursts, and exact
 * silence, over a faint noise floor, so every feature path (voiced, unvoiced, silent) runs.
 */
function speechLikeSignal(seconds: number): Float32Array {
  const sr = FEATURE_SPEC.sampleRate;
  const out = new Float32Array(seconds * sr);
  let seed = 12345;
  const noise = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sr;
    const part = Math.floor(t / 0.5) % 4; // voiced, voiced, noise burst, silence
    if (part === 3) continue;
    if (part === 2) {
      out[i] = 0.05 * noise();
      continue;
    }
    const f0 = 120 + 60 * Math.sin(2 * Math.PI * 0.7 * t);
    phase += (2 * Math.PI * f0) / sr;
    const envelope = Math.sin(Math.PI * ((t / 0.5) % 1));
    let voiced = 0;
    for (let h = 1; h <= 8; h++) voiced += Math.sin(h * phase) / h;
    out[i] = 0.25 * envelope * voiced + 0.002 * noise();
  }
  return out;
}
