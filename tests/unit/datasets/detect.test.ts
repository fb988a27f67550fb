import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from '../../../training/datasets/scan.ts';

const samples = {
  ravdess: [
    'Actor_01/03-01-01-01-01-01-01.wav',
    'Actor_01/03-01-05-02-01-02-01.wav',
    'Actor_02/03-02-03-01-01-01-02.wav',
  ],
  cremad: [
    'AudioWAV/1001_DFA_ANG_XX.wav',
    'AudioWAV/1002_IEO_HAP_HI.wav',
    'AudioWAV/1091_WSI_SAD_LO.wav',
  ],
  tess: [
    'OAF_angry/OAF_back_angry.wav',
    'YAF_pleasant_surprised/YAF_bite_ps.wav',
    'YAF_sad/YAF_dog_sad.wav',
  ],
  savee: ['ALL/DC_a01.wav', 'ALL/JE_sa02.wav', 'ALL/KL_n30.wav'],
  emodb: ['wav/03a01Fa.wav', 'wav/08b10Lc.wav', 'wav/16a05Tb.wav'],
  folder: ['angry/s1/a.wav', 'Happy/b.flac', 'neutral/c.mp3'],
} as const;

test('detectFormat recognises each naming scheme', () => {
  for (const [format, paths] of Object.entries(samples)) {
    assert.equal(detectFormat([...paths]), format, format);
  }
  assert.equal(detectFormat(['DC/a01.wav', 'JK/n30.wav', 'KL/su15.wav']), 'savee');
});

test('the majority wins; a stray file of another corpus does not change the answer', () => {
  assert.equal(
    detectFormat([...samples.emodb, 'Actor_01/03-01-01-01-01-01-01.wav', 'notes.wav']),
    'emodb',
  );
});

test('no scheme parsing more than half of the audio files means undefined', () => {
  assert.equal(detectFormat(['a.wav', 'b.wav', 'c.wav']), undefined);
  assert.equal(detectFormat([samples.ravdess[0], samples.cremad[0], 'x.wav', 'y.wav']), undefined);
  assert.equal(detectFormat([samples.ravdess[0], samples.ravdess[1], 'x.wav', 'y.wav']), undefined);
  assert.equal(detectFormat([]), undefined);
});

test('non-audio paths do not vote', () => {
  assert.equal(detectFormat([...samples.tess, 'README.txt', 'a.csv', 'b.txt', 'c.txt']), 'tess');
  assert.equal(detectFormat(['README.md', 'notes.txt']), undefined);
});

test('corpus names sorted into emotion folders count as the corpus, which knows speakers', () => {
  assert.equal(
    detectFormat(['angry/03-01-05-01-01-01-01.wav', 'calm/03-01-02-01-01-01-02.wav']),
    'ravdess',
  );
});
