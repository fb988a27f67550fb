import type { EmotionLabel } from './labels.ts';

export type DatasetFormat = 'ravdess' | 'cremad' | 'tess' | 'savee' | 'emodb' | 'folder' | 'csv';

/** The formats recognised from file and folder names alone (csv needs a manifest). */
export type NameFormat = Exclude<DatasetFormat, 'csv'>;

export interface ScannedClip {
  /** Absolute path of the audio file. */
  path: string;
  dataset: DatasetFormat;
  /** Unique across corpora: '<dataset>-<native id>', e.g. 'ravdess-01', 'folder-unknown'. */
  speaker: string;
  gender?: 'male' | 'female';
  label: EmotionLabel;
  /** ravdess 'normal'|'strong'; cremad 'low'|'medium'|'high'|'unspecified'. */
  intensity?: string;
  /** Text or sentence id as the corpus encodes it ('01', 'DFA', 'back', 'a01'). */
  statement?: string;
  /** RAVDESS only. */
  vocalChannel?: 'speech' | 'song';
}

export interface ImportProblem {
  path: string;
  reason: string;
}

export interface ScanResult {
  dataset: DatasetFormat;
  /** Sorted by path. */
  clips: ScannedClip[];
  counts: { byLabel: Record<string, number>; bySpeaker: Record<string, number> };
  problems: ImportProblem[];
}

/** What a name parser learns from a relative path: everything but the absolute path. */
export type ParsedName = Omit<ScannedClip, 'path'>;

/** A name parser's verdict: the clip's metadata, or why the name does not fit the scheme. */
export type NameParse = ParsedName | { problem: string };

/** A parser taking a path relative to the dataset root, with '/' separators. */
export type NameParser = (relativePath: string) => NameParse;

export function isNameProblem(result: NameParse): result is { problem: string } {
  return 'problem' in result;
}
