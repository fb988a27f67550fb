import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import {
  downloadCorpus,
  findDownloadedCorpus,
} from '../../../electron/services/datasets/corpus-downloads.ts';
import type { CorpusDownloadProgress } from '../../../electron/services/datasets/corpus-downloads.ts';
import { DownloadError } from '../../../electron/services/datasets/download-error.ts';
import {
  downloadPartial,
  partPathFor,
} from '../../../electron/services/datasets/resumable-download.ts';
import { startTestHttpServer } from '../../helpers/test-http-server.ts';
import type { ServeBytesOptions } from '../../helpers/test-http-server.ts';
import {
  FAST_RETRY,
  RAVDESS,
  fakeRavdessFiles,
  fakeRavdessZip,
  makeZip,
  md5Hex,
  renameZipEntry,
  startFakeZenodo,
  tempDir,
} from './fake-zenodo.ts';

function isDownloadError(
  code: DownloadError['code'],
  message?: RegExp,
): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof DownloadError, `expected a DownloadError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

async function assertCorpusFiles(corpusDir: string, files: Map<string, Uint8Array>): Promise<void> {
  for (const [name, data] of files) {
    assert.deepEqual(await readFile(path.join(corpusDir, name)), Buffer.from(data), name);
  }
}

/** Resolves once `filePath` holds at least `bytes` bytes (the client has written them). */
async function waitForFileSize(filePath: string, bytes: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const size = existsSync(filePath) ? (await stat(filePath)).size : 0;
    if (size >= bytes) return;
    if (Date.now() > deadline)
      throw new Error(`${filePath} stayed at ${size} bytes, expected ${bytes}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A drop after sending `bytes`, once the client has `stored` bytes in `partPath` (default `bytes`). */
function dropOnceStored(
  partPath: string,
  bytes: number,
  stored: number = bytes,
): ServeBytesOptions['interrupt'] {
  return { afterBytes: bytes, how: 'drop', whenSent: () => waitForFileSize(partPath, stored) };
}

/** Aborts the client's download once it has stored `bytes` bytes (a user pressing Cancel). */
async function abortOnceStored(
  partPath: string,
  bytes: number,
  controller: AbortController,
): Promise<void> {
  await waitForFileSize(partPath, bytes);
  controller.abort();
}

/** Phases in the order they first appear. */
function phaseSequence(progress: readonly CorpusDownloadProgress[]): string[] {
  return progress.map((p) => p.phase).filter((phase, i, all) => i === 0 || all[i - 1] !== phase);
}

test('downloads, verifies the md5 and extracts the corpus into its own folder', async (t) => {
  const { zip, files } = await fakeRavdessZip();
  const zenodo = await startFakeZenodo({ zip });
  t.after(() => zenodo.close());
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);

  const progress: CorpusDownloadProgress[] = [];
  const result = await downloadCorpus({
    corpusId: 'ravdess-speech',
    destinationDir: dir,
    apiBaseUrl: zenodo.apiBaseUrl,
    onProgress: (p) => progress.push(p),
  });

  assert.equal(result.corpusDir, path.join(dir, RAVDESS.folderName));
  assert.equal(result.files, files.size);
  await assertCorpusFiles(result.corpusDir, files);
  // The zip, its .part and resume state and the temp folder are all gone.
  assert.deepEqual(await readdir(dir), [RAVDESS.folderName]);
  const marker = JSON.parse(
    await readFile(path.join(result.corpusDir, '.ser-corpus.json'), 'utf8'),
  );
  assert.equal(marker.checksum, `md5:${md5Hex(zip)}`);
  assert.equal(marker.files, files.size);

  assert.deepEqual(phaseSequence(progress), [
    'metadata',
    'downloading',
    'verifying',
    'extracting',
    'done',
  ]);
  const lastDownload = progress.filter((p) => p.phase === 'downloading').at(-1);
  assert.deepEqual(lastDownload, {
    phase: 'downloading',
    receivedBytes: zip.length,
    totalBytes: zip.length,
  });
  const lastExtract = progress.filter((p) => p.phase === 'extracting').at(-1);
  assert.deepEqual(lastExtract, {
    phase: 'extracting',
    entriesDone: files.size,
    entriesTotal: files.size,
  });

  const [request, ...others] = zenodo.fileRequests();
  assert.equal(others.length, 0);
  assert.equal(request.headers.range, undefined);
  assert.match(String(request.headers['accept-encoding']), /^identity/);
});

