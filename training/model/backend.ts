/**
 * Chooses the tfjs backend the ML core runs on and says why (DESIGN.md §5, §8).
 *
 * Order for 'auto': native TensorFlow with CUDA (@tensorflow/tfjs-node-gpu) →
 * native TensorFlow on the CPU (@tensorflow/tfjs-node) → WebAssembly with SIMD
 * (@tensorflow/tfjs-backend-wasm, plus the convolution-gradient kernels it lacks) →
 * the pure-JS cpu backend. The native packages are optionalDependencies that only
 * install where libtensorflow does, so they are imported dynamically and a failure
 * becomes a reason, not a crash. Every backend registers into the engine of the one
 * '@tensorflow/tfjs' the rest of the code imports (tfjs-node requires the same
 * package), so models built anywhere in the code run on the chosen backend.
 */
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { registerWasmConvGradients } from './wasm-conv-gradients.ts';
import { registerWasmTile } from './wasm-tile.ts';

export type { BackendChoice, BackendName, BackendRequest } from './backend-choice.ts';
export { backendSummary, describeBackend } from './backend-choice.ts';
import type { BackendChoice, BackendRequest } from './backend-choice.ts';


const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
const NODE_PACKAGE = '@tensorflow/tfjs-node';
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);

/**
 * The result of trying one backend: a choice (with `downgrade` saying why it is less
 * than what was tried), or the reason it is unusable.
 */
type Attempt =
  | { ok: true; choice: Omit<BackendChoice, 'reasons'>; downgrade?: string }
  | { ok: false; reason: string };

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** The GPU name from nvidia-smi, or undefined when it is absent or says nothing. */
async function nvidiaGpuName(): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      'nvidia-smi',
      ['--query-gpu=name', '--format=csv,noheader'],
      {
        timeout: 5000,
      },
    );
    const first = stdout.split('\n')[0]?.trim();
    return first ? first : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the active backend is TensorFlow placed on a GPU (NodeJSKernelBackend.isUsingGpuDevice). */
function tensorflowUsesGpu(): boolean {
  const backend: object = tf.backend();
  return 'isUsingGpuDevice' in backend && backend.isUsingGpuDevice === true;
}

/**
 * Imports a tfjs-node package (which registers and activates the 'tensorflow'
 * backend as a side effect) and checks the backend landed in our engine.
 */
async function loadTensorflowPackage(pkg: string): Promise<string | undefined> {
  if (!isInstalled(pkg)) return `${pkg} not installed`;
  try {
    // A variable specifier: the package is optional, so TypeScript must not require its types.
    const specifier: string = pkg;
    await import(specifier);
  } catch (err) {
    const msg = errorMessage(err);
    if (pkg === GPU_PACKAGE && /libcud|cuda|cudnn/i.test(msg))
      return `CUDA runtime not found: ${msg}`;
    return `${pkg} failed to load: ${msg}`;
  }
  if (tf.findBackend('tensorflow') === null) {
    return `${pkg} registered its backend in another copy of @tensorflow/tfjs (its version must equal ${tf.version_core})`;
  }
  if (!(await tf.setBackend('tensorflow')))
    return `${pkg}: the TensorFlow backend failed to initialise`;
  return undefined;
}

/**
 * tfjs-node-gpu without a usable GPU still runs TensorFlow on the CPU, as fast as
 * tfjs-node; and once it has registered 'tensorflow', tfjs-node cannot register
 * too. So that case is a downgrade to 'tensorflow', not a failure.
 */
async function tryGpu(): Promise<Attempt> {
  const failure = await loadTensorflowPackage(GPU_PACKAGE);
  if (failure !== undefined) return { ok: false, reason: failure };
  if (!tensorflowUsesGpu()) {
    return {
      ok: true,
      choice: { name: 'tensorflow', tfBackend: tf.getBackend() },
      downgrade: `${GPU_PACKAGE} found no usable GPU (check the NVIDIA driver, CUDA 11.2 and cuDNN 8.1); TensorFlow runs on the CPU`,
    };
  }
  const device = await nvidiaGpuName();
  return {
    ok: true,
    choice: { name: 'tensorflow-gpu', tfBackend: tf.getBackend(), ...(device ? { device } : {}) },
  };
}

async function tryNode(): Promise<Attempt> {
  const failure = await loadTensorflowPackage(NODE_PACKAGE);
  if (failure !== undefined) return { ok: false, reason: failure };
  return { ok: true, choice: { name: 'tensorflow', tfBackend: tf.getBackend() } };
}

