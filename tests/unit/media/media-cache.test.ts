import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputFileError } from '../../../training/errors.ts';
import { getPeaks, getSpectrogram } from '../../../electron/services/media/media-cache.ts';
import { computePeaks } from '../../../electron/services/media/peaks.ts';
import { computeSpectrogram } from '../../../electron/services/media/spectrogram.ts';
import { sha256Hex, tempDir, tone, writeMonoWav } from './fixtures.ts';

describe('media cache', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir, cleanup } = await tempDir()));
  after(() => cleanup());

  /** A fresh clip (its own id) and an empty cache dir for one test. */
  async function setup(name: string): Promise<{ audio: string; clipId: string; cacheDir: string }> {
    const samples = tone(300 + name.length * 10, 0.5, 16000);
    const audio = await writeMonoWav(dir, `${name}.wav`, samples, 16000);
    return { audio, clipId: sha256Hex(name), cacheDir: path.join(dir, `cache-${name}`) };
  }

  it('computes peaks once, then reads them from disk (the audio is gone the second time)', async () => {
    const { audio, clipId, cacheDir } = await setup('peaks');
    const first = await getPeaks(cacheDir, clipId, audio);
    assert.deepEqual(first, await computePeaks(audio));
    assert.deepEqual(await readdir(cacheDir), [`${clipId}.peaks.v1.json`]);
    await rm(audio);
    assert.deepEqual(await getPeaks(cacheDir, clipId, audio), first);
  });

  it('computes spectrograms once, then reads them from disk', async () => {
    const { audio, clipId, cacheDir } = await setup('spectrogram');
    const first = await getSpectrogram(cacheDir, clipId, audio);
    assert.deepEqual(first, await computeSpectrogram(audio));
    await rm(audio);
    assert.deepEqual(await getSpectrogram(cacheDir, clipId, audio), first);
  });

  it('shares one computation between concurrent requests for the same clip', async () => {
    const { audio, clipId, cacheDir } = await setup('concurrent');
    const [a, b, c] = await Promise.all([
      getPeaks(cacheDir, clipId, audio),
      getPeaks(cacheDir, clipId, audio),
      getPeaks(cacheDir, clipId, audio),
    ]);
    // One computation yields one object; a second computation (or a cache read) a new one.
    assert.equal(a, b);
    assert.equal(a, c);
    const later = await getPeaks(cacheDir, clipId, audio);
    assert.notEqual(later, a);
    assert.deepEqual(later, a);
  });

  it('recomputes a damaged cache file instead of failing, and repairs it', async () => {
    const { audio, clipId, cacheDir } = await setup('damaged');
    const expected = await getPeaks(cacheDir, clipId, audio);
    const file = path.join(cacheDir, `${clipId}.peaks.v1.json`);
    for (const damage of [
      '{"version": 1, "min": [0',
      '',
      JSON.stringify({ ...expected, max: [2] }),
    ]) {
      await writeFile(file, damage);
      assert.deepEqual(await getPeaks(cacheDir, clipId, audio), expected);
      assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), expected);
    }
    // With the audio gone, a damaged file cannot be used in its place: the read error shows.
    await writeFile(file, 'garbage');
    await rm(audio);
    await assert.rejects(getPeaks(cacheDir, clipId, audio), InputFileError);
  });

  it('leaves no temporary files behind', async () => {
    const { audio, clipId, cacheDir } = await setup('tidy');
    await Promise.all([getPeaks(cacheDir, clipId, audio), getSpectrogram(cacheDir, clipId, audio)]);
    assert.deepEqual((await readdir(cacheDir)).sort(), [
      `${clipId}.peaks.v1.json`,
      `${clipId}.spectrogram.v1.json`,
    ]);
  });

  it('still answers when the cache cannot be written', async () => {
    const { audio, clipId } = await setup('readonly');
    const notADir = path.join(dir, 'a-file');
    await writeFile(notADir, 'in the way');
    assert.deepEqual(await getPeaks(notADir, clipId, audio), await computePeaks(audio));
  });

  it('does not cache failures: a file fixed later is read', async () => {
    const { audio, clipId, cacheDir } = await setup('fixed');
    const good = await readFile(audio);
    await writeFile(audio, 'not audio');
    await assert.rejects(getPeaks(cacheDir, clipId, audio), InputFileError);
    await writeFile(audio, good);
    assert.deepEqual(await getPeaks(cacheDir, clipId, audio), await computePeaks(audio));
  });

  it('refuses a clip id that is not a sha256 (it names a file)', async () => {
    const { audio, cacheDir } = await setup('bad-id');
    for (const clipId of ['../escape', 'ABC', `${'0'.repeat(63)}/`]) {
      assert.throws(() => getPeaks(cacheDir, clipId, audio), RangeError);
    }
  });
});
