/** The FFT wrappers against a plain DFT: PFFFT (float32, WebAssembly) and the float64 real FFT. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RealFft, realFftSizeAtLeast } from '../../../training/features/fft.ts';
import { RealFft64 } from '../../../training/features/real-fft64.ts';

/** Deterministic values in [−0.5, 0.5). */
function noise(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from(
    { length },
    () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5,
  );
}

/** X_k = Σ x[n]·e^{−2πikn/N} for k = 0..N/2, in float64. */
function naiveDft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n / 2 + 1);
  const im = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    for (let m = 0; m < n; m++) {
      const angle = (2 * Math.PI * ((k * m) % n)) / n;
      re[k] += x[m] * Math.cos(angle);
      im[k] -= x[m] * Math.sin(angle);
    }
  }
  return { re, im };
}

test('realFftSizeAtLeast returns the smallest 32·2^a·3^b·5^c at or above the minimum', () => {
  const valid = (size: number) => {
    if (size % 32 !== 0) return false;
    let rest = size / 32;
    for (const f of [2, 3, 5]) while (rest % f === 0) rest /= f;
    return rest === 1;
  };
  for (const minimum of [1, 32, 33, 100, 513, 1271, 2049]) {
    const size = realFftSizeAtLeast(minimum);
    assert.ok(size >= minimum && valid(size), `${minimum} → ${size}`);
    for (let smaller = minimum; smaller < size; smaller++)
      assert.ok(!valid(smaller), `${smaller} is smaller and valid`);
  }
  assert.equal(realFftSizeAtLeast(1024 + 247), 1280);
});

test('PFFFT real transform equals the DFT to float32 precision, in the documented layout', () => {
  for (const size of [32, 96, 512, 1280]) {
    const fft = new RealFft(size);
    const x = noise(size, size);
    fft.input.set(x);
    fft.forward();
    const { re, im } = naiveDft(x);
    const scale = Math.sqrt(size); // typical |X_k| of unit-variance-ish noise
    const s = fft.spectrum;
    assert.ok(Math.abs(s[0] - re[0]) < 1e-5 * scale, `DC, size ${size}`);
    assert.ok(Math.abs(s[1] - re[size / 2]) < 1e-5 * scale, `Nyquist, size ${size}`);
    for (let k = 1; k < size / 2; k++) {
      assert.ok(Math.abs(s[2 * k] - re[k]) < 1e-5 * scale, `Re X_${k}, size ${size}`);
      assert.ok(Math.abs(s[2 * k + 1] - im[k]) < 1e-5 * scale, `Im X_${k}, size ${size}`);
    }
    assert.deepEqual(fft.input, x, 'forward leaves its input unchanged');
  }
});

test('PFFFT inverse of the forward transform is N times the input', () => {
  const size = 1280;
  const fft = new RealFft(size);
  const x = noise(size, 7);
  fft.input.set(x);
  fft.forward();
  fft.inverse();
  for (let i = 0; i < size; i++)
    assert.ok(Math.abs(fft.output[i] / size - x[i]) < 1e-6, `sample ${i}`);
});

test('RealFft rejects sizes PFFFT cannot transform', () => {
  for (const size of [100, 16, 544, 0]) assert.throws(() => new RealFft(size), RangeError);
  const fft = new RealFft(64); // and the WebAssembly instance still works afterwards
  fft.input.fill(1);
  fft.forward();
  assert.equal(fft.spectrum[0], 64);
});

test('float64 windowed spectrum equals the DFT to double precision, also for frames past the ends', () => {
  for (const size of [8, 16, 32, 512, 1024]) {
    for (const power of [1, 2] as const) {
      const fft = new RealFft64(size, power);
      const signal = noise(3 * size, size + 1);
      const window = Float64Array.from(
        { length: size },
        (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size),
      );
      for (const start of [-size / 2, -1, 0, size, 2 * size + 3, 3 * size - size / 4]) {
        const frame = Array.from({ length: size }, (_, i) => {
          const j = start + i;
          return j >= 0 && j < signal.length ? signal[j] * window[i] : 0;
        });
        const { re, im } = naiveDft(frame);
        const out = new Float32Array(size / 2 + 3);
        fft.windowedSpectrum(signal, start, window, out, 2);
        const expected = Array.from(re, (r, k) => (r * r + im[k] * im[k]) ** (power / 2));
        const peak = Math.max(...expected);
        expected.forEach((e, k) => {
          // The output is float32; the transform itself is float64.
          const tolerance = 1e-7 * e + 1e-12 * peak;
          assert.ok(
            Math.abs(out[2 + k] - e) <= tolerance,
            `bin ${k}, size ${size}, power ${power}, start ${start}`,
          );
        });
        assert.equal(out[0], 0, 'writes start at the offset');
      }
    }
  }
});

test('RealFft64 rejects sizes that are not powers of two', () => {
  assert.throws(() => new RealFft64(96, 2), RangeError);
});
