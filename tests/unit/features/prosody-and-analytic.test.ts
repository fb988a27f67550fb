/** Feature behaviour on signals whose answers are known analytically. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFeatures } from '../../../training/features/extract.ts';
import { hzToMel, melFilterbank, melToHz } from '../../../training/features/mel.ts';
import { prosody } from '../../../training/features/prosody.ts';
import { concat } from '../practice/fixtures.ts';

const SR = 16000;

function tone(hz: number, seconds: number, amplitude: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / SR));
}

test('YIN finds the frequency of pure tones', () => {
  for (const hz of [80, 150, 220, 440]) {
    const f = extractFeatures(tone(hz, 1, 0.5));
    const middle = Array.from(f.f0.subarray(20, 80));
    // Parabolic interpolation of the CMNDF trough is accurate to well under 1%.
    for (const v of middle) assert.ok(Math.abs(v - hz) < 0.01 * hz, `${hz} Hz tone read as ${v}`);
  }
});

test('RMS of a sine is amplitude/√2; silence is 0; ZCR of a tone is 2f/sr', () => {
  const f = extractFeatures(concat(tone(1000, 0.5, 0.5), new Float32Array(SR / 2)));
  assert.ok(Math.abs(f.rms[20] - 0.5 / Math.SQRT2) < 1e-3);
  assert.equal(f.rms[80], 0);
  assert.ok(Math.abs(f.zcr[20] - (2 * 1000) / SR) < 0.005);
  assert.ok(Math.abs(f.centroid[20] - 1000) < 50, `centroid ${f.centroid[20]}`);
});

test('Slaney mel scale round-trips and the filterbank covers 0–8 kHz', () => {
  for (const hz of [0, 500, 1000, 2500, 8000]) assert.ok(Math.abs(melToHz(hzToMel(hz)) - hz) < 1e-6);
  assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-9, 'the log region starts at 15 mel');
  const bank = melFilterbank(SR, 512, 64, 0, 8000);
  assert.equal(bank.bands.length, 64);
  assert.ok(bank.bands.every((b) => b.weights.length > 0), 'no empty band');
});

test('prosody: loudness, F0 median and spread, pauses between speech', () => {
  // 0.6 s at 200 Hz, 0.5 s pause, 0.6 s at 200·2^(4/12) Hz (4 semitones up), at −20 dBFS RMS.
  const amplitude = 0.1 * Math.SQRT2;
  const y = concat(tone(200, 0.6, amplitude), new Float32Array(SR / 2), tone(200 * 2 ** (4 / 12), 0.6, amplitude));
  const p = prosody(extractFeatures(y));
  assert.ok(p.loudnessDb !== undefined && Math.abs(p.loudnessDb + 20) < 1, `loudness ${p.loudnessDb}`);
  assert.ok(p.f0MedianHz !== undefined && p.f0MedianHz > 195 && p.f0MedianHz < 255);
  // Half the voiced frames sit ±2 semitones from the median → spread ≈ 2 semitones.
  assert.ok(p.f0SpreadSemitones !== undefined && Math.abs(p.f0SpreadSemitones - 2) < 0.3, `spread ${p.f0SpreadSemitones}`);
  assert.equal(p.pauses.length, 1);
  assert.ok(Math.abs(p.pauses[0].startSec - 0.6) < 0.05 && Math.abs(p.pauses[0].endSec - 1.1) < 0.05, JSON.stringify(p.pauses));
  // Voiced frames over all frames: 1.2 s of tone in 1.7 s.
  assert.ok(Math.abs(p.voicedFraction - 1.2 / 1.7) < 0.03, `voiced ${p.voicedFraction}`);
});
