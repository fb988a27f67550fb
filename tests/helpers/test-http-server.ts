/**
 * A real HTTP server on 127.0.0.1 for download tests: it records every request (headers,
 * status, body bytes sent) and can serve a byte array the way file hosts do (Range,
 * If-Range, ETag) or the ways they fail (ignore Range, drop the connection, stall).
 */
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as the client sent it. */
  url: string;
  headers: IncomingHttpHeaders;
  status?: number;
  /** Body bytes the server wrote (not necessarily all received before a drop). */
  bodyBytes: number;
}

export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
) => void | Promise<void>;

export interface TestHttpServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startTestHttpServer(handler: RequestHandler): Promise<TestHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      bodyBytes: 0,
    };
    requests.push(record);
    Promise.resolve(handler(req, res, record)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ServeBytesOptions {
  etag?: string;
  /** Answer 200 with the whole body even when the client asked for a range. */
  ignoreRange?: boolean;
  /**
   * Stop after `afterBytes` body bytes: 'drop' destroys the socket (a dropped connection),
   * 'pause' sends nothing more until the client goes (a stalled one). `whenSent` runs
   * first and is awaited, e.g. to wait until the client has stored those bytes (a stream
   * that errors discards what it had buffered, so a drop right away would lose them).
   */
  interrupt?: { afterBytes: number; how: 'drop' | 'pause'; whenSent?: () => Promise<void> | void };
  chunkBytes?: number;
}

/** Serves `body` with Range / If-Range support (as Zenodo's file store does), with optional faults. */
export async function serveBytes(
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  body: Uint8Array,
  options: ServeBytesOptions = {},
): Promise<void> {
  const etag = options.etag ?? '"v1"';
  let start = 0;
  const rangeHeader = req.headers.range;
  const ifRange = req.headers['if-range'];
  const rangeApplies =
    rangeHeader !== undefined &&
    !options.ignoreRange &&
    (ifRange === undefined || ifRange === etag);
  if (rangeApplies) {
    const match = /^bytes=(\d+)-$/.exec(rangeHeader);
    if (match === null) throw new Error(`test server: unsupported Range ${rangeHeader}`);
    start = Number(match[1]);
    if (start >= body.length) {
      record.status = 416;
      res.writeHead(416, { 'content-range': `bytes */${body.length}`, etag }).end();
      return;
    }
    record.status = 206;
    res.writeHead(206, {
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
      'content-length': String(body.length - start),
      'content-type': 'application/zip',
      etag,
    });
  } else {
    record.status = 200;
    res.writeHead(200, {
      'content-length': String(body.length),
      'content-type': 'application/zip',
      etag,
    });
  }

  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  const chunkBytes = options.chunkBytes ?? 8192;
  const limit = options.interrupt?.afterBytes ?? Infinity;
  let offset = start;
  while (offset < body.length && record.bodyBytes < limit && !res.destroyed) {
    const chunk = body.subarray(offset, offset + Math.min(chunkBytes, limit - record.bodyBytes));
    // Wait until the bytes are handed to the kernel, so they all reach the client.
    await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
    record.bodyBytes += chunk.length;
    offset += chunk.length;
  }
  if (options.interrupt !== undefined && offset < body.length) {
    await options.interrupt.whenSent?.();
    if (options.interrupt.how === 'drop') res.socket?.destroy();
    else await closed;
    return;
  }
  res.end();
}
