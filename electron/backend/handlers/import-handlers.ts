/**
 * import.start and import.problems. An import runs in the background: the request
 * returns its id at once and the UI follows import.progress / import.finished /
 * import.failed events, so a 10,000-file corpus never holds a request open.
 */
import { describeError } from '../../../training/errors.ts';
import { ContractError } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import type { BackendContext } from '../context.ts';
import { runImport } from '../import-runner.ts';

type ImportHandlers = Pick<Handlers, 'import.start' | 'import.problems'>;

export interface ImportTracker {
  /** Resolves when the running import (if any) has ended; for shutdown and tests. */
  idle(): Promise<void>;
}

export function importHandlers(ctx: BackendContext): ImportHandlers & ImportTracker {
  let running: Promise<void> | undefined;

  return {
    'import.start': ({ dir, format }) => {
      if (running !== undefined) {
        throw new ContractError('invalid-input', 'An import is already running; wait for it to finish.');
      }
      const store = ctx.workspace.require();
      const record = store.startImport({ sourceDir: dir, format });
      const importId = record.id;
      const reporter = {
        progress: (p: { phase: 'scanning' | 'reading'; done: number; total: number }) =>
          ctx.events.emit('import.progress', { importId, ...p }),
      };
      running = runImport(store, { importId, dir, format }, reporter)
        .then((summary) => {
          ctx.log(`import ${importId} finished: ${summary.added} added, ${summary.problems} problems`);
          ctx.events.emit('import.finished', summary);
        })
        .catch((error: unknown) => {
          ctx.log(`import ${importId} failed: ${describeError(error)}`);
          ctx.events.emit('import.failed', { importId, message: describeError(error) });
        })
        .finally(() => {
          running = undefined;
        });
      return { importId };
    },

    'import.problems': ({ importId }) => ctx.workspace.require().listProblems(importId),

    idle: async () => {
      await running;
    },
  };
}
