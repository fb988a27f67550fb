/** How the Library writes paths, durations, datasets and import formats for people. */
import type { MethodInput } from '../../../electron/contract.ts';
import type { Dataset } from './library-filter.ts';

export type ImportFormat = NonNullable<MethodInput<'import.start'>['format']>;

/** Display names of the corpora and generic layouts. */
export const DATASET_NAMES: Readonly<Record<Dataset, string>> = {
  ravdess: 'RAVDESS',
  cremad: 'CREMA-D',
  tess: 'TESS',
  savee: 'SAVEE',
  emodb: 'EmoDB',
  folder: 'Label folders',
  csv: 'CSV manifest',
};

/** The import dialog's format choices, auto-detect first. */
export const IMPORT_FORMATS: ReadonlyArray<{ value: ImportFormat; name: string }> = [
  { value: 'auto', name: 'Auto-detect' },
  ...(Object.entries(DATASET_NAMES) as Array<[Dataset, string]>).map(([value, name]) => ({
    value,
    name,
  })),
];

export function datasetName(dataset: string): string {
  return (DATASET_NAMES as Record<string, string>)[dataset] ?? dataset;
}

/** The last segment of a POSIX or Windows path ('/a/b/c.wav' → 'c.wav'). */
export function basename(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? trimmed : trimmed.slice(cut + 1);
}

/** 3.25 → '3.3 s'; 75 → '1:15'; 3725 → '1:02:05'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 10000 → '10,000' (fixed locale so screenshots and tests agree). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
