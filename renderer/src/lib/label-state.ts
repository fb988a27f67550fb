/**
 * An annotator's label state for one clip and how each Label-view action changes it.
 * Label events are append-only and every event records the whole state (label, intensity,
 * flags, note), so a key that changes one field must re-send the others unchanged; the
 * functions here build that next state and the `labels.set` input from it.
 */
import type { Clip, LabelEvent, MethodInput } from '../../../electron/contract.ts';

export type Label = NonNullable<LabelEvent['label']>;
export type Intensity = NonNullable<LabelEvent['intensity']>;
export type LabelInput = MethodInput<'labels.set'>;

/** The part of an event a new event carries forward. */
export interface LabelState {
  label: Label | null;
  intensity?: Intensity;
  flags: string[];
  note?: string;
}

/** The flag the "Flag ambiguous" action toggles. */
export const AMBIGUOUS_FLAG = 'ambiguous';

/** What the Normal / Strong intensity actions send (CREMA-D's scale, which the store uses). */
export const INTENSITY_FOR_ACTION = {
  intensityNormal: 'medium',
  intensityStrong: 'high',
} as const satisfies Record<string, Intensity>;

export type LabelChange =
  | { kind: 'label'; label: Label }
  | { kind: 'intensity'; intensity: Intensity }
  | { kind: 'toggleFlag'; flag: string }
  | { kind: 'note'; note: string };

/** Ids of events an undo took back. */
export function undoneIds(history: readonly LabelEvent[]): Set<number> {
  const ids = new Set<number>();
  for (const event of history) if (event.undoOf !== undefined) ids.add(event.undoOf);
  return ids;
}

/**
 * The annotator's current event on this clip: their latest event that is neither an undo
 * nor undone (the store's own definition, so the view and the back end agree), or
 * undefined when they have none.
 */
export function liveEventOf(
  history: readonly LabelEvent[],
  annotator: string,
): LabelEvent | undefined {
  const undone = undoneIds(history);
  let latest: LabelEvent | undefined;
  for (const event of history) {
    if (event.annotator !== annotator || event.undoOf !== undefined || undone.has(event.id))
      continue;
    if (latest === undefined || event.id > latest.id) latest = event;
  }
  return latest;
}

/** The state an event records (a missing event is "no label yet"). */
export function stateOf(event: LabelEvent | undefined): LabelState {
  if (event === undefined) return { label: null, flags: [] };
  return {
    label: event.label,
    flags: [...event.flags],
    ...(event.intensity !== undefined ? { intensity: event.intensity } : {}),
    ...(event.note !== undefined ? { note: event.note } : {}),
  };
}

/**
 * Why a change cannot be made on this state, in words for the user, or null when it can.
 * Intensity describes a label, so it needs one first.
 */
export function changeProblem(state: LabelState, change: LabelChange): string | null {
  if (change.kind === 'intensity' && state.label === null) {
    return 'Choose a label first: intensity says how strongly that emotion is heard.';
  }
  return null;
}

/** The state after a change; every field the change does not touch is kept. */
export function applyChange(state: LabelState, change: LabelChange): LabelState {
  switch (change.kind) {
    case 'label':
      return { ...state, flags: [...state.flags], label: change.label };
    case 'intensity':
      return { ...state, flags: [...state.flags], intensity: change.intensity };
    case 'toggleFlag': {
      const flags = state.flags.includes(change.flag)
        ? state.flags.filter((flag) => flag !== change.flag)
        : [...state.flags, change.flag];
      return { ...state, flags };
    }
    case 'note': {
      const next: LabelState = { ...state, flags: [...state.flags] };
      const note = change.note.trim();
      if (note === '') delete next.note;
      else next.note = note;
      return next;
    }
  }
}

/**
 * The `labels.set` input that records `state` for the clip. A reason explains this one
 * event (why the annotator relabelled), so it is an argument, never part of the state a
 * later event carries forward; blank reasons are left out.
 */
export function toLabelInput(
  clipId: string,
  annotator: string,
  state: LabelState,
  reason?: string,
): LabelInput {
  const why = reason?.trim() ?? '';
  return {
    clipId,
    annotator,
    label: state.label,
    flags: [...state.flags],
    ...(state.intensity !== undefined ? { intensity: state.intensity } : {}),
    ...(state.note !== undefined ? { note: state.note } : {}),
    ...(why !== '' ? { reason: why } : {}),
  };
}

