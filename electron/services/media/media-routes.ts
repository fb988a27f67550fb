/**
 * The media routes the renderer's waveform view reads, as one transport-agnostic function of
 * a web-standard Request to a Response: Electron's `protocol.handle` and browser mode's HTTP
 * server both speak these types, so the routes are written and tested once.
 *
 *   GET|HEAD /media/audio/<clipId>        the original file's bytes, with HTTP Range (seeking)
 *   GET|HEAD /media/peaks/<clipId>        Peaks JSON (waveform)
 *   GET|HEAD /media/spectrogram/<clipId>  the spectrogram plugin's frequenciesDataUrl JSON
 *
 * Files are reached only through `resolveClip`, and ids must be sha256 hex before anything
 * else happens, so no URL can name a path. Audio is streamed from an open file handle, never
 * buffered whole. Errors a user can act on (file moved, not audio) are 422 with the reason;
 * anything else is thrown, for the transport to log and answer 500.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { InputFileError } from '../../../training/errors.ts';
import { fileSystemReason } from '../../../training/audio/load.ts';
import { isClipId } from './clip-id.ts';
import { audioContentType } from './content-type.ts';
import { decideRange } from './http-range.ts';
import { getPeaks, getSpectrogram } from './media-cache.ts';
import { computePeaks } from './peaks.ts';
import { computeSpectrogram } from './spectrogram.ts';

export interface ResolvedClip {
  /** The audio file. */
  path: string;
  /** The clip's sha256, the key of its cached peaks and spectrogram. */
  clipId: string;
}

export interface MediaHandlerOptions {
  /** The clip an id from a URL names, or undefined when the open workspace has no such clip. */
  resolveClip: (clipId: string) => ResolvedClip | undefined | Promise<ResolvedClip | undefined>;
  /** Where peaks and spectrograms are cached; undefined computes them for each request. */
  cacheDir: () => string | undefined;
}

export type MediaHandler = (request: Request) => Promise<Response>;

const ROUTE = /^\/media\/(audio|peaks|spectrogram)\/([^/]+)$/;

/** On every response: nothing served here may be reinterpreted by content sniffing. */
const COMMON_HEADERS = { 'X-Content-Type-Options': 'nosniff' };

export function createMediaHandler(options: MediaHandlerOptions): MediaHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return jsonResponse(
        request,
        405,
        { error: 'only GET and HEAD are served' },
        { Allow: 'GET, HEAD' },
      );
    }
    const match = ROUTE.exec(new URL(request.url).pathname);
    if (!match) return jsonResponse(request, 404, { error: 'no such media route' });
    const [, route, id] = match;
    if (!isClipId(id)) {
      return jsonResponse(request, 400, {
        error: 'a clip id is the sha256 of its audio: 64 lower-case hexadecimal digits',
      });
    }
    const clip = await options.resolveClip(id);
    if (!clip) return jsonResponse(request, 404, { error: `no clip ${id} in the open workspace` });
    try {
      if (route === 'audio') return await serveAudio(request, clip.path);
      const cacheDir = options.cacheDir();
      if (route === 'peaks') {
        const peaks = cacheDir
          ? await getPeaks(cacheDir, clip.clipId, clip.path)
          : await computePeaks(clip.path);
        return jsonResponse(request, 200, peaks, CONTENT_ADDRESSED);
      }
      const spectrogram = cacheDir
        ? await getSpectrogram(cacheDir, clip.clipId, clip.path)
        : await computeSpectrogram(clip.path);
      // The plugin fetches this URL and draws the JSON as is: only the [channel][column][row]
      // array. Its other options are fixed (sampleRate 16000, frequencyMax 8000, scale).
      return jsonResponse(request, 200, spectrogram.frequencies, CONTENT_ADDRESSED);
    } catch (error) {
      if (error instanceof InputFileError) {
        return jsonResponse(request, 422, { error: error.message });
      }
      throw error;
    }
  };
}

/**
 * Peaks and spectrograms are named by the clip's content hash, so they never change: let
 * the browser keep them. (The spectrogram plugin re-fetches its URL on every redraw —
 * each zoom step, resize or theme change.)
 */
const CONTENT_ADDRESSED = { 'Cache-Control': 'private, max-age=31536000, immutable' };

function jsonResponse(
  request: Request,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body);
  const headers = {
    ...COMMON_HEADERS,
    'Cache-Control': 'no-store',
    ...extraHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  };
  return new Response(request.method === 'HEAD' ? null : text, { status, headers });
}

/**
 * The file's bytes, whole (200) or the one range asked for (206), or 416 when no asked byte
 * exists. The handle opened here is the one streamed from, so the size sent is the size read.
 */
async function serveAudio(request: Request, filePath: string): Promise<Response> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    throw new InputFileError(filePath, fileSystemReason(error));
  }
  let streaming = false;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new InputFileError(filePath, 'is not a regular file');
    const size = stats.size;
    const headers: Record<string, string> = {
      ...COMMON_HEADERS,
      'Accept-Ranges': 'bytes',
      'Content-Type': audioContentType(filePath),
    };
    const range = decideRange(request.headers.get('range'), size);
    if (range.kind === 'unsatisfiable') {
      return new Response(null, {
        status: 416,
        headers: { ...headers, 'Content-Range': `bytes */${size}` },
      });
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
    headers['Content-Length'] = String(end - start + 1);
    if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    const status = range.kind === 'partial' ? 206 : 200;
    if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
    const stream = handle.createReadStream({ start, end });
    streaming = true;
    // A client that goes away must not leave the file open until the stream would have ended.
    request.signal.addEventListener('abort', () => stream.destroy(), { once: true });
    return new Response(Readable.toWeb(stream), { status, headers });
  } finally {
    if (!streaming) await handle.close();
  }
}
