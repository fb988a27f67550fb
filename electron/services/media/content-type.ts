/**
 * The media type of an audio file from its extension, for the Content-Type of streamed audio:
 * <audio> elements use it to pick a decoder, and with `nosniff` they must not guess instead.
 */
import path from 'node:path';

const AUDIO_TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.wave': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.webm': 'audio/webm',
  '.aif': 'audio/aiff',
  '.aiff': 'audio/aiff',
};

/** `audio/...` for known extensions (any case), application/octet-stream otherwise. */
export function audioContentType(filePath: string): string {
  return AUDIO_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
