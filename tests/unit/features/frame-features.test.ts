/**
 * RMS, ZCR, MFCC and the STFT against direct transcriptions of librosa's definitions
 * (reference README), on signals built to hit their edge cases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rms, zeroCrossingRate } from '../../../training/features/energy.ts';
import { createMatrix } from '../../../training/features/feature-matrix.ts';
import { applyMelFilterbank, melFilterbank } from '../../../training/features/mel.ts';
import { mfcc } from '../../../training/features/mfcc.ts';
import { spectrogram } from '../../../training/features/stft.ts';
import { centeredWindow, periodicHann } from '../../../training/features/windows.ts';

function noise(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from(
    { length },
    () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5,
  );
}

/** Noise, a tone, values at the ±1e-10 zero threshold and exact zeros. */
function edgeCaseSignal(): Float32Array {
  const x = noise(5000, 11);
  for (let i = 1000; i < 2000; i++) x[i] = Math.sin(i / 20);
  x.fill(0, 2500, 3000);
  x.set([-1e-10, 1e-10, -2e-10, 2e-10, -1e-11, 0, -0.5, 1e-12], 3000);
  x[0] = -0.3; // edge padding repeats a negative first sample
  return x;
}

test('zero-crossing rate counts librosa sign changes in edge-padded centred frames', () => {
  const x = edgeCaseSignal();
  const ours = zeroCrossingRate(x, 512, 160);
  const negative = (v: number) => (Math.abs(v) <= 1e-10 ? false : v < 0);
  const padded = (i: number) => x[Math.min(x.length - 1, Math.max(0, i - 256))];
  assert.equal(ours.length, 1 + Math.floor(x.length / 160));
  ours.forEach((v, t) => {
    let changes = 0;
    for (let i = 1; i < 512; i++)
      if (negative(padded(t * 160 + i)) !== negative(padded(t * 160 + i - 1))) changes++;
    assert.equal(v, changes / 512, `frame ${t}`);
  });
});

test('RMS is sqrt(mean(x²)) over zero-padded centred frames', () => {
  const x = edgeCaseSignal();
  const ours = rms(x, 512, 160);
  ours.forEach((v, t) => {
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += (x[t * 160 - 256 + i] ?? 0) ** 2;
    assert.ok(Math.abs(v - Math.sqrt(sum / 512)) <= 1e-6 * Math.sqrt(sum / 512), `frame ${t}`);
  });
});

test('mel filterbank: each band is the weighted sum of its bins; a wrong bin count is refused', () => {
  const bank = melFilterbank(16000, 512, 64, 0, 8000);
  const power = createMatrix(4, 257);
  power.data.set(noise(4 * 257, 9).map((v) => (v + 0.5) ** 6));
  const ours = applyMelFilterbank(power, bank);
  for (let t = 0; t < 4; t++) {
    bank.bands.forEach(({ firstBin, weights }, m) => {
      const expected = weights.reduce(
        (sum, w, i) => sum + w * power.data[t * 257 + firstBin + i],
        0,
      );
      assert.equal(ours.data[t * 64 + m], Math.fround(expected), `frame ${t}, band ${m}`);
    });
  }
  assert.throws(() => applyMelFilterbank(createMatrix(1, 256), bank), RangeError);
});

test('MFCC is the orthonormal DCT-II of each row, first n_mfcc coefficients', () => {
  for (const [n, nMfcc] of [
    [64, 40],
    [7, 3],
    [13, 13],
    [10, 5],
  ]) {
    const logMel = createMatrix(3, n);
    logMel.data.set(noise(3 * n, n).map((v) => 80 * v - 40));
    const ours = mfcc(logMel, nMfcc);
    for (let t = 0; t < 3; t++) {
      for (let k = 0; k < nMfcc; k++) {
        let expected = 0;
        for (let j = 0; j < n; j++)
          expected += logMel.data[t * n + j] * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
        expected *= Math.sqrt((k === 0 ? 1 : 2) / n);
        assert.ok(
          Math.abs(ours.data[t * nMfcc + k] - expected) < 1e-4,
          `n ${n}, frame ${t}, coefficient ${k}`,
        );
      }
    }
  }
});

test('spectrogram: power and magnitude match the windowed DFT to float32 precision', () => {
  const x = noise(2000, 5);
  const window = centeredWindow(periodicHann(400), 512);
  const power = spectrogram(x, { nFft: 512, hopLength: 160, window, power: 2 });
  const magnitude = spectrogram(x, {
    nFft: 512,
    hopLength: 160,
    window: periodicHann(512),
    power: 1,
  });
  assert.equal(power.rows, 1 + Math.floor(2000 / 160));
  for (const t of [0, 1, 6, power.rows - 1]) {
    for (const [matrix, w, p] of [
      [power, window, 2],
      [magnitude, periodicHann(512), 1],
    ] as const) {
      const frame = Array.from({ length: 512 }, (_, i) => (x[t * 160 - 256 + i] ?? 0) * w[i]);
      const expected = Array.from({ length: 257 }, (_, k) => {
        let re = 0;
        let im = 0;
        frame.forEach((v, m) => {
          re += v * Math.cos((2 * Math.PI * ((k * m) % 512)) / 512);
          im -= v * Math.sin((2 * Math.PI * ((k * m) % 512)) / 512);
        });
        return p === 2 ? re * re + im * im : Math.hypot(re, im);
      });
      const peak = Math.max(...expected);
      expected.forEach((e, k) => {
        const tolerance = 1e-7 * e + 1e-12 * peak;
        assert.ok(
          Math.abs(matrix.data[t * 257 + k] - e) <= tolerance,
          `power ${p}, frame ${t}, bin ${k}`,
        );
      });
    }
  }
});
