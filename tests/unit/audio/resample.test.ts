import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resample } from '../../../training/audio/resample.ts';

/** Sum of sines: tones[i] = [frequency Hz, amplitude], sampled at `rate`. */
function tones(list: [number, number][], rate: number, length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) =>
    list.reduce((sum, [f, a]) => sum + a * Math.sin((2 * Math.PI * f * i) / rate), 0),
  );
}

/** RMS over the interior, away from the edges where the filter meets the zero padding. */
function interiorRms(x: Float32Array, edge: number): number {
  let sum = 0;
  for (let i = edge; i < x.length - edge; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / (x.length - 2 * edge));
}

function maxInteriorError(actual: Float32Array, ideal: Float32Array, edge: number): number {
  assert.equal(actual.length, ideal.length);
  let worst = 0;
  for (let i = edge; i < actual.length - edge; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - ideal[i]));
  }
  return worst;
}

/** Positive-going zero crossings per second: the frequency of a clean tone. */
function zeroCrossingFrequency(x: Float32Array, rate: number, edge: number): number {
  const crossings: number[] = [];
  for (let i = edge + 1; i < x.length - edge; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) crossings.push(i - 1 + -x[i - 1] / (x[i] - x[i - 1]));
  }
  const periods = crossings.length - 1;
  return (periods * rate) / (crossings[periods] - crossings[0]);
}

/** What a linear interpolator does, to show the aliasing test below would catch it. */
function linearResample(x: Float32Array, from: number, to: number): Float32Array {
  return Float32Array.from({ length: Math.ceil((x.length * to) / from) }, (_, k) => {
    const t = (k * from) / to;
    const i = Math.floor(t);
    const frac = t - i;
    return (x[i] ?? 0) * (1 - frac) + (x[i + 1] ?? 0) * frac;
  });
}

const dB = (ratio: number): number => 20 * Math.log10(ratio);

describe('resample', () => {
  it('returns the input itself when the rates are equal', async () => {
    const x = Float32Array.from([0.1, 0.2, 0.3]);
    assert.equal(await resample(x, 16000, 16000), x);
  });

  it('keeps a 1 kHz tone at 48 kHz → 16 kHz: amplitude within 0.1 dB, frequency and phase', async () => {
    const input = tones([[1000, 0.5]], 48000, 48000);
    const output = await resample(input, 48000, 16000);
    assert.equal(output.length, 16000);
    const amplitudeDb = dB(interiorRms(output, 400) / (0.5 / Math.SQRT2));
    assert.ok(Math.abs(amplitudeDb) < 0.1, `amplitude off by ${amplitudeDb.toFixed(3)} dB`);
    const frequency = zeroCrossingFrequency(output, 16000, 400);
    assert.ok(Math.abs(frequency - 1000) < 0.5, `frequency ${frequency} Hz`);
    // Sample by sample equal to the ideal 16 kHz tone: no delay, no distortion.
    const error = maxInteriorError(output, tones([[1000, 0.5]], 16000, 16000), 400);
    assert.ok(error < 1e-3, `max error ${error}`);
  });

  it('removes a 10 kHz tone (above the new Nyquist) by more than 60 dB instead of aliasing it to 6 kHz', async () => {
    const input = tones([[10000, 0.5]], 48000, 48000);
    const reference = 0.5 / Math.SQRT2;
    const output = await resample(input, 48000, 16000);
    const attenuation = dB(interiorRms(output, 400) / reference);
    assert.ok(attenuation < -60, `only ${attenuation.toFixed(1)} dB`);
    // The same measurement on a linear interpolator shows the 6 kHz alias at full level.
    const linear = dB(interiorRms(linearResample(input, 48000, 16000), 400) / reference);
    assert.ok(linear > -1, `linear interpolation gave ${linear.toFixed(1)} dB`);
  });

  it('gives ceil(n·16000/44100) samples from 44.1 kHz (within 1 of the rounded length)', async () => {
    for (const n of [1, 2, 3, 100, 441, 1000, 12345, 44100, 44101, 99999]) {
      const output = await resample(new Float32Array(n).fill(0.25), 44100, 16000);
      const exact = (n * 16000) / 44100;
      assert.equal(output.length, Math.ceil(exact), `n = ${n}`);
      assert.ok(Math.abs(output.length - Math.round(exact)) <= 1);
    }
  });

  it('converts 44.1 kHz → 16 kHz band-limited', async () => {
    const input = tones(
      [
        [1000, 0.4],
        [5000, 0.2],
        [12000, 0.3],
      ],
      44100,
      44100,
    );
    const output = await resample(input, 44100, 16000);
    const ideal = tones(
      [
        [1000, 0.4],
        [5000, 0.2],
      ],
      16000,
      16000,
    );
    const error = maxInteriorError(output, ideal, 400);
    assert.ok(error < 1e-3, `max error ${error}`);
  });

  it('upsamples without imaging (8 kHz → 16 kHz, 16 kHz → 48 kHz)', async () => {
    for (const [from, to] of [
      [8000, 16000],
      [16000, 48000],
    ]) {
      const output = await resample(
        tones(
          [
            [440, 0.5],
            [2500, 0.25],
          ],
          from,
          from,
        ),
        from,
        to,
      );
      assert.equal(output.length, to);
      const error = maxInteriorError(
        output,
        tones(
          [
            [440, 0.5],
            [2500, 0.25],
          ],
          to,
          to,
        ),
        600,
      );
      assert.ok(error < 1e-3, `${from} → ${to}: max error ${error}`);
    }
  });

  it('keeps time alignment: an impulse at 48 kHz sample 3000 peaks at 16 kHz sample 1000', async () => {
    const impulse = new Float32Array(6000);
    impulse[3000] = 1;
    const output = await resample(impulse, 48000, 16000);
    let peak = 0;
    for (let i = 1; i < output.length; i++)
      if (Math.abs(output[i]) > Math.abs(output[peak])) peak = i;
    assert.equal(peak, 1000);
  });

  it('converts long inputs in seamless chunks (30 s of multi-tone audio at 44.1 and 48 kHz)', async () => {
    // Longer than one library call (about 1M frames) so there are seams.
    const list: [number, number][] = [
      [220, 0.2],
      [1300, 0.2],
      [3100, 0.2],
      [6100, 0.2],
    ];
    for (const from of [44100, 48000]) {
      const n = from * 30 + 123;
      const output = await resample(tones(list, from, n), from, 16000);
      assert.equal(output.length, Math.ceil((n * 16000) / from));
      const error = maxInteriorError(output, tones(list, 16000, output.length), 400);
      assert.ok(error < 1e-5, `${from}: max error ${error}`);
    }
  });

  it('handles empty input and rejects impossible rates', async () => {
    assert.equal((await resample(new Float32Array(0), 48000, 16000)).length, 0);
    await assert.rejects(resample(new Float32Array(10), 0, 16000), RangeError);
    await assert.rejects(resample(new Float32Array(10), 44100.5, 16000), RangeError);
    await assert.rejects(resample(new Float32Array(10), 16000, 16000 * 300), RangeError);
  });

  it('reduces the rate pair, so rates above the library limit of 192 kHz work', async () => {
    const output = await resample(tones([[1000, 0.5]], 384000, 38400), 384000, 16000);
    assert.equal(output.length, 1600);
    assert.ok(maxInteriorError(output, tones([[1000, 0.5]], 16000, 1600), 200) < 1e-3);
  });
});
