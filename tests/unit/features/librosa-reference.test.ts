/**
 * Our section-4 features against librosa 0.11's values for the same 16 kHz input
 * (tests/fixtures/reference, and ../shared/reference when it exists), at the tolerances
 * the reference README states.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadMono16k } from '../../../training/audio/load.ts';
import { extractFeatures, type FeatureSet } from '../../../training/features/extract.ts';
import { FIXTURES, SHARED_DIR, sharedAvailable } from '../../helpers/paths.ts';
import { readReference, series, type ReferenceFeatures } from '../../helpers/reference.ts';

interface ReferenceCase {
  name: string;
  wav: string;
  json: string;
}

function referenceCases(): ReferenceCase[] {
  const local = path.join(FIXTURES, 'reference');
  const cases: ReferenceCase[] = [
    { name: 'synth16k', wav: path.join(local, 'synth16k.wav'), json: path.join(local, 'synth16k.json') },
  ];
  if (!sharedAvailable) {
    console.log(`# RAVDESS references skipped: ${SHARED_DIR}/reference not found (synth16k still checked)`);
    return cases;
  }
  for (const file of readdirSync(path.join(SHARED_DIR, 'reference'))) {
    const match = /^ravdess16k_(.+-(\d\d))\.json$/.exec(file);
    if (!match) continue;
    const wav = path.join(SHARED_DIR, 'datasets/ravdess-speech-16k', `Actor_${match[2]}`, `${match[1]}.wav`);
    if (existsSync(wav)) cases.push({ name: file, wav, json: path.join(SHARED_DIR, 'reference', file) });
  }
  return cases;
}

function maxAbsDiff2d(ours: Float32Array, cols: number, ref: number[][], include: (t: number, c: number) => boolean): number {
  let worst = 0;
  ref.forEach((row, t) =>
    row.forEach((v, c) => {
      if (include(t, c)) worst = Math.max(worst, Math.abs(ours[t * cols + c] - v));
    }),
  );
  return worst;
}

function maxRelDiff(ours: Float32Array, ref: number[]): number {
  return ref.reduce((worst, v, i) => Math.max(worst, Math.abs(ours[i] - v) / Math.max(Math.abs(v), 1e-6)), 0);
}

function checkAgainstReference(ours: FeatureSet, ref: ReferenceFeatures): void {
  const f = ref.features;
  assert.equal(ours.nFrames, ref.n_frames, 'frame count T = 1 + floor(n/160)');
  const melOk = (t: number, m: number) => f.mel_power[t][m] > 1e-8;
  assert.ok(maxAbsDiff2d(ours.logMel.data, 64, f.log_mel, melOk) < 1e-3, 'log-mel within 1e-3 dB');
  assert.ok(maxAbsDiff2d(ours.mfcc.data, 40, f.mfcc, () => true) < 1e-2, 'MFCC within 1e-2');
  assert.ok(maxRelDiff(ours.rms, series(f.rms)) < 1e-4, 'RMS within 1e-4 relative');
  assert.ok(maxRelDiff(ours.centroid, series(f.spectral_centroid)) < 1e-4, 'centroid within 1e-4 relative');
  // ZCR is a crossing count over 512. The reference keeps 6 significant digits (rounding
  // ties to even), so compare the counts, which must be identical.
  const counts = (values: ArrayLike<number>) => Array.from(values, (v) => Math.round(v * 512));
  assert.deepEqual(counts(ours.zcr), counts(series(f.zcr)), 'ZCR exact');

  // YIN: every periodic frame (a CMNDF trough below 1) within 0.01 Hz. Aperiodic noise
  // frames take librosa's global-minimum branch, where its float32 FFT rounding can move
  // a nearly flat parabola's vertex by up to ~1 Hz; those must still agree within 1 Hz.
  const yinRef = series(f.yin_f0);
  let periodicMismatches = 0;
  let outOfBounds = 0;
  yinRef.forEach((hz, t) => {
    const diff = Math.abs(ours.f0[t] - hz);
    if (ours.aperiodicity[t] < 1 && diff > 0.01) periodicMismatches++;
    if (diff > 1) outOfBounds++;
  });
  assert.equal(periodicMismatches, 0, 'periodic YIN frames within 0.01 Hz');
  assert.equal(outOfBounds, 0, 'aperiodic YIN frames within 1 Hz');
}

for (const c of referenceCases()) {
  test(`features equal librosa 0.11 on ${c.name}`, async () => {
    const audio = await loadMono16k(c.wav);
    checkAgainstReference(extractFeatures(audio.samples), readReference(c.json));
  });
}
