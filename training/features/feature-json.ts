/** The `ser features --json` shape (section 6): 2-D arrays time-major, 6 significant digits like the librosa references. */
import type { FeatureSet } from './extract.ts';
import { matrixToArrays, roundSignificant } from './feature-matrix.ts';
import { prosody, type Prosody } from './prosody.ts';

export interface FeatureJson {
  sampleRate: number;
  hopLength: number;
  nFrames: number;
  logMel: number[][];
  mfcc: number[][];
  rms: number[];
  zcr: number[];
  centroid: number[];
  f0: number[];
  prosody: Prosody;
}

const DIGITS = 6;

export function featureSetToJson(f: FeatureSet): FeatureJson {
  const series = (xs: Float32Array) => Array.from(xs, (v) => roundSignificant(v, DIGITS));
  return {
    sampleRate: f.sampleRate,
    hopLength: f.hopLength,
    nFrames: f.nFrames,
    logMel: matrixToArrays(f.logMel, DIGITS),
    mfcc: matrixToArrays(f.mfcc, DIGITS),
    rms: series(f.rms),
    zcr: series(f.zcr),
    centroid: series(f.centroid),
    f0: series(f.f0),
    prosody: prosody(f),
  };
}
