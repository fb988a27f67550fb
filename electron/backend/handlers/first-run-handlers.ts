/**
 * microphone.test: the first-run screen's "Record 3 seconds", through practice mode's own
 * recorder. Levels stream out as microphone.level events while it records; the clip is
 * served by the media routes (see backend.ts), so the page plays it with an <audio> element.
 */
import type { Handlers } from '../../rpc/dispatch.ts';
import type { PracticeService } from '../../services/practice/practice-service.ts';
import { MicrophoneSource } from '../../services/recorder/microphone-source.ts';
import type { PcmSource } from '../../services/recorder/pcm-source.ts';
import type { BackendContext } from '../context.ts';
import { MicrophoneTester } from '../microphone-tester.ts';

type FirstRunHandlers = Pick<Handlers, 'microphone.test'>;

export interface FirstRunHandlerOptions {
  /** The practice service: while its session records from the microphone, the test waits. */
  practice: PracticeService;
  /** The recorder for a device (default: the microphone, as practice mode records it); tests pass their own. */
  openMicrophone?: (device: string | null) => PcmSource;
}

export function firstRunHandlers(
  ctx: BackendContext,
  options: FirstRunHandlerOptions,
): { handlers: FirstRunHandlers; tester: MicrophoneTester } {
  const tester = new MicrophoneTester({
    openSource: options.openMicrophone ?? ((device) => new MicrophoneSource({ device })),
    onLevel: (level) => ctx.events.emit('microphone.level', level),
    busyReason: () => {
      const state = options.practice.state();
      return state.state !== 'idle' && state.source === 'microphone'
        ? 'A practice session is recording from the microphone. Stop it (Practice → Stop and save), then test again.'
        : null;
    },
    mediaBaseUrl: ctx.mediaBaseUrl,
    log: ctx.log,
  });
  return { tester, handlers: { 'microphone.test': (params) => tester.test(params) } };
}
