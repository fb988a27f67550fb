/**
 * The state of "Import folder…", driven by the import.start reply and the import.* events.
 * Events of other imports (another tab's) are ignored, except while our start request is
 * still on its way: its events may then arrive before the reply that names the id.
 */
import type { EventPayload } from '../../../electron/contract.ts';
import type { ImportFormat } from './library-format.ts';

export type ImportSummary = EventPayload<'import.finished'>;

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'starting'; dir: string; format: ImportFormat }
  | {
      phase: 'running';
      importId: string;
      dir: string;
      format: ImportFormat;
      step: 'starting' | 'scanning' | 'reading';
      done: number;
      total: number;
    }
  | { phase: 'finished'; summary: ImportSummary }
  | { phase: 'failed'; importId?: string; message: string };

export type ImportAction =
  | { type: 'start'; dir: string; format: ImportFormat }
  | { type: 'started'; importId: string }
  | { type: 'start-failed'; message: string }
  | { type: 'progress'; payload: EventPayload<'import.progress'> }
  | { type: 'finished'; payload: EventPayload<'import.finished'> }
  | { type: 'failed'; payload: EventPayload<'import.failed'> }
  | { type: 'reset' };

export const IDLE: ImportState = { phase: 'idle' };

/** Whether an event with `importId` is about the import this state follows. */
function concerns(state: ImportState, importId: string): boolean {
  return state.phase === 'starting' || (state.phase === 'running' && state.importId === importId);
}

export function importReducer(state: ImportState, action: ImportAction): ImportState {
  switch (action.type) {
    case 'start':
      return { phase: 'starting', dir: action.dir, format: action.format };
    case 'started':
      if (state.phase === 'starting') {
        return {
          ...state,
          phase: 'running',
          importId: action.importId,
          step: 'starting',
          done: 0,
          total: 0,
        };
      }
      return state;
    case 'start-failed':
      return state.phase === 'starting' ? { phase: 'failed', message: action.message } : state;
    case 'progress': {
      const p = action.payload;
      if (!concerns(state, p.importId)) return state;
      if (state.phase === 'starting') {
        return {
          ...state,
          phase: 'running',
          importId: p.importId,
          step: p.phase,
          done: p.done,
          total: p.total,
        };
      }
      if (state.phase !== 'running') return state;
      return { ...state, step: p.phase, done: p.done, total: p.total };
    }
    case 'finished':
      return concerns(state, action.payload.importId)
        ? { phase: 'finished', summary: action.payload }
        : state;
    case 'failed':
      return concerns(state, action.payload.importId)
        ? { phase: 'failed', importId: action.payload.importId, message: action.payload.message }
        : state;
    case 'reset':
      return IDLE;
  }
}

/** True while an import of ours is under way. */
export function isBusy(state: ImportState): boolean {
  return state.phase === 'starting' || state.phase === 'running';
}

/** 0..1 for a determinate bar, null while the total is still unknown. */
export function importFraction(state: ImportState): number | null {
  if (state.phase !== 'running' || state.total <= 0) return null;
  return Math.min(1, state.done / state.total);
}

/** 'Scanning… 120 / 1,440 files' and the like. */
export function describeProgress(state: ImportState): string {
  if (state.phase === 'starting') return 'Starting…';
  if (state.phase !== 'running') return '';
  const counts =
    state.total > 0
      ? ` ${state.done.toLocaleString('en-US')} / ${state.total.toLocaleString('en-US')} files`
      : '';
  switch (state.step) {
    case 'starting':
      return 'Starting…';
    case 'scanning':
      return `Scanning the folder…${counts}`;
    case 'reading':
      return `Reading audio…${counts}`;
  }
}
