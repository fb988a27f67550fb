/**
 * labels.*: append, undo, export. Each write is on disk before the reply (the store
 * commits with synchronous=FULL), so the UI may show "saved" when the reply arrives; the
 * labels.changed event lets other windows and tabs refresh.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MethodParams } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import { agreementReport } from '../../services/annotation/agreement.ts';
import { annotatedClips, ratingTable } from '../../services/annotation/annotator-tables.ts';
import { exportConsensus, exportPerAnnotator } from '../../services/workspace/export.ts';
import type { AnnotationRecord } from '../../services/workspace/export.ts';
import type { ExportFormat } from '../../services/workspace/inputs.ts';
import type { WorkspaceStore } from '../../services/workspace/store.ts';
import type { BackendContext } from '../context.ts';

type LabelHandlers = Pick<Handlers, 'labels.set' | 'labels.undo' | 'labels.export' | 'labels.agreement'>;

/** The annotated clips of the workspace as export records. */
function annotationRecords(store: WorkspaceStore): { annotators: string[]; records: AnnotationRecord[] } {
  const { annotators, rows } = annotatedClips(store.allClips(), store.annotatorVotes());
  return {
    annotators,
    records: rows.map(({ clip, labels, consensus }) => ({
      clipId: clip.id,
      path: clip.path,
      dataset: clip.dataset,
      speaker: clip.speaker,
      datasetLabel: clip.datasetLabel,
      labels,
      consensus,
    })),
  };
}

function exportContent(store: WorkspaceStore, scope: MethodParams<'labels.export'>['scope'], format: ExportFormat): string {
  switch (scope) {
    case 'current':
      return store.exportCurrentLabels(format);
    case 'history':
      return store.exportHistory(format);
    case 'consensus':
      return exportConsensus(annotationRecords(store).records, format);
    case 'annotators': {
      const { annotators, records } = annotationRecords(store);
      return exportPerAnnotator(annotators, records, format);
    }
  }
}

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
      const content = exportContent(store, scope, format);
      const dir = path.join(store.paths.root, 'exports');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, exportFileName(scope, format, new Date()));
      await writeFile(file, content, { flag: 'wx' });
      return { path: file };
    },

    'labels.agreement': () => agreementReport(ratingTable(ctx.workspace.require().annotatorVotes())),
  };
}