test('an extracted corpus is returned at once, without any request', async (t) => {
  const { zip, files } = await fakeRavdessZip();
  const zenodo = await startFakeZenodo({ zip });
  t.after(() => zenodo.close());
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  assert.equal(await findDownloadedCorpus('ravdess-speech', dir), undefined);
  const first = await downloadCorpus({
    corpusId: 'ravdess-speech',
    destinationDir: dir,
    apiBaseUrl: zenodo.apiBaseUrl,
  });
  const requestsAfterFirst = zenodo.requests.length;

  const progress: CorpusDownloadProgress[] = [];
  const again = await downloadCorpus({
    corpusId: 'ravdess-speech',
    destinationDir: dir,
    apiBaseUrl: zenodo.apiBaseUrl,
    onProgress: (p) => progress.push(p),
  });
  assert.deepEqual(again, first);
  assert.deepEqual(again, { corpusDir: path.join(dir, RAVDESS.folderName), files: files.size });
  assert.equal(zenodo.requests.length, requestsAfterFirst);
  assert.deepEqual(progress, [{ phase: 'done' }]);
  assert.deepEqual(await findDownloadedCorpus('ravdess-speech', dir), first);
});

test('a dropped connection is resumed with a Range request and yields the identical file', async (t) => {
  const { zip } = await fakeRavdessZip();
  const dropAt = 30_000;
  assert.ok(zip.length > dropAt * 2, `the test zip (${zip.length} bytes) is too small`);
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const destination = path.join(dir, RAVDESS.fileKey);
  const zenodo = await startFakeZenodo({
    zip,
    serve: (i) => (i === 0 ? { interrupt: dropOnceStored(partPathFor(destination), dropAt) } : {}),
  });
  t.after(() => zenodo.close());

  const result = await downloadPartial({ url: zenodo.fileUrl, destination, retry: FAST_RETRY });

  assert.deepEqual(await readFile(partPathFor(destination)), zip);
  assert.equal(result.bytes, zip.length);
  const [first, second, ...others] = zenodo.fileRequests();
  assert.equal(others.length, 0);
  assert.equal(first.bodyBytes, dropAt);
  assert.equal(second.headers.range, `bytes=${dropAt}-`);
  assert.equal(second.headers['if-range'], '"v1"');
  assert.equal(second.status, 206);
  assert.equal(second.bodyBytes, zip.length - dropAt);
});

/**
 * A fake Zenodo serving the generated corpus and an empty destination, both removed after
 * the test; the first file request is served as `first(partPath)` says, later ones as `later`.
 */
async function interruptedFixture(t: TestContext, first: (partPath: string) => ServeBytesOptions, later: ServeBytesOptions = {}) {
  const { zip, files } = await fakeRavdessZip();
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const partPath = partPathFor(path.join(dir, RAVDESS.fileKey));
  const zenodo = await startFakeZenodo({ zip, serve: (i) => (i === 0 ? first(partPath) : later) });
  t.after(() => zenodo.close());
  const options = { corpusId: 'ravdess-speech', destinationDir: dir, apiBaseUrl: zenodo.apiBaseUrl } as const;
  return { zip, files, dir, partPath, zenodo, options };
}

test('downloadCorpus rides out a dropped connection too', async (t) => {
  const { files, zenodo, options } = await interruptedFixture(t, (partPath) => ({ interrupt: dropOnceStored(partPath, 12_345) }));
  const result = await downloadCorpus({ ...options, retry: FAST_RETRY });
  await assertCorpusFiles(result.corpusDir, files);
  assert.deepEqual(
    zenodo.fileRequests().map((r) => r.headers.range),
    [undefined, 'bytes=12345-'],
  );
});

test('a connection that stalls is dropped after the stall timeout and resumed', async (t) => {
  const { files, zenodo, options } = await interruptedFixture(t, (partPath) => ({
    interrupt: { afterBytes: 10_000, how: 'pause', whenSent: () => waitForFileSize(partPath, 10_000) },
  }));
  const result = await downloadCorpus({ ...options, retry: { ...FAST_RETRY, stallTimeoutMs: 200 } });
  await assertCorpusFiles(result.corpusDir, files);
  assert.deepEqual(
    zenodo.fileRequests().map((r) => r.headers.range),
    [undefined, 'bytes=10000-'],
  );
});

