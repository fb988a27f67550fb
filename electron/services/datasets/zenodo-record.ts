/**
 * Looks up one file of a published Zenodo record through the REST API
 * (`GET <api>/records/<id>`): its download URL, size and checksum. Only the fields used
 * are validated, so other changes to the record JSON do not break the download.
 *
 * The response lists `files: [{ key, size, checksum: "md5:…", links: { self } }]`; for a
 * published record `links.self` is the file's content URL
 * (…/api/records/<id>/files/<key>/content). InvenioRDM's file-listing endpoint instead
 * gives `links.self` as the metadata URL and `links.content` for the bytes, so
 * `links.content` wins when present.
 */
import { z } from 'zod';
import { parseChecksum } from './checksum.ts';
import type { Checksum } from './checksum.ts';
import { DownloadError, RESUME_HINT, isAbortError } from './download-error.ts';

export const ZENODO_API_BASE_URL = 'https://zenodo.org/api';

export interface RemoteFile {
  readonly key: string;
  readonly url: string;
  readonly size: number;
  readonly checksum: Checksum;
}

const recordSchema = z.object({
  files: z.array(
    z.object({
      key: z.string(),
      size: z.number().int().nonnegative(),
      checksum: z.string(),
      links: z.object({ self: z.string(), content: z.string().optional() }),
    }),
  ),
});

export async function fetchZenodoFile(options: {
  recordId: string;
  fileKey: string;
  /** Defaults to ZENODO_API_BASE_URL; tests point it at a local server. */
  apiBaseUrl?: string;
  signal?: AbortSignal;
}): Promise<RemoteFile> {
  const base = (options.apiBaseUrl ?? ZENODO_API_BASE_URL).replace(/\/+$/, '');
  const recordUrl = `${base}/records/${encodeURIComponent(options.recordId)}`;
  const host = new URL(recordUrl).host;
  const about = `Zenodo record ${options.recordId}`;

  let body: unknown;
  try {
    const response = await fetch(recordUrl, {
      headers: { accept: 'application/json' },
      signal: options.signal,
    });
    if (!response.ok) {
      throw new DownloadError(
        'metadata',
        `${about}: ${host} answered HTTP ${response.status} when asked for its file list; try again later`,
      );
    }
    body = await response.json();
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    if (isAbortError(error))
      throw new DownloadError('aborted', 'Download cancelled', { cause: error });
    if (error instanceof SyntaxError) {
      throw new DownloadError(
        'metadata',
        `${about}: ${host} sent a file list that is not JSON; try again later`,
        {
          cause: error,
        },
      );
    }
    throw new DownloadError(
      'network',
      `Could not reach ${host} to look up ${options.fileKey}: ${RESUME_HINT}`,
      {
        cause: error,
      },
    );
  }

  const parsed = recordSchema.safeParse(body);
  if (!parsed.success) {
    throw new DownloadError(
      'metadata',
      `${about}: the file list from ${host} has an unexpected shape (${z.prettifyError(parsed.error)}); ` +
        'the app may need an update',
    );
  }
  const file = parsed.data.files.find((f) => f.key === options.fileKey);
  if (file === undefined) {
    throw new DownloadError(
      'metadata',
      `${about} no longer lists ${options.fileKey}; the app may need an update`,
    );
  }
  const checksum = parseChecksum(file.checksum);
  if (checksum === undefined) {
    throw new DownloadError(
      'metadata',
      `${about}: ${options.fileKey} has a checksum this app cannot verify ("${file.checksum}")`,
    );
  }
  return {
    key: file.key,
    // Relative links would resolve against the record URL, as a browser would.
    url: new URL(file.links.content ?? file.links.self, recordUrl).href,
    size: file.size,
    checksum,
  };
}