/**
 * Runs `init` and removes the process-wide 'uncaughtException' / 'unhandledRejection'
 * listeners it added. The Emscripten glue in tfjs-backend-wasm installs listeners
 * that rethrow from inside its one-line minified file, so any later crash of the
 * process would print ~30 kB of minified code instead of the error; Node's own
 * default behaviour (print the error, exit non-zero) is what we want.
 */
async function withoutEmscriptenProcessHooks<T>(init: () => Promise<T>): Promise<T> {
  const uncaught = new Set(process.listeners('uncaughtException'));
  const rejection = new Set(process.listeners('unhandledRejection'));
  try {
    return await init();
  } finally {
    for (const l of process.listeners('uncaughtException')) {
      if (!uncaught.has(l)) process.removeListener('uncaughtException', l);
    }
    for (const l of process.listeners('unhandledRejection')) {
      if (!rejection.has(l)) process.removeListener('unhandledRejection', l);
    }
  }
}

async function tryWasm(): Promise<Attempt> {
  if (!isInstalled(WASM_PACKAGE)) return { ok: false, reason: `${WASM_PACKAGE} not installed` };
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the Emscripten loader reads the .wasm binaries with fs.readFileSync from
    // this folder (a file path; it would also accept a file:// URL).
    wasm.setWasmPaths(path.dirname(require.resolve(WASM_PACKAGE)) + path.sep);
    registerWasmConvGradients();
    registerWasmTile();
    const ok = await withoutEmscriptenProcessHooks(() => tf.setBackend('wasm'));
    if (!ok)
      return { ok: false, reason: 'the wasm backend failed to initialise (see the warning above)' };
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    const threads = wasm.getThreadsCount();
    const detail = `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
    return { ok: true, choice: { name: 'wasm', tfBackend: tf.getBackend(), detail } };
  } catch (err) {
    return { ok: false, reason: `the wasm backend failed to load: ${errorMessage(err)}` };
  }
}

async function tryCpu(): Promise<Attempt> {
  if (!(await tf.setBackend('cpu')))
    return { ok: false, reason: 'the cpu backend failed to initialise' };
  return { ok: true, choice: { name: 'cpu', tfBackend: tf.getBackend() } };
}

const ATTEMPTS: Record<Exclude<BackendRequest, 'auto'>, () => Promise<Attempt>> = {
  gpu: tryGpu,
  node: tryNode,
  wasm: tryWasm,
  cpu: tryCpu,
};

/** What to tell a user who forced a backend that could not start. */
const INSTALL_HINTS: Record<Exclude<BackendRequest, 'auto'>, string> = {
  gpu: `Install it with \`npm install ${GPU_PACKAGE}@${tf.version_core}\` (Linux x64 with an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1), or choose --backend auto.`,
  node: `Install it with \`npm install ${NODE_PACKAGE}@${tf.version_core}\` (Linux, macOS or Windows x64), or choose --backend auto.`,
  wasm: `Reinstall it with \`npm install ${WASM_PACKAGE}@${tf.version_core}\`, or choose --backend auto.`,
  cpu: 'The pure-JavaScript backend ships with @tensorflow/tfjs; reinstall the project dependencies.',
};

/**
 * Activates a tfjs backend. 'auto' tries gpu → node → wasm → cpu and records why
 * each earlier one was skipped; any other request must succeed or throws an Error
 * naming what to install.
 */
export async function selectBackend(request: BackendRequest = 'auto'): Promise<BackendChoice> {
  if (request !== 'auto') {
    const attempt = await ATTEMPTS[request]();
    if (!attempt.ok || attempt.downgrade !== undefined) {
      const why = attempt.ok ? attempt.downgrade : attempt.reason;
      throw new Error(`Backend '${request}' is unavailable: ${why}. ${INSTALL_HINTS[request]}`);
    }
    return { ...attempt.choice, reasons: [] };
  }
  const reasons: string[] = [];
  for (const tryBackend of [tryGpu, tryNode, tryWasm, tryCpu]) {
    const attempt = await tryBackend();
    if (attempt.ok) {
      if (attempt.downgrade !== undefined) reasons.push(attempt.downgrade);
      return { ...attempt.choice, reasons };
    }
    reasons.push(attempt.reason);
  }
  throw new Error(`No tfjs backend could start: ${reasons.join('; ')}`);
}