/**
 * A download the user aborted after `pauseAt` bytes (the first file request pauses there
 * and the signal fires once they are on disk); later requests are served as `thenServe` says.
 */
async function abortedDownload(t: TestContext, pauseAt: number, thenServe: ServeBytesOptions) {
  const controller = new AbortController();
  const fixture = await interruptedFixture(
    t,
    (partPath) => ({ interrupt: { afterBytes: pauseAt, how: 'pause', whenSent: () => abortOnceStored(partPath, pauseAt, controller) } }),
    thenServe,
  );
  await assert.rejects(downloadCorpus({ ...fixture.options, signal: controller.signal }), isDownloadError('aborted', /resume/));
  assert.equal((await stat(fixture.partPath)).size, pauseAt);
  assert.equal(existsSync(path.join(fixture.dir, RAVDESS.folderName)), false);
  return fixture;
}

test('aborting keeps the .part; the next call resumes it and transfers only the rest', async (t) => {
  const pauseAt = 40_000;
  const { zip, files, zenodo, options } = await abortedDownload(t, pauseAt, {});
  const result = await downloadCorpus(options);
  await assertCorpusFiles(result.corpusDir, files);
  const [first, second, ...others] = zenodo.fileRequests();
  assert.equal(others.length, 0);
  assert.equal(second.headers.range, `bytes=${pauseAt}-`);
  assert.equal(second.bodyBytes, zip.length - pauseAt);
  assert.equal(first.bodyBytes, pauseAt);
  assert.ok(second.bodyBytes < zip.length, 'the second call must not fetch the whole file again');
});

test('a checksum mismatch names the file and both checksums, deletes the .part and extracts nothing', async (t) => {
  const { zip } = await fakeRavdessZip();
  const published = `md5:${md5Hex(Buffer.from('a different file'))}`;
  const zenodo = await startFakeZenodo({ zip, checksum: published });
  t.after(() => zenodo.close());
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);

  await assert.rejects(
    downloadCorpus({
      corpusId: 'ravdess-speech',
      destinationDir: dir,
      apiBaseUrl: zenodo.apiBaseUrl,
    }),
    (error) => {
      isDownloadError('checksum')(error);
      const message = (error as Error).message;
      assert.ok(message.includes(RAVDESS.fileKey), message);
      assert.ok(message.includes(published), message);
      assert.ok(message.includes(`md5:${md5Hex(zip)}`), message);
      assert.match(message, /retry/);
      return true;
    },
  );
  assert.deepEqual(await readdir(dir), []);
});

test('a server that ignores Range (200) makes the download restart cleanly from byte 0', async (t) => {
  const pauseAt = 20_000;
  const { zip, files, zenodo, options } = await abortedDownload(t, pauseAt, { ignoreRange: true });
  // Appending the full body to the 20 kB already there would fail the checksum.
  const result = await downloadCorpus(options);
  await assertCorpusFiles(result.corpusDir, files);
  const second = zenodo.fileRequests()[1];
  assert.equal(second.headers.range, `bytes=${pauseAt}-`);
  assert.equal(second.status, 200);
  assert.equal(second.bodyBytes, zip.length);
});

test('a complete .part left by a run that stopped before verifying is finished after a 416', async (t) => {
  const { zip, files } = await fakeRavdessZip();
  const zenodo = await startFakeZenodo({ zip });
  t.after(() => zenodo.close());
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  await downloadPartial({ url: zenodo.fileUrl, destination: path.join(dir, RAVDESS.fileKey) });

  const result = await downloadCorpus({
    corpusId: 'ravdess-speech',
    destinationDir: dir,
    apiBaseUrl: zenodo.apiBaseUrl,
  });
  await assertCorpusFiles(result.corpusDir, files);
  const [, second, ...others] = zenodo.fileRequests();
  assert.equal(others.length, 0, 'a whole .part must not be downloaded again');
  assert.equal(second.headers.range, `bytes=${zip.length}-`);
  assert.equal(second.status, 416);
  assert.equal(second.bodyBytes, 0);
});

