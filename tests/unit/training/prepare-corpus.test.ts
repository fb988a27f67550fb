/**
 * Corpus preparation keys features by content and never lets one bad file stop the batch:
 * good clips are prepared, each bad one becomes a problem naming the file and the reason.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { encodeWav } from '../../../training/audio/wav.ts';
import type { ScannedClip } from '../../../training/datasets/types.ts';
import { FrameCache, sha256File } from '../../../training/features/clip-frames.ts';
import { prepareCorpus } from '../../../training/model/prepare-corpus.ts';

function clipAt(file: string): ScannedClip {
  return { path: file, dataset: 'folder', speaker: 'folder-a', label: 'happy' };
}

test('good clips are prepared (and cached); missing and non-audio files become problems', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ser-prepare-'));
  try {
    const good = path.join(dir, 'good.wav');
    const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 200 * i) / 16000));
    await writeFile(good, encodeWav(tone, 16000));
    const text = path.join(dir, 'notes.wav');
    await writeFile(text, 'not audio at all\n');
    const missing = path.join(dir, 'gone.wav');

    assert.equal(await sha256File(good), createHash('sha256').update(await readFile(good)).digest('hex'));

    const cache = new FrameCache(path.join(dir, 'cache'));
    const first = await prepareCorpus([clipAt(good), clipAt(missing), clipAt(text)], { augmentations: 1, seed: 1, cache });
    assert.equal(first.prepared.length, 1);
    assert.equal(first.prepared[0].augmented.length, 1);
    assert.deepEqual(first.problems.map((p) => p.path), [missing, text]);
    assert.match(first.problems[0].reason, /file not found/);
    assert.match(first.problems[1].reason, /not a WAV file/);

    // From the cache, the same frames come back.
    const second = await prepareCorpus([clipAt(good)], { augmentations: 1, seed: 1, cache });
    assert.deepEqual(second.prepared[0].frames.logMel.data, first.prepared[0].frames.logMel.data);
    assert.deepEqual(second.prepared[0].frames.f0Octaves, first.prepared[0].frames.f0Octaves);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
