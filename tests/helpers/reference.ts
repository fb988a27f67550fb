/** librosa reference features (../shared/reference format) and comparison helpers. */
import { readFileSync } from 'node:fs';

export interface ReferenceFeatures {
  n_samples_16k: number;
  n_frames: number;
  features: {
    mel_power: number[][];
    log_mel: number[][];
    mfcc: number[][];
    rms: number[] | number[][];
    zcr: number[] | number[][];
    yin_f0: number[] | number[][];
    spectral_centroid: number[] | number[][];
  };
}

export function readReference(jsonPath: string): ReferenceFeatures {
  return JSON.parse(readFileSync(jsonPath, 'utf8')) as ReferenceFeatures;
}

/** Per-frame series, whether stored as [T] or [T][1]. */
export function series(values: number[] | number[][]): number[] {
  return values.map((v) => (Array.isArray(v) ? v[0] : v));
}
