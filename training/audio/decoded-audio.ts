/**
 * Audio as decoded from a file: one Float32Array per channel (all the same length), samples
 * nominally in [-1, 1]. Integer formats always land in that range; float files may exceed it
 * and are passed through unclipped, as librosa does.
 */
export interface DecodedAudio {
  sampleRate: number;
  channels: Float32Array[];
}
