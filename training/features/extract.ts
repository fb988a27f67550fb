/**
 * The section-4 feature set of one 16 kHz mono signal. Filterbanks and windows are built
 * once per process; each call runs two STFTs (Hann-400 power for mel, Hann-512 magnitude
 * for the centroid), RMS, ZCR and YIN.
 */
import { type FeatureMatrix } from './feature-matrix.ts';
import { applyMelFilterbank, melFilterbank, powerToDb } from './mel.ts';
import { mfcc } from './mfcc.ts';
import { rms, zeroCrossingRate } from './energy.ts';
import { spectralCentroid } from './spectral-centroid.ts';
import { spectrogram } from './stft.ts';
import { FEATURE_SPEC as SPEC, frameCount } from './spec.ts';
import { centeredWindow, periodicHann } from './windows.ts';
import { yin } from './yin.ts';

export interface FeatureSet {
  sampleRate: number;
  hopLength: number;
  nFrames: number;
  melPower: FeatureMatrix;
  logMel: FeatureMatrix;
  mfcc: FeatureMatrix;
  rms: Float32Array;
  zcr: Float32Array;
  centroid: Float32Array;
  f0: Float32Array;
  /** YIN's CMNDF at the chosen period per frame (low = periodic); used for voicing. */
  aperiodicity: Float32Array;
}

const melWindow = centeredWindow(periodicHann(SPEC.winLength), SPEC.nFft);
const centroidWindow = periodicHann(SPEC.nFft);
const melBank = melFilterbank(SPEC.sampleRate, SPEC.nFft, SPEC.nMels, SPEC.fmin, SPEC.fmax);

/** log-mel only: what the models consume, without the cost of YIN and the second STFT. */
export function logMelSpectrogram(samples: Float32Array): FeatureMatrix {
  return powerToDb(melPowerSpectrogram(samples), SPEC.amin);
}

function melPowerSpectrogram(samples: Float32Array): FeatureMatrix {
  const power = spectrogram(samples, {
    nFft: SPEC.nFft,
    hopLength: SPEC.hopLength,
    window: melWindow,
    power: 2,
  });
  return applyMelFilterbank(power, melBank);
}

export function extractFeatures(samples: Float32Array): FeatureSet {
  const melPower = melPowerSpectrogram(samples);
  const logMel = powerToDb(melPower, SPEC.amin);
  const magnitude = spectrogram(samples, {
    nFft: SPEC.nFft,
    hopLength: SPEC.hopLength,
    window: centroidWindow,
    power: 1,
  });
  const pitch = yin(samples, {
    sampleRate: SPEC.sampleRate,
    hopLength: SPEC.hopLength,
    ...SPEC.yin,
  });
  return {
    sampleRate: SPEC.sampleRate,
    hopLength: SPEC.hopLength,
    nFrames: frameCount(samples.length),
    melPower,
    logMel,
    mfcc: mfcc(logMel, SPEC.nMfcc),
    rms: rms(samples, SPEC.frameLength, SPEC.hopLength),
    zcr: zeroCrossingRate(samples, SPEC.frameLength, SPEC.hopLength),
    centroid: spectralCentroid(magnitude, SPEC.sampleRate),
    f0: pitch.f0,
    aperiodicity: pitch.aperiodicity,
  };
}
