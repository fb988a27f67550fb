/** What the UI needs to know about a clip's audio before it draws or plays anything. */
export interface AudioInfo {
  /** Length in seconds (frames / sampleRate for WAV; the container's figure otherwise). */
  durationSec: number;
  /** Samples per second per channel. */
  sampleRate: number;
  channels: number;
  /** ffprobe's codec name (pcm_s16le, pcm_f32le, mp3, flac, opus, aac, ...). */
  codec: string;
}

/**
 * AudioInfo as known before decoding: `durationSec` is undefined for the rare container that
 * does not state it (then only a decode tells).
 */
export type SourceInfo = Omit<AudioInfo, 'durationSec'> & { durationSec: number | undefined };
