/**
 * How the "Get data" step follows a corpus download into its import: the download's
 * datasets.progress events say when the import starts and which it is, and the Library's
 * import reducer (library-import.ts) follows it from there with the import.* events.
 */
import type { DatasetDownload } from '../../../electron/contract.ts';
import type { ImportAction } from './library-import.ts';

/**
 * The import action a download's state implies, or null. The 'importing' phase arrives
 * before the import's first events (the back end announces it, then starts it), so the
 * reducer is ready to take them; the final state names the import it started.
 */
export function importActionFor(download: DatasetDownload): ImportAction | null {
  if (download.state === 'running' && download.phase === 'importing' && download.corpusDir !== null) {
    return { type: 'start', dir: download.corpusDir, format: 'ravdess' };
  }
  if (download.state === 'done' && download.importId !== null) return { type: 'started', importId: download.importId };
  if (download.state === 'failed' && download.errorCode === 'import') {
    return { type: 'start-failed', message: download.message ?? 'The import could not start.' };
  }
  return null;
}

/** Whether a download is under way (the button becomes Cancel). */
export function downloadRunning(download: DatasetDownload | null): boolean {
  return download?.state === 'running';
}
