/**
 * practice.*: the recorder and devices, and the one live practice session (start, pause,
 * resume, stop). The session itself is the PracticeService's; its updates and state
 * changes reach the UI as practice.update / practice.state events.
 */
import type { Handlers } from '../../rpc/dispatch.ts';
import { PracticeService } from '../../services/practice/practice-service.ts';
import type { SourceOpener } from '../../services/practice/practice-service.ts';
import type { SessionRecordings } from '../../services/practice/session-recordings.ts';
import { listInputDevices } from '../../services/recorder/input-devices.ts';
import { findRecorder } from '../../services/recorder/recorder-program.ts';
import type { BackendContext } from '../context.ts';
import { activeModelDir } from '../model-catalog.ts';

type PracticeHandlers = Pick<
  Handlers,
  'practice.devices' | 'practice.start' | 'practice.pause' | 'practice.resume' | 'practice.stop' | 'practice.state'
>;

export interface PracticeHandlerOptions {
  recordings: SessionRecordings;
  /** Sources for start requests (default: the microphone or the file asked for); tests and benchmarks pass their own. */
  openSource?: SourceOpener;
}

export function practiceHandlers(
  ctx: BackendContext,
  options: PracticeHandlerOptions,
): { handlers: PracticeHandlers; service: PracticeService } {
  const service = new PracticeService({
    workspace: () => ctx.workspace.require(),
    settings: ctx.settings,
    engine: ctx.engine,
    events: ctx.events,
    modelDir: () => activeModelDir(ctx.settings.get().activeModel),
    recordings: options.recordings,
    log: ctx.log,
    openSource: options.openSource,
  });
  return {
    service,
    handlers: {
      'practice.devices': async () => {
        const recorder = findRecorder();
        const { devices, problem } = await listInputDevices();
        return { recorder: { program: recorder.program?.path ?? null, problem: recorder.problem ?? problem }, devices };
      },
      'practice.start': (input) => service.start(input),
      'practice.pause': () => service.pause(),
      'practice.resume': () => service.resume(),
      'practice.stop': () => service.stop(),
      'practice.state': () => service.state(),
    },
  };
}
