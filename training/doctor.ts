/**
 * `ser doctor`: what this machine offers SER Studio, each missing piece with what to do.
 * The Settings diagnostics panel (issue 6) shows the same report.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { type BackendChoice, type BackendName, backendSummary } from './model/backend-choice.ts';
import { findExecutable } from './find-executable.ts';
import { APP_VERSION } from './app-version.ts';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about it; absent (never undefined-valued) when there is nothing to do. */
  fix?: string;
}

/** The ML backend as the report states it: plain JSON, whichever process made the choice. */
export interface DoctorBackend {
  name: BackendName;
  /** backendSummary(): the backend, its device or mode, and why each faster one was skipped. */
  summary: string;
  /** Why each faster backend was skipped, in the order tried; empty when the fastest one runs. */
  reasons: string[];
  /** The GPU it runs on, when known. */
  device?: string;
}

export interface DoctorReport {
  node: string;
  platform: string;
  backend: DoctorBackend | null;
  checks: DoctorCheck[];
  /** What runs, in the order to show it (SER Studio, Node.js, Electron, tfjs …). */
  versions: { name: string; version: string }[];
}

export interface DoctorOptions {
  /**
   * The backend in use when another process owns tfjs (the app's ML engine): the report
   * must describe that process's choice, and the caller must not load tfjs a second time.
   * A string says why it is not known (the engine is starting or crashed). Without this
   * option the backend is selected in this process, as `ser doctor` does.
   */
  backendInUse?: () => Promise<DoctorBackend | string>;
  /** Include checks only developers need (chromium for the UI tests); default true. */
  developerChecks?: boolean;
}

/** A selected backend as the report states it. */
export function doctorBackend(choice: BackendChoice): DoctorBackend {
  return {
    name: choice.name,
    summary: backendSummary(choice),
    reasons: [...choice.reasons],
    ...(choice.device === undefined ? {} : { device: choice.device }),
  };
}

/**
 * The reasons inside a backendSummary() line (what another process reports about its
 * choice): everything after the first " — ", split at "; " as backendSummary joins them.
 */
export function reasonsFromBackendSummary(summary: string): string[] {
  const at = summary.indexOf(' — ');
  if (at < 0) return [];
  return summary
    .slice(at + ' — '.length)
    .split('; ')
    .map((reason) => reason.trim())
    .filter((reason) => reason.length > 0);
}

function check(name: string, ok: boolean, detail: string, fix?: string): DoctorCheck {
  return { name, ok, detail, ...(fix === undefined ? {} : { fix }) };
}

function programCheck(name: string, programs: string[], purpose: string, fix: string): DoctorCheck {
  const found = programs.map((p) => findExecutable(p)).find((p) => p !== null);
  return found
    ? check(name, true, `${found} (${purpose})`)
    : check(name, false, `none of ${programs.join(', ')} on PATH (${purpose})`, fix);
}

function gpuCheck(backend: DoctorBackend | null): DoctorCheck {
  const smi = findExecutable('nvidia-smi');
  let gpu: string | undefined;
  if (smi) {
    try {
      gpu = execFileSync(smi, ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000 }).trim().split('\n')[0];
    } catch {
      gpu = undefined;
    }
  }
  if (backend?.name === 'tensorflow-gpu') return check('GPU', true, `in use: ${backend.device ?? gpu ?? 'CUDA device'}`);
  // No GPU is not a fault (everything runs on the CPU); an unused GPU is worth fixing.
  if (!gpu) return check('GPU', true, 'none found (nvidia-smi absent); training and inference run on the CPU');
  return check(
    'GPU',
    false,
    `${gpu} found but not used by the ML backend`,
    'install @tensorflow/tfjs-node-gpu and the CUDA 11.2 / cuDNN 8.1 runtime it needs',
  );
}

/** The backend selected in this process (`ser doctor`), or why none could start. */
async function selectHere(): Promise<DoctorBackend | string> {
  try {
    // Loaded here only: the app's host asks its engine instead and never loads tfjs.
    const { selectBackend } = await import('./model/backend.ts');
    return doctorBackend(await selectBackend('auto'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function backendCheck(backend: DoctorBackend | string, selectedHere: boolean): DoctorCheck {
  if (typeof backend === 'string') {
    return check('ML backend', false, backend, selectedHere ? 'reinstall with npm ci' : 'wait a few seconds and check again; if it stays, restart SER Studio');
  }
  const slow = backend.name === 'wasm' || backend.name === 'cpu';
  return check(
    'ML backend',
    true,
    backend.summary,
    slow ? 'for faster training install @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (NVIDIA)' : undefined,
  );
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const found = await (options.backendInUse ?? selectHere)();
  const backend = typeof found === 'string' ? null : found;
  const checks = [
    backendCheck(found, options.backendInUse === undefined),
    gpuCheck(backend),
    programCheck('recorder', ['rec', 'sox', 'arecord'], 'microphone capture for practice mode', 'install sox (apt install sox / brew install sox) or alsa-utils'),
    programCheck('ffmpeg', ['ffmpeg'], 'reading FLAC, MP3, OGG, M4A', 'install ffmpeg (apt install ffmpeg / brew install ffmpeg); WAV works without it'),
  ];
  if (options.developerChecks ?? true) {
    checks.push(programCheck('chromium', ['chromium', 'chromium-browser', 'google-chrome'], 'browser mode tests', 'install chromium (apt install chromium) to run the UI tests'));
  }
  return { node: process.version, platform: `${process.platform}-${process.arch}`, backend, checks, versions: runtimeVersions() };
}

const require = createRequire(import.meta.url);

/** A package's version, or undefined when it is not installed. */
function packageVersion(name: string): string | undefined {
  try {
    const pkg: unknown = require(`${name}/package.json`);
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : undefined;
  } catch {
    return undefined;
  }
}

/** What runs, in the order to show it; absent parts (Electron outside it, tfjs-node) are left out. */
export function runtimeVersions(): DoctorReport['versions'] {
  const candidates: Array<[string, string | undefined]> = [
    ['SER Studio', APP_VERSION],
    ['Node.js', process.versions.node],
    ['Electron', process.versions.electron],
    ['Chromium', process.versions.chrome],
    ['@tensorflow/tfjs', packageVersion('@tensorflow/tfjs')],
    ['@tensorflow/tfjs-backend-wasm', packageVersion('@tensorflow/tfjs-backend-wasm')],
    ['@tensorflow/tfjs-node', packageVersion('@tensorflow/tfjs-node')],
    ['@tensorflow/tfjs-node-gpu', packageVersion('@tensorflow/tfjs-node-gpu')],
    ['Operating system', `${os.type()} ${os.release()}`],
  ];
  return candidates.flatMap(([name, version]) => (version === undefined ? [] : [{ name, version }]));
}
