/** The Library's pure helpers: filters, sorting, formatting, paths and the import state. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  ariaSort,
  isNarrowed,
  listFilterKey,
  nextSort,
  toListFilter,
} from '../../../renderer/src/lib/library-filter.ts';
import {
  IMPORT_FORMATS,
  basename,
  datasetName,
  formatDuration,
} from '../../../renderer/src/lib/library-format.ts';
import {
  IDLE,
  describeProgress,
  importFraction,
  importReducer,
  isBusy,
} from '../../../renderer/src/lib/library-import.ts';
import type { ImportState } from '../../../renderer/src/lib/library-import.ts';
import {
  breadcrumbs,
  isAbsolutePath,
  joinPath,
  relativeTo,
} from '../../../renderer/src/lib/library-paths.ts';

test('an empty filter only sorts; the annotator applies when "mine" is on', () => {
  assert.deepEqual(toListFilter({ ...EMPTY_FILTER }, DEFAULT_SORT, ''), {
    sort: 'path',
    descending: false,
  });
  assert.deepEqual(toListFilter({ ...EMPTY_FILTER }, DEFAULT_SORT, ' ana '), {
    sort: 'path',
    descending: false,
    annotator: 'ana',
  });
  assert.equal(
    toListFilter({ ...EMPTY_FILTER, mine: false }, DEFAULT_SORT, 'ana').annotator,
    undefined,
  );
});

test('every filter field maps to its clips.list field', () => {
  const filter = toListFilter(
    {
      label: 'sad',
      datasetLabel: 'angry',
      speaker: '07',
      dataset: 'ravdess',
      labeled: 'unlabeled',
      flagged: true,
      search: '  kids ',
      mine: true,
    },
    { sort: 'durationSec', descending: true },
    'ana',
  );
  assert.deepEqual(filter, {
    sort: 'durationSec',
    descending: true,
    annotator: 'ana',
    label: 'sad',
    datasetLabel: 'angry',
    speaker: '07',
    dataset: 'ravdess',
    labeled: false,
    flagged: true,
    search: 'kids',
  });
  assert.equal(
    toListFilter({ ...EMPTY_FILTER, labeled: 'labeled' }, DEFAULT_SORT, '').labeled,
    true,
  );
});

test('isNarrowed notices any narrowing field but not "mine"', () => {
  assert.equal(isNarrowed({ ...EMPTY_FILTER }), false);
  assert.equal(isNarrowed({ ...EMPTY_FILTER, mine: false }), false);
  assert.equal(isNarrowed({ ...EMPTY_FILTER, search: '   ' }), false);
  assert.equal(isNarrowed({ ...EMPTY_FILTER, flagged: true }), true);
  assert.equal(isNarrowed({ ...EMPTY_FILTER, speaker: '03' }), true);
});

test('header clicks sort ascending first, then flip; aria-sort follows', () => {
  let sort = DEFAULT_SORT;
  sort = nextSort(sort, 'speaker');
  assert.deepEqual(sort, { sort: 'speaker', descending: false });
  assert.equal(ariaSort(sort, 'speaker'), 'ascending');
  assert.equal(ariaSort(sort, 'path'), 'none');
  sort = nextSort(sort, 'speaker');
  assert.equal(ariaSort(sort, 'speaker'), 'descending');
  assert.deepEqual(nextSort(sort, 'path'), { sort: 'path', descending: false });
});

test('listFilterKey ignores key order and undefined fields', () => {
  assert.equal(
    listFilterKey({ sort: 'path', label: 'sad', speaker: undefined }),
    listFilterKey({ label: 'sad', sort: 'path' }),
  );
  assert.notEqual(listFilterKey({ label: 'sad' }), listFilterKey({ label: 'happy' }));
});

test('formatting', () => {
  assert.equal(
    basename('/data/ravdess/Actor_01/03-01-01-01-01-01-01.wav'),
    '03-01-01-01-01-01-01.wav',
  );
  assert.equal(basename('C:\\corpora\\tess\\OAF_back_angry.wav'), 'OAF_back_angry.wav');
  assert.equal(basename('plain.wav'), 'plain.wav');
  assert.equal(formatDuration(3.26), '3.3 s');
  assert.equal(formatDuration(75), '1:15');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(Number.NaN), '–');
  assert.equal(datasetName('cremad'), 'CREMA-D');
  assert.equal(datasetName('unknown-corpus'), 'unknown-corpus');
  assert.deepEqual(
    IMPORT_FORMATS.map((f) => f.value),
    ['auto', 'ravdess', 'cremad', 'tess', 'savee', 'emodb', 'folder', 'csv'],
  );
  assert.equal(IMPORT_FORMATS[0].name, 'Auto-detect');
});

test('breadcrumbs and joins on POSIX and Windows paths', () => {
  assert.deepEqual(breadcrumbs('/home/ana/corpus'), [
    { name: '/', path: '/' },
    { name: 'home', path: '/home' },
    { name: 'ana', path: '/home/ana' },
    { name: 'corpus', path: '/home/ana/corpus' },
  ]);
  assert.deepEqual(breadcrumbs('/'), [{ name: '/', path: '/' }]);
  assert.deepEqual(breadcrumbs('C:\\Users\\ana'), [
    { name: 'C:', path: 'C:\\' },
    { name: 'Users', path: 'C:\\Users' },
    { name: 'ana', path: 'C:\\Users\\ana' },
  ]);
  assert.equal(joinPath('/home/ana', 'ws'), '/home/ana/ws');
  assert.equal(joinPath('/', 'tmp'), '/tmp');
  assert.equal(joinPath('C:\\Users', 'ana'), 'C:\\Users\\ana');
  assert.equal(isAbsolutePath('/x'), true);
  assert.equal(isAbsolutePath('D:\\x'), true);
  assert.equal(isAbsolutePath('x/y'), false);
  assert.equal(relativeTo('/c/ravdess', '/c/ravdess/Actor_01/a.wav'), 'Actor_01/a.wav');
  assert.equal(relativeTo('/c/ravdess/', '/c/ravdess/a.wav'), 'a.wav');
  assert.equal(
    relativeTo('/c/rav', '/c/ravdess/a.wav'),
    '/c/ravdess/a.wav',
    'a sibling with a common prefix is not below',
  );
  assert.equal(relativeTo('C:\\data', 'C:\\data\\x.wav'), 'x.wav');
});

test('import state: start, progress, finish', () => {
  let state: ImportState = IDLE;
  state = importReducer(state, { type: 'start', dir: '/c', format: 'auto' });
  assert.equal(isBusy(state), true);
  assert.equal(describeProgress(state), 'Starting…');
  state = importReducer(state, { type: 'started', importId: 'i1' });
  assert.equal(state.phase, 'running');
  assert.equal(importFraction(state), null, 'total not known yet');
  state = importReducer(state, {
    type: 'progress',
    payload: { importId: 'i1', phase: 'reading', done: 250, total: 1000 },
  });
  assert.equal(importFraction(state), 0.25);
  assert.equal(describeProgress(state), 'Reading audio… 250 / 1,000 files');
  // Another tab's import does not move our bar.
  state = importReducer(state, {
    type: 'progress',
    payload: { importId: 'other', phase: 'reading', done: 9, total: 10 },
  });
  assert.equal(importFraction(state), 0.25);
  const summary = {
    importId: 'i1',
    sourceDir: '/c',
    format: 'ravdess',
    added: 990,
    unchanged: 0,
    duplicates: 4,
    problems: 6,
  };
  assert.equal(
    importReducer(state, { type: 'finished', payload: { ...summary, importId: 'other' } }),
    state,
  );
  state = importReducer(state, { type: 'finished', payload: summary });
  assert.deepEqual(state, { phase: 'finished', summary });
  assert.equal(isBusy(state), false);
  assert.equal(importReducer(state, { type: 'reset' }), IDLE);
});

test('import state: events before the start reply are adopted; failures are kept', () => {
  let state: ImportState = importReducer(IDLE, { type: 'start', dir: '/c', format: 'tess' });
  state = importReducer(state, {
    type: 'progress',
    payload: { importId: 'i2', phase: 'scanning', done: 3, total: 0 },
  });
  assert.equal(state.phase === 'running' && state.importId, 'i2');
  assert.equal(describeProgress(state), 'Scanning the folder…');
  state = importReducer(state, { type: 'started', importId: 'i2' });
  assert.equal(state.phase, 'running', 'the late reply changes nothing');
  state = importReducer(state, {
    type: 'failed',
    payload: { importId: 'i2', message: 'disk gone' },
  });
  assert.deepEqual(state, { phase: 'failed', importId: 'i2', message: 'disk gone' });

  const refused = importReducer(importReducer(IDLE, { type: 'start', dir: '/c', format: 'auto' }), {
    type: 'start-failed',
    message: 'An import is already running',
  });
  assert.deepEqual(refused, { phase: 'failed', message: 'An import is already running' });
});
