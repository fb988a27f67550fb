import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMediaHandler } from '../../../electron/services/media/media-routes.ts';
import type { ResolvedClip } from '../../../electron/services/media/media-routes.ts';
import { computePeaks, isPeaks } from '../../../electron/services/media/peaks.ts';
import { computeSpectrogram } from '../../../electron/services/media/spectrogram.ts';
import { sha256Hex, tempDir, tone, writeMonoWav } from './fixtures.ts';

describe('media routes', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  /** Clip files by id, and every id resolveClip was asked for. */
  const clips = new Map<string, string>();
  const asked: string[] = [];
  let cacheDir: string | undefined;
  let wavId: string;
  let wavBytes: Uint8Array;
  let handler: (request: Request) => Promise<Response>;

  async function addClip(name: string, bytes: Uint8Array): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    const id = sha256Hex(bytes);
    clips.set(id, file);
    return id;
  }

  function get(
    route: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<Response> {
    return handler(new Request(`http://127.0.0.1:8080${route}`, { method, headers }));
  }

  before(async () => {
    ({ dir, cleanup } = await tempDir());
    const wav = await writeMonoWav(dir, 'speech.wav', tone(220, 0.6, 16000), 16000, 'pcm16');
    wavBytes = new Uint8Array(await readFile(wav));
    wavId = await addClip('clip.wav', wavBytes);
    handler = createMediaHandler({
      resolveClip: (clipId): ResolvedClip | undefined => {
        asked.push(clipId);
        const file = clips.get(clipId);
        return file === undefined ? undefined : { path: file, clipId };
      },
      cacheDir: () => cacheDir,
    });
  });
  after(() => cleanup());

  async function body(response: Response): Promise<Uint8Array> {
    return new Uint8Array(await response.arrayBuffer());
  }

  it('serves the whole file (200) with its type, length and range support', async () => {
    const response = await get(`/media/audio/${wavId}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'audio/wav');
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.equal(response.headers.get('content-length'), String(wavBytes.length));
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(await body(response), wavBytes);
  });

  for (const [range, start, end] of [
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-50', -50, -1],
    ['bytes=19000-999999', 19000, -1],
  ] as const) {
    it(`serves ${range} as 206 with exactly those bytes`, async () => {
      const size = wavBytes.length;
      const first = start < 0 ? size + start : start;
      const last = end < 0 ? size - 1 : end;
      const response = await get(`/media/audio/${wavId}`, { Range: range });
      assert.equal(response.status, 206);
      assert.equal(response.headers.get('content-range'), `bytes ${first}-${last}/${size}`);
      assert.equal(response.headers.get('content-length'), String(last - first + 1));
      assert.equal(response.headers.get('content-type'), 'audio/wav');
      assert.deepEqual(await body(response), wavBytes.subarray(first, last + 1));
    });
  }

  it('answers 416 with the size when no requested byte exists', async () => {
    for (const range of [`bytes=${wavBytes.length}-`, 'bytes=-0']) {
      const response = await get(`/media/audio/${wavId}`, { Range: range });
      assert.equal(response.status, 416);
      assert.equal(response.headers.get('content-range'), `bytes */${wavBytes.length}`);
      assert.equal((await body(response)).length, 0);
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await get(`/media/audio/${wavId}`, { Range: 'bytes=10-19' }, 'HEAD');
    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-length'), '10');
    assert.equal(response.body, null);
  });

  it('names each format by its extension', async () => {
    const expected: Record<string, string> = {
      wav: 'audio/wav',
      mp3: 'audio/mpeg',
      flac: 'audio/flac',
      ogg: 'audio/ogg',
      m4a: 'audio/mp4',
      webm: 'audio/webm',
      WAV: 'audio/wav',
      xyz: 'application/octet-stream',
    };
    for (const [extension, type] of Object.entries(expected)) {
      const bytes = randomBytes(300);
      const id = await addClip(`sample.${extension}`, bytes);
      const response = await get(`/media/audio/${id}`, { Range: 'bytes=-7' });
      assert.equal(response.headers.get('content-type'), type, extension);
      assert.deepEqual(await body(response), new Uint8Array(bytes.subarray(293)));
    }
  });

  it('serves peaks as JSON the browser may keep (named by content), and keeps them in the cache dir', async () => {
    cacheDir = path.join(dir, 'cache');
    try {
      const response = await get(`/media/peaks/${wavId}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'private, max-age=31536000, immutable');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      const peaks: unknown = await response.json();
      assert.ok(isPeaks(peaks));
      assert.deepEqual(peaks, await computePeaks(clips.get(wavId) as string));
      assert.deepEqual(await readdir(cacheDir), [`${wavId}.peaks.v1.json`]);
    } finally {
      cacheDir = undefined;
    }
  });

  it('serves the spectrogram as the plugin fetches it: [channel][column][row] of 0–255', async () => {
    const response = await get(`/media/spectrogram/${wavId}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'private, max-age=31536000, immutable');
    const json: unknown = await response.json();
    const expected = await computeSpectrogram(clips.get(wavId) as string);
    assert.deepEqual(json, expected.frequencies);
    const [columns] = json as number[][][];
    assert.equal(columns[0].length, 256);
    // How the plugin tells the nested shape from a flat one: input[0][0] is not a number.
    assert.ok(Number.isNaN(Number((json as unknown[][])[0][0])));
  });

  it('accepts an Electron protocol URL (only the path matters)', async () => {
    const response = await handler(new Request(`ser-media://app/media/audio/${wavId}`));
    assert.equal(response.status, 200);
    assert.deepEqual(await body(response), wavBytes);
  });

  it('answers 404 with a JSON error for an unknown clip', async () => {
    const id = 'f'.repeat(64);
    const response = await get(`/media/peaks/${id}`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.match(((await response.json()) as { error: string }).error, /no clip f{64}/);
  });

  it('answers 400 for ids that are not a sha256, before looking anything up', async () => {
    asked.length = 0;
    for (const id of [
      'abc',
      'F'.repeat(64),
      '0'.repeat(65),
      '..%2F..%2Fetc%2Fpasswd',
      `${'a'.repeat(63)}%00`,
    ]) {
      const response = await get(`/media/audio/${id}`);
      assert.equal(response.status, 400, id);
      assert.ok(typeof ((await response.json()) as { error: unknown }).error === 'string');
    }
    assert.deepEqual(asked, []);
  });

  it('answers 404 for paths that are not media routes', async () => {
    asked.length = 0;
    for (const route of [
      '/media/thumbnail/' + wavId,
      `/media/audio/${wavId}/extra`,
      '/media/audio/',
      `/media/../media/x/${wavId}`,
      `/other/audio/${wavId}`,
      '/',
    ]) {
      const response = await get(route);
      assert.equal(response.status, 404, route);
      assert.match(((await response.json()) as { error: string }).error, /no such media route/);
    }
    assert.deepEqual(asked, []);
  });

  it('answers 405 to methods other than GET and HEAD', async () => {
    const response = await get(`/media/audio/${wavId}`, {}, 'POST');
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
  });

  it('answers 422 with the reason when the file cannot be used', async () => {
    const goneId = sha256Hex('gone');
    clips.set(goneId, path.join(dir, 'gone.wav'));
    for (const route of ['audio', 'peaks', 'spectrogram']) {
      const response = await get(`/media/${route}/${goneId}`);
      assert.equal(response.status, 422, route);
      assert.match(
        ((await response.json()) as { error: string }).error,
        /gone\.wav: file not found$/,
      );
    }
    const textId = await addClip('words.wav', new TextEncoder().encode('only words in here'));
    const response = await get(`/media/peaks/${textId}`);
    assert.equal(response.status, 422);
    assert.match(
      ((await response.json()) as { error: string }).error,
      /words\.wav: not a WAV file/,
    );
  });
});
