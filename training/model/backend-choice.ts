/**
 * What a backend choice is and how it is stated, without tfjs: the host process (the
 * Diagnostics panel, `ser doctor`'s report) describes the engine's choice without loading
 * the ML runtime. backend.ts makes the choice.
 */

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** What the user may pass to `--backend`. */
export type BackendRequest = 'auto' | 'gpu' | 'node' | 'wasm' | 'cpu';

export interface BackendChoice {
  /** Which implementation runs the maths. */
  name: BackendName;
  /** tf.getBackend() after selection ('tensorflow' for both native packages). */
  tfBackend: string;
  /** Why each option tried before this one was skipped, in the order tried. */
  reasons: string[];
  /** GPU name, when known. */
  device?: string;
  /** How the backend runs, when worth saying (e.g. 'SIMD, 1 thread' for wasm). */
  detail?: string;
}

/** The backend and why, e.g. "wasm (SIMD, 1 thread) — @tensorflow/tfjs-node-gpu not installed; …". */
export function backendSummary(choice: BackendChoice): string {
  const notes = [choice.device, choice.detail].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  const head = `${choice.name}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  return choice.reasons.length > 0 ? `${head} — ${choice.reasons.join('; ')}` : head;
}

/** One line for stderr: "ML backend: " and the summary. */
export function describeBackend(choice: BackendChoice): string {
  return `ML backend: ${backendSummary(choice)}`;
}
