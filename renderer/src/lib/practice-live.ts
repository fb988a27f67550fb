/**
 * The live side of practice mode, kept out of Svelte so 5 updates a second cost almost
 * nothing: a rolling buffer of the last minute of `practice.update`s (what the canvases
 * draw from, read in requestAnimationFrame), the tone meter's state, the tone timeline's
 * segments and the coaching hints' lifetimes.
 */
import type { Hint, LiveUpdate, PracticeState } from '../../../electron/contract.ts';

/** One update as the canvases need it. */
export interface LivePoint {
  t: number;
  speech: boolean;
  /** Dominant tone, null in silence or before the first speech window. */
  label: string | null;
  pitchHz: number | null;
  loudnessDbfs: number | null;
}

/**
 * The last `keepSec` seconds of updates, oldest first. Appends are O(1); old points are
 * dropped in batches so the array is not shifted on every update.
 */
export class LiveTrack {
  private items: LivePoint[] = [];
  private head = 0;
  /** Bumped on every change, so a canvas can skip redrawing what it already drew. */
  version = 0;

  constructor(readonly keepSec = 75) {}

  push(update: LiveUpdate): void {
    const last = this.last();
    // Session time restarting means a new session: the old minute no longer belongs here.
    if (last && update.t + 0.001 < last.t) this.clear();
    this.items.push({
      t: update.t,
      speech: update.speech,
      label: update.tone?.label ?? null,
      pitchHz: update.pitchHz,
      loudnessDbfs: update.loudnessDbfs,
    });
    const cutoff = update.t - this.keepSec;
    while (this.head < this.items.length && this.items[this.head].t < cutoff) this.head += 1;
    if (this.head > 256 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.version += 1;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.version += 1;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  last(): LivePoint | undefined {
    return this.length > 0 ? this.items[this.items.length - 1] : undefined;
  }

  /** The points, oldest first (read-only: the buffer's own array when nothing was dropped). */
  points(): readonly LivePoint[] {
    return this.head === 0 ? this.items : this.items.slice(this.head);
  }
}

/** A stretch of one dominant tone; silence and "no tone yet" are gaps, not segments. */
export interface ToneSegment {
  start: number;
  end: number;
  label: string;
}

/** Updates arrive every ~0.2 s; a point stands for the time since the one before it. */
const DEFAULT_STEP_SEC = 0.2;
/** A hole longer than this between two points is left empty rather than bridged. */
const MAX_BRIDGE_SEC = 1;

/**
 * Contiguous tone stretches within [from, to]: point i covers (t[i-1], t[i]] (the first
 * point the DEFAULT_STEP_SEC before it), neighbours with the same tone merge, and points
 * without a tone leave gaps.
 */
export function toneSegments(
  points: readonly LivePoint[],
  from: number,
  to: number,
): ToneSegment[] {
  const segments: ToneSegment[] = [];
  let open: ToneSegment | null = null;
  for (let i = 0; i < points.length; i++) {
    const point = points[i];
    const previous = i > 0 ? points[i - 1].t : point.t - DEFAULT_STEP_SEC;
    const start = point.t - previous > MAX_BRIDGE_SEC ? point.t - DEFAULT_STEP_SEC : previous;
    const end = point.t;
    if (end <= from || start >= to || point.label === null) {
      open = null;
      continue;
    }
    const clippedStart = Math.max(start, from);
    const clippedEnd = Math.min(end, to);
    if (open && open.label === point.label && Math.abs(open.end - start) < 1e-9) {
      open.end = clippedEnd;
    } else {
      open = { start: clippedStart, end: clippedEnd, label: point.label };
      segments.push(open);
    }
  }
  return segments;
}

/** What the big tone meter shows. */
export type MeterView =
  | { kind: 'idle' | 'starting' | 'paused' | 'stopping' | 'listening' }
  | { kind: 'silence'; silenceSec: number }
  | { kind: 'tone'; label: string; confidence: number; forSec: number };

/** The meter for the session state and the latest update (null before the first one). */
export function meterView(state: PracticeState['state'], update: LiveUpdate | null): MeterView {
  if (state === 'idle' || state === 'starting' || state === 'paused' || state === 'stopping') {
    return { kind: state };
  }
  if (update === null) return { kind: 'listening' };
  if (update.tone !== null) {
    return {
      kind: 'tone',
      label: update.tone.label,
      confidence: update.tone.confidence,
      forSec: update.tone.dominantForSec,
    };
  }
  // Speech without a tone yet is the model filling its first window, not silence.
  if (update.speech) return { kind: 'listening' };
  return { kind: 'silence', silenceSec: update.pauses.currentSec };
}

/** A coaching hint on screen. */
export interface ShownHint extends Hint {
  /** When the back end last sent it (ms, any monotonic clock). */
  lastSeen: number;
}

export interface HintOptions {
  /** How long a hint stays after the back end last sent it (bridges a missed update). */
  lingerMs: number;
  /** At most this many at once. */
  max: number;
}

/**
 * The back end decides which hints show and for how long (hints.ts: at least 3 s, at most
 * 10 s, 15 s cool-down) and sends the ones on screen with every update, so the view mirrors
 * `update.hints`; the short linger only keeps a hint through one missed update.
 */
export const HINT_DEFAULTS: HintOptions = { lingerMs: 800, max: 3 };

/**
 * The hints to show after `incoming` arrived at `now` (pass [] on a plain clock tick): the
 * incoming ones in the back end's (priority) order, then any that stopped arriving less
 * than `lingerMs` ago. Pure: `shown` is not modified.
 */
export function nextHints(
  shown: readonly ShownHint[],
  incoming: readonly Hint[],
  now: number,
  options: HintOptions = HINT_DEFAULTS,
): ShownHint[] {
  // One per id (the list is keyed by id): a repeated id keeps its first entry.
  const sent = new Set<string>();
  const current: ShownHint[] = [];
  for (const hint of incoming) {
    if (sent.has(hint.id)) continue;
    sent.add(hint.id);
    current.push({ id: hint.id, text: hint.text, severity: hint.severity, lastSeen: now });
  }
  const lingering = shown.filter(
    (hint) => !sent.has(hint.id) && now - hint.lastSeen <= options.lingerMs,
  );
  return [...current, ...lingering].slice(0, options.max);
}

/**
 * Whether two hint lists look the same on screen (ids, words and styles in order): the
 * view re-renders its hint list only when they do not, not on every refreshed time stamp.
 */
export function sameHintList(a: readonly ShownHint[], b: readonly ShownHint[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (hint, i) =>
        hint.id === b[i].id && hint.text === b[i].text && hint.severity === b[i].severity,
    )
  );
}

/** The probabilities of the latest update as rows, largest first (top `limit`). */
export function topTones(
  labels: readonly string[],
  probs: readonly number[],
  limit = 4,
): { label: string; prob: number }[] {
  return labels
    .map((label, i) => ({ label, prob: probs[i] ?? 0 }))
    .sort((a, b) => b.prob - a.prob)
    .slice(0, limit);
}
