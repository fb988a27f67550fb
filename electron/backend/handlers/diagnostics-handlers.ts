/**
 * app.diagnostics: Settings' Diagnostics panel. It is `ser doctor`'s report (training/doctor.ts)
 * about the backend the app's ML engine really runs on — the engine owns tfjs, so the back
 * end never loads it to find out — plus the input devices the microphone can record from
 * and the versions of what runs.
 */
import { reasonsFromBackendSummary, runDoctor } from '../../../training/doctor.ts';
import type { DoctorBackend } from '../../../training/doctor.ts';
import type { DiagnosticCheck } from '../../contract.ts';
import type { EngineClient, EngineStatus } from '../../engine/engine-client.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import { listInputDevices } from '../../services/recorder/input-devices.ts';
import type { BackendContext } from '../context.ts';

type DiagnosticsHandlers = Pick<Handlers, 'app.diagnostics'>;

/** An engine that is starting (loading tfjs, choosing its backend) is waited for this long. */
const ENGINE_READY_WAIT_MS = 15_000;

/** The engine's state once it has left 'starting' (or after the wait). */
function settledStatus(engine: EngineClient, waitMs: number): Promise<EngineStatus> {
  if (engine.status.state !== 'starting') return Promise.resolve(engine.status);
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      off();
      resolve(engine.status);
    };
    const timer = setTimeout(done, waitMs);
    const off = engine.on('status', (status) => {
      if (status.state !== 'starting') done();
    });
  });
}

/** What the doctor reports as the backend in use: the engine's choice, or why it is unknown. */
export function engineBackend(status: EngineStatus): DoctorBackend | string {
  if (status.state === 'ready' && status.backend !== undefined) {
    const summary = status.detail ?? status.backend;
    return { name: status.backend, summary, reasons: reasonsFromBackendSummary(summary) };
  }
  switch (status.state) {
    case 'starting':
      return 'The ML engine is still starting (it loads tfjs and chooses its backend).';
    case 'crashed':
      return `The ML engine stopped${status.detail ? `: ${status.detail}` : ''}. It restarts on its own.`;
    default:
      return 'The ML engine is not running.';
  }
}

/** The input devices practice mode and the microphone test can record from (the recorder itself is the doctor's check). */
async function inputDevicesCheck(): Promise<DiagnosticCheck> {
  const { devices, problem } = await listInputDevices();
  if (problem !== null) {
    return {
      name: 'input devices',
      ok: false,
      detail: problem,
      fix: 'Until a device can be listed, practice mode and the microphone test record from the system default input.',
    };
  }
  const detail = devices.length > 0 ? devices.map((d) => d.name).join(', ') : 'none listed; the system default input is used';
  return { name: 'input devices', ok: true, detail };
}

export function diagnosticsHandlers(ctx: BackendContext): DiagnosticsHandlers {
  return {
    'app.diagnostics': async () => {
      const engine = await settledStatus(ctx.engine, ENGINE_READY_WAIT_MS);
      const [report, devices] = await Promise.all([
        runDoctor({ backendInUse: async () => engineBackend(engine), developerChecks: false }),
        inputDevicesCheck(),
      ]);
      return {
        backend: report.backend,
        engine,
        checks: [...report.checks, devices],
        versions: report.versions,
        platform: report.platform,
      };
    },
  };
}
