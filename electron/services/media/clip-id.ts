/**
 * Clip ids are the sha256 of the clip's audio (lower-case hex). Checking the form before any
 * use keeps a request path or cache file name from ever holding "..", "/" or anything else.
 */

const CLIP_ID = /^[0-9a-f]{64}$/;

export function isClipId(value: string): boolean {
  return CLIP_ID.test(value);
}

/** Throws RangeError for anything but a sha256 hex string (a programming error upstream). */
export function assertClipId(value: string): void {
  if (!isClipId(value))
    throw new RangeError(`not a clip id (sha256 hex): ${JSON.stringify(value)}`);
}
