import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PageCache,
  pageOf,
  pageWindow,
  pagesForRange,
} from '../../../renderer/src/lib/library-pages.ts';

test('page arithmetic', () => {
  assert.equal(pageOf(0, 200), 0);
  assert.equal(pageOf(199, 200), 0);
  assert.equal(pageOf(200, 200), 1);
  assert.deepEqual(pageWindow(3, 200), { offset: 600, limit: 200 });
  assert.deepEqual(pagesForRange(150, 420, 10_000, 200), [0, 1, 2]);
  assert.deepEqual(pagesForRange(9_990, 10_050, 10_000, 200), [49], 'clamped to the last row');
  assert.deepEqual(pagesForRange(-5, 10, 10_000, 200), [0]);
  assert.deepEqual(pagesForRange(0, 30, 0, 200), [], 'nothing to fetch in an empty list');
  assert.deepEqual(pagesForRange(40, 10, 100, 200), []);
});

test('asks for each page once, serves rows, and forgets after reset', () => {
  const cache = new PageCache<string>(10, 100);
  assert.deepEqual(cache.toFetch(5, 25, 1000), [0, 1, 2]);
  const tickets = [0, 1, 2].map((page) => cache.begin(page));
  assert.deepEqual(cache.toFetch(5, 25, 1000), [], 'in flight: not asked again');
  const rows = (page: number) => Array.from({ length: 10 }, (_, i) => `row${page * 10 + i}`);
  for (const ticket of tickets) assert.equal(cache.complete(ticket, rows(ticket.page)), true);
  assert.equal(cache.row(17), 'row17');
  assert.equal(cache.row(35), undefined);
  assert.deepEqual(cache.toFetch(0, 35, 1000), [3]);

  cache.reset();
  assert.equal(cache.row(17), undefined);
  assert.deepEqual(cache.toFetch(5, 25, 1000), [0, 1, 2]);
});

test('a reply for an old filter is dropped', () => {
  const cache = new PageCache<number>(10, 100);
  const old = cache.begin(0);
  cache.reset();
  const fresh = cache.begin(0);
  assert.equal(cache.complete(old, [1]), false);
  assert.equal(cache.row(0), undefined);
  assert.equal(cache.complete(fresh, [2]), true);
  assert.equal(cache.row(0), 2);
});

test('invalidate keeps stale rows on screen until the refetch lands', () => {
  const cache = new PageCache<string>(10, 100);
  cache.complete(cache.begin(0), ['before']);
  assert.deepEqual(cache.toFetch(0, 0, 100), []);
  cache.invalidate();
  assert.equal(cache.row(0), 'before', 'still shown');
  assert.deepEqual(cache.toFetch(0, 0, 100), [0], 'but fetched again');
  const refetch = cache.begin(0);
  assert.deepEqual(cache.toFetch(0, 0, 100), []);
  cache.complete(refetch, ['after']);
  assert.equal(cache.row(0), 'after');
});

test('a slow old reply does not overwrite a newer copy of the page', () => {
  const cache = new PageCache<string>(10, 100);
  const slow = cache.begin(0);
  cache.invalidate();
  const fast = cache.begin(0);
  cache.complete(fast, ['new']);
  assert.equal(cache.complete(slow, ['old']), false);
  assert.equal(cache.row(0), 'new');
});

test('a failed page can be fetched again', () => {
  const cache = new PageCache<string>(10, 100);
  const ticket = cache.begin(4);
  assert.deepEqual(cache.toFetch(40, 45, 100), []);
  cache.fail(ticket);
  assert.deepEqual(cache.toFetch(40, 45, 100), [4]);
});

test('eviction keeps the pages nearest the view', () => {
  const cache = new PageCache<number>(10, 3);
  for (const page of [0, 1, 2, 3, 4, 5]) cache.complete(cache.begin(page), [page]);
  cache.evict(4);
  assert.equal(cache.size, 3);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].filter((page) => cache.row(page * 10) !== undefined),
    [3, 4, 5],
  );
});
