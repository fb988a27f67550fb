/**
 * YIN against a direct transcription of librosa 0.11's definition (time-domain ACF in
 * float64, full CMNDF, librosa's trough rule): checks the FFT-size shortcut, the float32
 * ACF and the early-stopping trough search in one go.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { yin, type YinOptions } from '../../../training/features/yin.ts';

const OPTIONS: YinOptions = {
  sampleRate: 16000,
  fmin: 65,
  fmax: 500,
  frameLength: 1024,
  hopLength: 160,
  troughThreshold: 0.1,
};

function naiveYin(signal: Float32Array, o: YinOptions): { f0: number[]; aperiodicity: number[] } {
  const minPeriod = Math.floor(o.sampleRate / o.fmax);
  const maxPeriod = Math.min(Math.ceil(o.sampleRate / o.fmin), o.frameLength - 1);
  const f0: number[] = [];
  const aperiodicity: number[] = [];
  for (let t = 0; t <= Math.floor(signal.length / o.hopLength); t++) {
    const start = t * o.hopLength - o.frameLength / 2;
    const x = Array.from({ length: o.frameLength }, (_, i) => signal[start + i] ?? 0);
    const acf = (k: number) =>
      x.slice(0, o.frameLength - k).reduce((s, v, m) => s + v * x[m + k], 0);
    const acf0 = acf(0);
    const d = [0];
    let energyBefore = 0;
    for (let k = 1; k <= maxPeriod; k++) {
      energyBefore += x[k - 1] * x[k - 1];
      d.push(2 * (acf0 - acf(k)) - energyBefore);
    }
    const c: number[] = [];
    let sum = 0;
    for (let k = 1; k <= maxPeriod; k++) {
      sum += d[k];
      if (k >= minPeriod) c.push(d[k] / (sum / k + 1.1754943508222875e-38));
    }
    const last = c.length - 1;
    const isTrough = (i: number) =>
      i === 0 ? c[0] < c[1] : i === last ? c[i] < c[i - 1] : c[i] < c[i - 1] && c[i] <= c[i + 1];
    let index = c.findIndex((v, i) => isTrough(i) && v < o.troughThreshold);
    if (index < 0) index = c.indexOf(Math.min(...c));
    let shift = 0;
    if (index > 0 && index < last) {
      const a = c[index + 1] + c[index - 1] - 2 * c[index];
      const b = (c[index + 1] - c[index - 1]) / 2;
      shift = Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
    }
    f0.push(o.sampleRate / (minPeriod + index + shift));
    aperiodicity.push(c[index]);
  }
  return { f0, aperiodicity };
}

/** A harmonic tone gliding 90 → 420 Hz, then noise, then silence, then a loud tone cut at the end. */
function testSignal(): Float32Array {
  const sr = OPTIONS.sampleRate;
  let seed = 3;
  const noise = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  let phase = 0;
  return Float32Array.from({ length: Math.round(1.6 * sr) }, (_, i) => {
    const t = i / sr;
    if (t < 0.8) {
      phase += (2 * Math.PI * (90 + 412 * t)) / sr;
      return (
        0.4 * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase)) +
        0.01 * noise()
      );
    }
    if (t < 1.0) return 0.2 * noise();
    if (t < 1.2) return 0;
    return 0.8 * Math.sin(2 * Math.PI * 180 * t);
  });
}

test('yin equals the direct definition of librosa.yin frame by frame', () => {
  const signal = testSignal();
  const ours = yin(signal, OPTIONS);
  const reference = naiveYin(signal, OPTIONS);
  assert.equal(ours.f0.length, reference.f0.length, 'T = 1 + floor(n / hop)');
  let periodic = 0;
  for (let t = 0; t < reference.f0.length; t++) {
    if (reference.aperiodicity[t] < 0.5) {
      periodic++;
      // float32 FFT vs float64 sums: the trough's vertex moves by far less than 0.01 Hz.
      assert.ok(
        Math.abs(ours.f0[t] - reference.f0[t]) < 0.01,
        `frame ${t}: ${ours.f0[t]} vs ${reference.f0[t]} Hz`,
      );
      assert.ok(
        Math.abs(ours.aperiodicity[t] - reference.aperiodicity[t]) < 1e-3,
        `frame ${t} aperiodicity`,
      );
    } else {
      // Noise: the global minimum of a flat CMNDF; rounding may move the vertex a little.
      assert.ok(
        Math.abs(ours.f0[t] - reference.f0[t]) < 1,
        `noise frame ${t}: ${ours.f0[t]} vs ${reference.f0[t]} Hz`,
      );
    }
  }
  assert.ok(periodic > 100, `the signal has periodic frames (${periodic})`);
  // Digital silence: CMNDF is 0 everywhere, no trough, so the global minimum: the shortest period (16000 / 32 Hz).
  assert.equal(ours.f0[110], 500);
});
