/**
 * labels.*: append, undo, export. Each write is on disk before the reply (the store
 * commits with synchronous=FULL), so the UI may show "saved" when the reply arrives; the
 * labels.changed event lets other windows and tabs refresh.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../../rpc/dispatch.ts';
import type { BackendContext } from '../context.ts';

type LabelHandlers = Pick<Handlers, 'labels.set' | 'labels.undo' | 'labels.export'>;

/** A file name that sorts by time and never collides within a second. */
function exportFileName(scope: string, format: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `labels-${scope}-${stamp}.${format}`;
}

export function labelHandlers(ctx: BackendContext): LabelHandlers {
  return {
    'labels.set': (input) => {
      const event = ctx.workspace.require().appendLabel(input);
      ctx.events.emit('labels.changed', { clipId: event.clipId, event });
      return event;
    },

    'labels.undo': ({ annotator }) => {
      const event = ctx.workspace.require().undoLast(annotator) ?? null;
      if (event !== null) ctx.events.emit('labels.changed', { clipId: event.clipId, event });
      return event;
    },

    'labels.export': async ({ format, scope }) => {
      const store = ctx.workspace.require();
      const content = scope === 'current' ? store.exportCurrentLabels(format) : store.exportHistory(format);
      const dir = path.join(store.paths.root, 'exports');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, exportFileName(scope, format, new Date()));
      await writeFile(file, content, { flag: 'wx' });
      return { path: file };
    },
  };
}
