import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { DownloadError } from '../../../electron/services/datasets/download-error.ts';
import { fetchZenodoFile } from '../../../electron/services/datasets/zenodo-record.ts';
import { startTestHttpServer } from '../../helpers/test-http-server.ts';

const MD5 = '0123456789abcdef0123456789abcdef';

/** A server answering every request with `status` and `body` (JSON unless a string). */
async function recordServer(t: TestContext, status: number, body: unknown) {
  const server = await startTestHttpServer((_req, res, record) => {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  t.after(() => server.close());
  return server;
}

function isMetadataError(pattern: RegExp): (error: unknown) => boolean {
  return (error) =>
    error instanceof DownloadError && error.code === 'metadata' && pattern.test(error.message);
}

test('reads the URL, size and checksum of the named file from the record', async (t) => {
  const server = await recordServer(t, 200, {
    files: [
      {
        key: 'other.zip',
        size: 1,
        checksum: `md5:${MD5}`,
        links: { self: 'https://example.org/other' },
      },
      {
        key: 'speech.zip',
        size: 208468073,
        checksum: `md5:${MD5}`,
        links: { self: 'https://example.org/speech/content' },
      },
    ],
  });
  const file = await fetchZenodoFile({
    recordId: '42',
    fileKey: 'speech.zip',
    apiBaseUrl: `${server.baseUrl}/api/`,
  });
  assert.deepEqual(file, {
    key: 'speech.zip',
    url: 'https://example.org/speech/content',
    size: 208468073,
    checksum: { algorithm: 'md5', hex: MD5 },
  });
  assert.equal(server.requests[0].url, '/api/records/42');
  assert.equal(server.requests[0].headers.accept, 'application/json');
});

test('prefers links.content and resolves relative links against the record URL', async (t) => {
  const server = await recordServer(t, 200, {
    files: [
      {
        key: 'a.zip',
        size: 3,
        checksum: `md5:${MD5}`,
        links: { self: '/api/records/42/files/a.zip', content: 'files/a.zip/content' },
      },
    ],
  });
  const file = await fetchZenodoFile({
    recordId: '42',
    fileKey: 'a.zip',
    apiBaseUrl: `${server.baseUrl}/api`,
  });
  assert.equal(file.url, `${server.baseUrl}/api/records/files/a.zip/content`);
});

test('a record without the file, an odd shape, bad JSON or an HTTP error are metadata errors', async (t) => {
  const cases: Array<[number, unknown, RegExp]> = [
    [200, { files: [] }, /no longer lists a\.zip/],
    [200, { files: 'nope' }, /unexpected shape/],
    [200, '<html>', /not JSON/],
    [404, { message: 'not found' }, /HTTP 404/],
    [
      200,
      { files: [{ key: 'a.zip', size: 3, checksum: 'sha1:abc', links: { self: 'x' } }] },
      /cannot verify/,
    ],
  ];
  for (const [status, body, pattern] of cases) {
    const server = await recordServer(t, status, body);
    await assert.rejects(
      fetchZenodoFile({ recordId: '42', fileKey: 'a.zip', apiBaseUrl: `${server.baseUrl}/api` }),
      isMetadataError(pattern),
      pattern.source,
    );
  }
});
