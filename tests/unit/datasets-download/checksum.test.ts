import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  fileChecksum,
  formatChecksum,
  parseChecksum,
} from '../../../electron/services/datasets/checksum.ts';
import { tempDir } from './fake-zenodo.ts';

// Published test vectors for "abc" (RFC 1321 and FIPS 180-2).
const MD5_ABC = '900150983cd24fb0d6963f7d28e17f72';
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

test('parses the md5 and sha256 forms Zenodo and others publish', () => {
  assert.deepEqual(parseChecksum(`md5:${MD5_ABC}`), { algorithm: 'md5', hex: MD5_ABC });
  assert.deepEqual(parseChecksum(`SHA256:${SHA256_ABC.toUpperCase()}`), {
    algorithm: 'sha256',
    hex: SHA256_ABC,
  });
  assert.equal(formatChecksum({ algorithm: 'md5', hex: MD5_ABC }), `md5:${MD5_ABC}`);
});

test('refuses checksums it cannot verify', () => {
  for (const text of [
    MD5_ABC,
    `sha1:${'a'.repeat(40)}`,
    `md5:${MD5_ABC.slice(1)}`,
    `md5:${'g'.repeat(32)}`,
    'md5:',
  ]) {
    assert.equal(parseChecksum(text), undefined, text);
  }
});

test('digests a file as a stream, matching the published vectors', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = path.join(dir, 'abc.bin');
  await writeFile(file, 'abc');
  assert.deepEqual(await fileChecksum(file, 'md5'), { algorithm: 'md5', hex: MD5_ABC });
  assert.deepEqual(await fileChecksum(file, 'sha256'), { algorithm: 'sha256', hex: SHA256_ABC });
});

test('a file larger than one read chunk digests the same as in one piece', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = path.join(dir, 'big.bin');
  // 1 MiB spans many 64 kB stream chunks; the reference hashes the same bytes split elsewhere.
  const data = Buffer.alloc(1 << 20, 'abc');
  await writeFile(file, data);
  const inPieces = createHash('sha256')
    .update(data.subarray(0, 12345))
    .update(data.subarray(12345))
    .digest('hex');
  assert.equal((await fileChecksum(file, 'sha256')).hex, inPieces);
});