/** Why a reason cannot be given on this state (it explains a label, so one must exist), or null. */
export function reasonProblem(state: LabelState): string | null {
  return state.label === null ? 'Choose a label first: the reason explains your label.' : null;
}

/** Field-by-field equality, so a change that alters nothing sends nothing. */
export function sameState(a: LabelState, b: LabelState): boolean {
  return (
    a.label === b.label &&
    a.intensity === b.intensity &&
    (a.note ?? '') === (b.note ?? '') &&
    a.flags.length === b.flags.length &&
    a.flags.every((flag, i) => flag === b.flags[i])
  );
}

/**
 * What an undo took back, in words: the label when it changed, else the intensity, the
 * note, a flag or the reason ("surprised", "the note", "the ambiguous flag").
 */
export function undoneChange(undone: LabelEvent, restored: LabelState): string {
  if (undone.label !== restored.label) return undone.label ?? 'no label';
  if (undone.intensity !== restored.intensity) return `the intensity ${intensityName(undone.intensity) ?? 'choice'}`;
  if ((undone.note ?? '') !== (restored.note ?? '')) return 'the note';
  const flag = [...undone.flags, ...restored.flags].find((f) => undone.flags.includes(f) !== restored.flags.includes(f));
  if (flag !== undefined) return `the ${flag} flag`;
  return undone.reason !== undefined ? 'the reason' : (undone.label ?? 'no label');
}

/** 'medium' → 'normal', 'high' → 'strong': the words on the buttons. */
export function intensityName(intensity: Intensity | undefined): string | null {
  switch (intensity) {
    case 'low':
      return 'weak';
    case 'medium':
      return 'normal';
    case 'high':
      return 'strong';
    default:
      return null;
  }
}

/** One row of the history list, newest first. */
export interface HistoryRow {
  id: number;
  who: string;
  /** The label, 'no label', or 'undo'. */
  what: string;
  label: Label | null;
  isUndo: boolean;
  /** Taken back by a later undo. */
  undone: boolean;
  /** Intensity, flags and note, for the row's second line. */
  details: string[];
  createdAt: string;
}

export function historyRows(history: readonly LabelEvent[]): HistoryRow[] {
  const undone = undoneIds(history);
  const byId = new Map(history.map((event) => [event.id, event]));
  return [...history]
    .sort((a, b) => b.id - a.id)
    .map((event) => {
      const isUndo = event.undoOf !== undefined;
      const details: string[] = [];
      if (isUndo) {
        const target = byId.get(event.undoOf ?? -1);
        if (target !== undefined) details.push(`took back ${undoneChange(target, event)}`);
        details.push(`back to ${event.label ?? 'no label'}`);
      } else {
        const intensity = intensityName(event.intensity);
        if (intensity !== null) details.push(intensity);
        details.push(...event.flags);
        if (event.note !== undefined) details.push(`“${event.note}”`);
        if (event.reason !== undefined) details.push(`reason: ${event.reason}`);
      }
      return {
        id: event.id,
        who: event.annotator,
        what: isUndo ? 'undo' : (event.label ?? 'no label'),
        label: isUndo ? null : event.label,
        isUndo,
        undone: undone.has(event.id),
        details,
        createdAt: event.createdAt,
      };
    });
}

/**
 * What the view shows as the clip's current label: the annotator's own when they have one,
 * else the latest anyone set (`clips.get`'s `current`), marked as someone else's.
 */
export function displayedCurrent(
  clip: Pick<Clip, 'current'>,
  own: LabelState,
  annotator: string,
): { state: LabelState; by: string | null } {
  if (own.label !== null || own.flags.length > 0 || own.note !== undefined) {
    return { state: own, by: null };
  }
  const other = clip.current;
  if (other !== undefined && other.annotator !== annotator && other.label !== null) {
    return { state: stateOf(other), by: other.annotator };
  }
  return { state: own, by: null };
}

/**
 * True when labelling can move the clip in or out of the filter (so the list under the
 * current index may shift): "unlabelled only", a label filter, "flagged", and every review
 * queue (a relabel can settle the doubt that put the clip there).
 */
export function filterDependsOnLabels(filter: {
  label?: unknown;
  labeled?: unknown;
  flagged?: unknown;
  search?: unknown;
  review?: unknown;
}): boolean {
  return (
    filter.label !== undefined ||
    filter.labeled !== undefined ||
    filter.flagged !== undefined ||
    filter.review !== undefined ||
    // search matches the current note too
    (typeof filter.search === 'string' && filter.search !== '')
  );
}
