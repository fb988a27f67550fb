/**
 * datasets.*: the corpora the app downloads for the user (first run's "Get data"), into the
 * open workspace, each ending in a normal import of the extracted folder. The Zenodo API
 * root can be moved with $SER_ZENODO_API_URL (the tests serve a fake record on 127.0.0.1).
 */
import type { DatasetId } from '../../contract.ts';
import type { Handlers } from '../../rpc/dispatch.ts';
import type { BackendContext } from '../context.ts';
import { DatasetDownloads, ZENODO_API_URL_VARIABLE } from '../dataset-downloads.ts';

type DatasetHandlers = Pick<Handlers, 'datasets.catalog' | 'datasets.download' | 'datasets.cancel'>;

/** The importer each downloadable corpus is read with. */
const IMPORT_FORMAT: Readonly<Record<DatasetId, 'ravdess'>> = { 'ravdess-speech': 'ravdess' };

export interface DatasetHandlerOptions {
  /** The import.start handler: downloads are imported exactly as "Import folder…" imports. */
  startImport: (params: { dir: string; format: 'ravdess' }) => Promise<{ importId: string }> | { importId: string };
}

export function datasetHandlers(
  ctx: BackendContext,
  options: DatasetHandlerOptions,
): { handlers: DatasetHandlers; downloads: DatasetDownloads } {
  const downloads = new DatasetDownloads({
    workspaceRoot: () => ctx.workspace.current?.paths.root,
    startImport: async (dir, id) => options.startImport({ dir, format: IMPORT_FORMAT[id] }),
    onProgress: (state) => ctx.events.emit('datasets.progress', state),
    apiBaseUrl: () => process.env[ZENODO_API_URL_VARIABLE] || undefined,
    log: ctx.log,
  });
  return {
    downloads,
    handlers: {
      'datasets.catalog': () => downloads.catalog(),
      'datasets.download': ({ id }) => downloads.start(id),
      'datasets.cancel': ({ id }) => ({ cancelled: downloads.cancel(id) }),
    },
  };
}
