/**
 * The shapes the workspace store takes and returns. Plain data (no classes, no Maps), so
 * they cross IPC and the browser-mode WebSocket unchanged.
 */
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import type { DatasetFormat } from '../../../training/datasets/types.ts';
import type { LabelIntensity } from './inputs.ts';

export type { ClipFilter, LabelInput, ModelInput, NewClip, SessionInput } from './inputs.ts';

/** A clip as stored: the scan's metadata, its audio facts, and when it arrived. */
export interface StoredClip {
  /** sha256 of the audio file's bytes: the same recording keeps its id (and labels) wherever it lives. */
  id: string;
  path: string;
  dataset: DatasetFormat;
  speaker: string;
  gender?: 'male' | 'female';
  /** The corpus's own label, as the importer mapped it (not an annotator's judgement). */
  datasetLabel: EmotionLabel;
  intensity?: string;
  statement?: string;
  durationSec: number;
  sampleRate: number;
  channels: number;
  importId?: string;
  importedAt: string;
}

/** One append-only label event. An undo is an event too, carrying the state it restores. */
export interface LabelEvent {
  id: number;
  clipId: string;
  annotator: string;
  /** null: the label was cleared (or an undo went back to "no label yet"). */
  label: EmotionLabel | null;
  intensity?: LabelIntensity;
  note?: string;
  flags: string[];
  reason?: string;
  /** ISO 8601 with milliseconds, UTC. Order events by id, not by this clock. */
  createdAt: string;
  /** Set on undo events: the id of the event this one takes back. */
  undoOf?: number;
}

/** A clip with its current label (the latest live event, see current-labels.ts), if any. */
export interface ClipRow extends StoredClip {
  current?: LabelEvent;
}

export interface ClipPage {
  /** Clips matching the filter, before offset/limit. */
  total: number;
  rows: ClipRow[];
}

export interface LabelCounts {
  /** Clips whose current label is each canonical label (0 for labels nobody used). */
  byLabel: Record<EmotionLabel, number>;
  /** Clips with no current label (never labelled, cleared, or every label undone). */
  unlabeled: number;
  total: number;
}

export interface AddClipsResult {
  /** Clips stored for the first time. */
  added: number;
  /** Already stored with the same content and path: nothing changed, labels kept. */
  unchanged: number;
  /** Same content as a clip already stored under another path: not stored twice. */
  duplicates: { path: string; clipId: string; storedPath: string }[];
  /** A different recording is already stored under this path: skipped, recorded as a problem. */
  conflicts: { path: string; clipId: string; storedClipId: string }[];
}

export interface ImportRecord {
  id: string;
  sourceDir: string;
  format: string;
  startedAt: string;
  finishedAt?: string;
  counts?: Record<string, number>;
}

export interface StoredProblem {
  path: string;
  reason: string;
  importId?: string;
  createdAt: string;
}

export interface StoredModel {
  name: string;
  dir: string;
  metadata: unknown;
  createdAt: string;
}

export interface StoredSession {
  id: string;
  startedAt: string;
  endedAt?: string;
  audioPath?: string;
  summary?: unknown;
}
