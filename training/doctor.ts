/**
 * `ser doctor`: what this machine offers SER Studio, each missing piece with what to do.
 * The Settings diagnostics panel (issue 6) shows the same report.
 */
import { execFileSync } from 'node:child_process';
import { type BackendChoice, backendSummary, selectBackend } from './model/backend.ts';
import { findExecutable } from './find-executable.ts';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  node: string;
  platform: string;
  backend: BackendChoice | null;
  checks: DoctorCheck[];
}

function programCheck(name: string, programs: string[], purpose: string, fix: string): DoctorCheck {
  const found = programs.map((p) => findExecutable(p)).find((p) => p !== null);
  return found
    ? { name, ok: true, detail: `${found} (${purpose})` }
    : { name, ok: false, detail: `none of ${programs.join(', ')} on PATH (${purpose})`, fix };
}

function gpuCheck(backend: BackendChoice | null): DoctorCheck {
  const smi = findExecutable('nvidia-smi');
  let gpu: string | undefined;
  if (smi) {
    try {
      gpu = execFileSync(smi, ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000 }).trim().split('\n')[0];
    } catch {
      gpu = undefined;
    }
  }
  if (backend?.name === 'tensorflow-gpu') return { name: 'GPU', ok: true, detail: `in use: ${backend.device ?? gpu ?? 'CUDA device'}` };
  // No GPU is not a fault (everything runs on the CPU); an unused GPU is worth fixing.
  if (!gpu) return { name: 'GPU', ok: true, detail: 'none found (nvidia-smi absent); training and inference run on the CPU' };
  return {
    name: 'GPU',
    ok: false,
    detail: `${gpu} found but not used by the ML backend`,
    fix: 'install @tensorflow/tfjs-node-gpu and the CUDA 11.2 / cuDNN 8.1 runtime it needs',
  };
}

export async function runDoctor(): Promise<DoctorReport> {
  let backend: BackendChoice | null = null;
  let backendCheck: DoctorCheck;
  try {
    backend = await selectBackend('auto');
    backendCheck = {
      name: 'ML backend',
      ok: true,
      detail: backendSummary(backend),
      fix: backend.name === 'wasm' || backend.name === 'cpu' ? 'for faster training install @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (NVIDIA)' : undefined,
    };
  } catch (error) {
    backendCheck = { name: 'ML backend', ok: false, detail: error instanceof Error ? error.message : String(error), fix: 'reinstall with npm ci' };
  }
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend,
    checks: [
      backendCheck,
      gpuCheck(backend),
      programCheck('recorder', ['rec', 'sox', 'arecord'], 'microphone capture for practice mode', 'install sox (apt install sox / brew install sox) or alsa-utils'),
      programCheck('ffmpeg', ['ffmpeg'], 'reading FLAC, MP3, OGG, M4A', 'install ffmpeg (apt install ffmpeg / brew install ffmpeg); WAV works without it'),
      programCheck('chromium', ['chromium', 'chromium-browser', 'google-chrome'], 'browser mode tests', 'install chromium (apt install chromium) to run the UI tests'),
    ],
  };
}
