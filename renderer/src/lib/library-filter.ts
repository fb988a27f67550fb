/**
 * The Library's filter bar and sort state, and how they become a `clips.list` filter. The
 * Label view pages through the same filter, so what the table shows and what "next clip"
 * means never disagree.
 */
import type { ClipFilter } from '../../../electron/contract.ts';

export type ClipSort = NonNullable<ClipFilter['sort']>;
export type Label = NonNullable<ClipFilter['label']>;
export type Dataset = NonNullable<ClipFilter['dataset']>;
/** A clips.list filter without its page window. */
export type ListFilter = Omit<ClipFilter, 'offset' | 'limit'>;

export interface LibraryFilter {
  /** '' means any. */
  label: Label | '';
  datasetLabel: Label | '';
  speaker: string;
  dataset: Dataset | '';
  labeled: 'all' | 'labeled' | 'unlabeled';
  flagged: boolean;
  search: string;
  /** Use the annotator's own labels (when a name is set); anyone's otherwise. */
  mine: boolean;
}

export interface SortState {
  sort: ClipSort;
  descending: boolean;
}

export const EMPTY_FILTER: Readonly<LibraryFilter> = Object.freeze({
  label: '',
  datasetLabel: '',
  speaker: '',
  dataset: '',
  labeled: 'all',
  flagged: false,
  search: '',
  mine: true,
});

export const DEFAULT_SORT: Readonly<SortState> = Object.freeze({ sort: 'path', descending: false });

/** The clips.list filter for the bar's state, the sort and the annotator's name. */
export function toListFilter(
  filter: LibraryFilter,
  sort: SortState,
  annotator: string,
): ListFilter {
  const result: ListFilter = { sort: sort.sort, descending: sort.descending };
  const name = annotator.trim();
  if (filter.mine && name !== '') result.annotator = name;
  if (filter.label !== '') result.label = filter.label;
  if (filter.datasetLabel !== '') result.datasetLabel = filter.datasetLabel;
  if (filter.speaker !== '') result.speaker = filter.speaker;
  if (filter.dataset !== '') result.dataset = filter.dataset;
  if (filter.labeled !== 'all') result.labeled = filter.labeled === 'labeled';
  if (filter.flagged) result.flagged = true;
  const search = filter.search.trim();
  if (search !== '') result.search = search;
  return result;
}

/** True when any filter narrows the list (the empty state then says so). */
export function isNarrowed(filter: LibraryFilter): boolean {
  return (
    filter.label !== '' ||
    filter.datasetLabel !== '' ||
    filter.speaker !== '' ||
    filter.dataset !== '' ||
    filter.labeled !== 'all' ||
    filter.flagged ||
    filter.search.trim() !== ''
  );
}

/** Clicking a column header: a new column sorts ascending, the same one flips direction. */
export function nextSort(current: SortState, column: ClipSort): SortState {
  if (current.sort === column) return { sort: column, descending: !current.descending };
  return { sort: column, descending: false };
}

/** aria-sort for a column header. */
export function ariaSort(
  current: SortState,
  column: ClipSort,
): 'ascending' | 'descending' | 'none' {
  if (current.sort !== column) return 'none';
  return current.descending ? 'descending' : 'ascending';
}

/** A stable key for a list filter, to notice when the list itself changed. */
export function listFilterKey(filter: ListFilter): string {
  const entries = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}