test('a zip entry that escapes the corpus folder is rejected and nothing is kept', async (t) => {
  const files = fakeRavdessFiles();
  const built = await makeZip([
    ...[...files].map(([name, data]) => ({ name, data })),
    { name: 'XX/evil.wav', data: Buffer.from('pwned') },
  ]);
  const zip = renameZipEntry(built, 'XX/evil.wav', '../evil.wav');
  const zenodo = await startFakeZenodo({ zip });
  t.after(() => zenodo.close());
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const destinationDir = path.join(dir, 'corpora');

  await assert.rejects(
    downloadCorpus({ corpusId: 'ravdess-speech', destinationDir, apiBaseUrl: zenodo.apiBaseUrl }),
    isDownloadError('archive', /"\.\.\/evil\.wav"/),
  );
  assert.equal(existsSync(path.join(dir, 'evil.wav')), false);
  assert.equal(existsSync(path.join(destinationDir, RAVDESS.folderName)), false);
  assert.equal(existsSync(path.join(destinationDir, `${RAVDESS.folderName}.extracting`)), false);
});

test('retries give up only after consecutive attempts that bring nothing, keeping what arrived', async (t) => {
  const { zip } = await fakeRavdessZip();
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const partPath = partPathFor(path.join(dir, RAVDESS.fileKey));
  // Five attempts that each store 5 kB before the drop (more than FAST_RETRY.retries), then none.
  const progressing = 5;
  const zenodo = await startFakeZenodo({
    zip,
    serve: (i) => ({
      interrupt:
        i < progressing
          ? dropOnceStored(partPath, 5000, 5000 * (i + 1))
          : { afterBytes: 0, how: 'drop' },
    }),
  });
  t.after(() => zenodo.close());

  await assert.rejects(
    downloadCorpus({
      corpusId: 'ravdess-speech',
      destinationDir: dir,
      apiBaseUrl: zenodo.apiBaseUrl,
      retry: FAST_RETRY,
    }),
    isDownloadError('network', /check your connection; the download resumes where it stopped/),
  );
  assert.equal(zenodo.fileRequests().length, progressing + FAST_RETRY.retries);
  assert.equal((await stat(partPath)).size, 5000 * progressing);
});

test('an unreachable server is reported as a connection problem', async (t) => {
  const closed = await startTestHttpServer(() => undefined);
  await closed.close();
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  await assert.rejects(
    downloadCorpus({
      corpusId: 'ravdess-speech',
      destinationDir: dir,
      apiBaseUrl: `${closed.baseUrl}/api`,
    }),
    isDownloadError('network', /check your connection; the download resumes where it stopped/),
  );
});

test('a folder of the same name that the app did not create is left alone', async (t) => {
  const { zip } = await fakeRavdessZip();
  const zenodo = await startFakeZenodo({ zip });
  t.after(() => zenodo.close());
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const mine = path.join(dir, RAVDESS.folderName, 'mine.wav');
  await mkdir(path.dirname(mine));
  await writeFile(mine, 'my own recording');

  await assert.rejects(
    downloadCorpus({
      corpusId: 'ravdess-speech',
      destinationDir: dir,
      apiBaseUrl: zenodo.apiBaseUrl,
    }),
    isDownloadError('disk', /already exists/),
  );
  assert.equal(await readFile(mine, 'utf8'), 'my own recording');
  assert.equal(zenodo.requests.length, 0);
});

test('a second download into the same folder while one runs is refused', async (t) => {
  const { zip } = await fakeRavdessZip();
  const controller = new AbortController();
  let paused!: () => void;
  const pausedOnce = new Promise<void>((resolve) => (paused = resolve));
  const zenodo = await startFakeZenodo({
    zip,
    serve: () => ({ interrupt: { afterBytes: 1000, how: 'pause', whenSent: paused } }),
  });
  t.after(() => zenodo.close());
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const options = {
    corpusId: 'ravdess-speech',
    destinationDir: dir,
    apiBaseUrl: zenodo.apiBaseUrl,
  } as const;

  const first = downloadCorpus({ ...options, signal: controller.signal });
  await pausedOnce;
  await assert.rejects(downloadCorpus(options), isDownloadError('busy'));
  controller.abort();
  await assert.rejects(first, isDownloadError('aborted'));
});
