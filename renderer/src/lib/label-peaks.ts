/**
 * The back end's cached peaks JSON turned into what wavesurfer draws. Passing the max
 * envelope as channel 0 and the min envelope as channel 1 (without splitChannels) makes
 * wavesurfer draw max above the centre line and |min| below it: the true min/max outline,
 * with no audio decoded in the renderer.
 */

export interface PeaksFile {
  version: 1;
  sampleRate: number;
  durationSec: number;
  channels: number;
  peaksPerSecond: number;
  min: number[];
  max: number[];
}

export interface WaveformPeaks {
  /** [max, min] envelopes, values in -1…1. */
  peaks: [number[], number[]];
  durationSec: number;
  /** Min/max pairs per second: how far zooming in still shows more detail. */
  peaksPerSecond: number;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** Check the peaks JSON and shape it for wavesurfer; throws with a readable reason. */
export function toWaveformPeaks(json: unknown): WaveformPeaks {
  if (typeof json !== 'object' || json === null) throw new Error('peaks data is not an object');
  const file = json as Partial<PeaksFile>;
  if (file.version !== 1)
    throw new Error(`peaks data has version ${String(file.version)}, expected 1`);
  if (typeof file.durationSec !== 'number' || !(file.durationSec > 0)) {
    throw new Error('peaks data has no positive durationSec');
  }
  if (!isNumberArray(file.max) || !isNumberArray(file.min)) {
    throw new Error('peaks data needs numeric min and max arrays');
  }
  if (file.max.length !== file.min.length || file.max.length === 0) {
    throw new Error('peaks data has min and max arrays of different or zero length');
  }
  const peaksPerSecond =
    typeof file.peaksPerSecond === 'number' && file.peaksPerSecond > 0
      ? file.peaksPerSecond
      : file.max.length / file.durationSec;
  return { peaks: [file.max, file.min], durationSec: file.durationSec, peaksPerSecond };
}
