/**
 * A stand-in for zenodo.org on 127.0.0.1: the record JSON (same shape as
 * `GET /api/records/<id>`) and the file behind its `links.self`, plus a small
 * RAVDESS-like zip built in code with yazl.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { encodeWav } from '../../../training/audio/wav.ts';
import { CORPUS_CATALOG } from '../../../electron/services/datasets/corpus-catalog.ts';
import { pseudoRandomValues } from '../../helpers/pseudo-random.ts';
import { serveBytes, startTestHttpServer } from '../../helpers/test-http-server.ts';
import type {
  RecordedRequest,
  ServeBytesOptions,
  TestHttpServer,
} from '../../helpers/test-http-server.ts';

export const RAVDESS = CORPUS_CATALOG['ravdess-speech'];

export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  /** Unix mode with file type, e.g. 0o120777 for a symbolic link. */
  mode?: number;
}

export async function makeZip(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    zip.addBuffer(
      Buffer.from(entry.data),
      entry.name,
      entry.mode === undefined ? {} : { mode: entry.mode },
    );
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Replaces every occurrence of the entry name `placeholder` in a built zip by `name` (same
 * byte length): yazl refuses to write unsafe names, a malicious archive does not.
 */
export function renameZipEntry(zip: Buffer, placeholder: string, name: string): Buffer {
  if (Buffer.byteLength(placeholder) !== Buffer.byteLength(name))
    throw new Error('names must have the same length');
  const out = Buffer.from(zip);
  const from = Buffer.from(placeholder);
  let replaced = 0;
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + from.length)) {
    out.write(name, at);
    replaced += 1;
  }
  if (replaced < 2) throw new Error(`expected ${placeholder} in the local and central headers`);
  return out;
}

/** Six short noise WAVs in two actor folders, named as RAVDESS names them. */
export function fakeRavdessFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let seed = 1;
  for (const actor of ['01', '02']) {
    for (const emotion of ['01', '03', '05']) {
      const name = `Actor_${actor}/03-01-${emotion}-01-01-01-${actor}.wav`;
      files.set(name, encodeWav(pseudoRandomValues(8000, seed++), 16000));
    }
  }
  return files;
}

export async function fakeRavdessZip(): Promise<{ zip: Buffer; files: Map<string, Uint8Array> }> {
  const files = fakeRavdessFiles();
  const zip = await makeZip([...files].map(([name, data]) => ({ name, data })));
  return { zip, files };
}

export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

export interface FakeZenodo extends TestHttpServer {
  apiBaseUrl: string;
  fileUrl: string;
  /** Requests for the file itself (not the record JSON). */
  fileRequests(): RecordedRequest[];
}

const RECORD_PATH = `/api/records/${RAVDESS.zenodoRecordId}`;
const FILE_PATH = `${RECORD_PATH}/files/${RAVDESS.fileKey}/content`;

export async function startFakeZenodo(options: {
  zip: Uint8Array;
  /** As published; defaults to the zip's real md5. */
  checksum?: string;
  /** How to serve the n-th file request (0-based). */
  serve?: (requestIndex: number) => ServeBytesOptions;
}): Promise<FakeZenodo> {
  let fileRequestCount = 0;
  let fileUrl = '';
  const server = await startTestHttpServer(async (req, res, record) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === RECORD_PATH) {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: Number(RAVDESS.zenodoRecordId),
          metadata: { title: 'RAVDESS', license: { id: 'cc-by-nc-sa-4.0' } },
          files: [
            {
              key: 'README.txt',
              size: 5,
              checksum: 'md5:00000000000000000000000000000000',
              links: { self: 'x' },
            },
            {
              id: 'f1',
              key: RAVDESS.fileKey,
              size: options.zip.length,
              checksum: options.checksum ?? `md5:${md5Hex(options.zip)}`,
              links: { self: fileUrl },
            },
          ],
        }),
      );
    } else if (pathname === FILE_PATH) {
      const index = fileRequestCount++;
      await serveBytes(req, res, record, options.zip, options.serve?.(index));
    } else {
      record.status = 404;
      res.writeHead(404).end();
    }
  });
  fileUrl = `${server.baseUrl}${FILE_PATH}`;
  return {
    ...server,
    apiBaseUrl: `${server.baseUrl}/api`,
    fileUrl,
    fileRequests: () =>
      server.requests.filter((r) => new URL(r.url, 'http://x').pathname === FILE_PATH),
  };
}

/** A fresh temp dir and its removal. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-corpus-download-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Fast retries for tests; the shape is the same as in production. */
export const FAST_RETRY = { retries: 3, baseDelayMs: 5, stallTimeoutMs: 2000 };
