/**
 * The `Range` request header (RFC 9110 §14) for one byte range, as <audio> elements send it to
 * seek without downloading the whole file. Several ranges in one request (multipart replies)
 * are not supported: the RFC lets a server ignore Range, so those get the whole file.
 */

export type RangeDecision =
  /** No Range, or one this server ignores (malformed, multiple ranges): send everything (200). */
  | { kind: 'full' }
  /** Send bytes start..end inclusive (206). */
  | { kind: 'partial'; start: number; end: number }
  /** No requested byte exists (416, with a Content-Range stating the size). */
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/** What to send for `header` (the Range value, or null) from a resource of `size` bytes. */
export function decideRange(header: string | null, size: number): RangeDecision {
  if (header === null) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first, last] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix range: the last N bytes (all of them when N exceeds the size).
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
