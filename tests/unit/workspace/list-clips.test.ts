import assert from 'node:assert/strict';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import type { ClipFilter, NewClip } from '../../../electron/services/workspace/inputs.ts';
import { importClips, makeClip, openTempWorkspace } from './make-workspace.ts';

const N = 10_000;
/** The generated corpus, made once (each clip hashes its name). */
const CLIPS = Array.from({ length: N }, (_, i) => makeClip(i));

/** What the generated labelling below should leave as a clip's current event. */
interface Expected {
  clip: NewClip;
  order: number;
  label: EmotionLabel | null;
  flagged: boolean;
  note?: string;
}

/**
 * The labelling script, as data: ann labels every 4th clip (flags every 12th, a note with
 * LIKE wildcards every 400th), then bob labels every 10th 'angry', then ann clears the
 * clips numbered 4 mod 100.
 */
const annLabel = (i: number): EmotionLabel => CANONICAL_LABELS[(i / 4) % CANONICAL_LABELS.length];
const annNote = (i: number): string => (i % 400 === 0 ? `100% sure_really ${i}` : `note ${i}`);

function expectedCurrent(annotator: 'ann' | 'anyone'): Map<number, Expected> {
  const current = new Map<number, Expected>();
  let order = 0;
  const set = (i: number, label: EmotionLabel | null, flagged: boolean, note?: string) =>
    current.set(i, {
      clip: CLIPS[i],
      order: order++,
      label,
      flagged,
      ...(note === undefined ? {} : { note }),
    });
  for (let i = 0; i < N; i += 4) set(i, annLabel(i), i % 12 === 0, annNote(i));
  if (annotator === 'anyone') for (let i = 0; i < N; i += 10) set(i, 'angry', false);
  for (let i = 4; i < N; i += 100) set(i, null, false);
  return current;
}

/**
 * Run the labelling script. Written straight into label_events in one transaction: through
 * appendLabel each of the 3,600 events would wait for its own fsync (~15 s here), and the
 * schema's trigger maintains the current labels the same way for either writer.
 */
function label(dir: string, clips: NewClip[]): void {
  const db = new DatabaseSync(path.join(dir, 'workspace.db'));
  const insert = db.prepare(
    `INSERT INTO label_events (clip_id, annotator, label, note, flags, created_at)
     VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00.000Z')`,
  );
  db.exec('BEGIN');
  for (let i = 0; i < N; i += 4) {
    insert.run(
      clips[i].sha256,
      'ann',
      annLabel(i),
      annNote(i),
      i % 12 === 0 ? '["ambiguous"]' : '[]',
    );
  }
  for (let i = 0; i < N; i += 10) insert.run(clips[i].sha256, 'bob', 'angry', null, '[]');
  for (let i = 4; i < N; i += 100) insert.run(clips[i].sha256, 'ann', null, null, '[]');
  db.exec('COMMIT');
  db.close();
}

const ANN_CURRENT = expectedCurrent('ann');

interface RefRow {
  clip: NewClip;
  current?: Expected;
}

/** The filter, sort and page computed in plain JS over the generated data. */
function reference(
  filter: ClipFilter,
  expected: Map<number, Expected>,
): { total: number; ids: string[] } {
  const rows: (RefRow & { flagged: boolean })[] = CLIPS.map((clip, i) => ({
    clip,
    current: expected.get(i),
    // Anyone's flag stands while its annotator's current label carries it (only ann flags).
    flagged: (filter.annotator === undefined ? ANN_CURRENT.get(i) : expected.get(i))?.flagged ?? false,
  }));
  const search = filter.search?.toLowerCase();
  const matching = rows.filter(({ clip, current, flagged }) => {
    const currentLabel = current?.label ?? null;
    if (filter.label !== undefined && currentLabel !== filter.label) return false;
    if (filter.datasetLabel !== undefined && clip.label !== filter.datasetLabel) return false;
    if (filter.speaker !== undefined && clip.speaker !== filter.speaker) return false;
    if (filter.dataset !== undefined && clip.dataset !== filter.dataset) return false;
    if (filter.labeled !== undefined && (currentLabel !== null) !== filter.labeled) return false;
    if (filter.flagged !== undefined && flagged !== filter.flagged) return false;
    if (search !== undefined) {
      const fields = [clip.path, clip.speaker, clip.statement, current?.note];
      if (!fields.some((f) => f?.toLowerCase().includes(search))) return false;
    }
    return true;
  });
  const key = (row: RefRow): string | number | null => {
    switch (filter.sort ?? 'path') {
      case 'durationSec':
        return row.clip.durationSec;
      case 'datasetLabel':
        return row.clip.label;
      case 'label':
        return row.current?.label ?? null;
      case 'labeledAt':
        return row.current?.order ?? null;
      case 'speaker':
        return row.clip.speaker;
      default:
        return row.clip.path;
    }
  };
  // SQLite's order: NULL first, numbers before text, then by value; ties by path.
  const rank = (v: string | number | null): [number, string | number] =>
    v === null ? [0, 0] : typeof v === 'number' ? [1, v] : [2, v];
  const sign = filter.descending === true ? -1 : 1;
  matching.sort((a, b) => {
    const [ra, va] = rank(key(a));
    const [rb, vb] = rank(key(b));
    const byKey = ra !== rb ? ra - rb : va < vb ? -1 : va > vb ? 1 : 0;
    if (byKey !== 0) return sign * byKey;
    return sign * (a.clip.path < b.clip.path ? -1 : a.clip.path > b.clip.path ? 1 : 0);
  });
  return {
    total: matching.length,
    ids: matching.slice(filter.offset, filter.offset + filter.limit).map((r) => r.clip.sha256),
  };
}

test('listClips filters, sorts and pages 10,000 clips exactly like a plain-JS reference', async (t) => {
  const { store, dir } = await openTempWorkspace(t);
  importClips(store, CLIPS);
  label(dir, CLIPS);
  const expected = { ann: expectedCurrent('ann'), anyone: expectedCurrent('anyone') };

  const filters: ClipFilter[] = [
    { offset: 0, limit: 50 },
    { offset: 9_990, limit: 50 },
    { label: 'happy', offset: 0, limit: 100 },
    { annotator: 'ann', label: 'happy', offset: 20, limit: 100 },
    { annotator: 'ann', labeled: true, offset: 1_000, limit: 30 },
    { annotator: 'ann', labeled: false, offset: 5_000, limit: 30 },
    { labeled: true, flagged: true, offset: 0, limit: 1000 },
    { flagged: false, offset: 7_000, limit: 40 },
    { speaker: 'folder-3', dataset: 'folder', offset: 10, limit: 20 },
    { search: '100%', offset: 0, limit: 100 },
    { annotator: 'ann', search: '_REALLY', offset: 0, limit: 100 },
    { search: 'CLIP-0012', offset: 0, limit: 100 },
    { datasetLabel: 'sad', sort: 'durationSec', descending: true, offset: 37, limit: 25 },
    { annotator: 'ann', sort: 'label', offset: 7_400, limit: 50 },
    { sort: 'label', descending: true, offset: 0, limit: 50 },
    { annotator: 'bob', sort: 'labeledAt', descending: true, offset: 0, limit: 20 },
    { sort: 'speaker', offset: 499, limit: 3 },
    { dataset: 'ravdess', offset: 0, limit: 10 },
  ];
  for (const filter of filters) {
    const who =
      filter.annotator === 'ann'
        ? expected.ann
        : filter.annotator === undefined
          ? expected.anyone
          : undefined;
    const ref = who === undefined ? referenceForBob(filter) : reference(filter, who);
    const started = performance.now();
    const page = store.listClips(filter);
    t.diagnostic(
      `${JSON.stringify(filter)}: ${page.total} matches, ${(performance.now() - started).toFixed(1)} ms`,
    );
    assert.equal(page.total, ref.total, JSON.stringify(filter));
    assert.deepEqual(
      page.rows.map((r) => r.id),
      ref.ids,
      JSON.stringify(filter),
    );
  }
  assert.ok(
    store.listClips({ search: '100%', offset: 0, limit: 10 }).total === 0,
    'anyone: bob’s later label has no note',
  );
  assert.equal(
    store.listClips({ annotator: 'ann', search: '100%', offset: 0, limit: 100 }).total,
    N / 400,
  );
});

/** bob's current labels: every 10th clip 'angry', in labelling order. */
function referenceForBob(filter: ClipFilter): { total: number; ids: string[] } {
  const bob = new Map<number, Expected>();
  let order = 0;
  for (let i = 0; i < N; i += 10)
    bob.set(i, { clip: CLIPS[i], order: order++, label: 'angry', flagged: false });
  return reference(filter, bob);
}

test('listClips rows carry the current label of the scope and the dataset label', async (t) => {
  const { store } = await openTempWorkspace(t);
  const clips = [0, 1, 2].map((i) => makeClip(i));
  importClips(store, clips);
  const ann = store.appendLabel({
    clipId: clips[0].sha256,
    annotator: 'ann',
    label: 'calm',
    flags: ['noisy'],
  });
  const bob = store.appendLabel({ clipId: clips[0].sha256, annotator: 'bob', label: 'sad' });

  const anyone = store.listClips({ offset: 0, limit: 10 }).rows;
  assert.deepEqual(anyone[0].current, bob);
  assert.equal(anyone[0].datasetLabel, clips[0].label);
  assert.equal(anyone[1].current, undefined);
  assert.deepEqual(store.listClips({ annotator: 'ann', offset: 0, limit: 1 }).rows[0].current, ann);
});

test('paging through every clip visits each exactly once, in order', async (t) => {
  const { store } = await openTempWorkspace(t);
  const clips = Array.from({ length: 2_345 }, (_, i) => makeClip(i));
  importClips(store, clips);
  for (const sort of ['path', 'durationSec', 'speaker'] as const) {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = store.listClips({ sort, offset, limit: 500 });
      assert.equal(page.total, clips.length);
      if (page.rows.length === 0) break;
      seen.push(...page.rows.map((r) => r.id));
    }
    assert.equal(seen.length, clips.length, sort);
    assert.equal(new Set(seen).size, clips.length, `${sort}: no clip twice`);
  }
});

test('countsByLabel counts current labels per scope; every clip is counted once', async (t) => {
  const { store } = await openTempWorkspace(t);
  const clips = Array.from({ length: 40 }, (_, i) => makeClip(i));
  importClips(store, clips);
  for (let i = 0; i < 12; i++) {
    store.appendLabel({
      clipId: clips[i].sha256,
      annotator: 'ann',
      label: i < 5 ? 'happy' : 'sad',
    });
  }
  store.appendLabel({ clipId: clips[0].sha256, annotator: 'bob', label: 'boredom' });
  store.appendLabel({ clipId: clips[30].sha256, annotator: 'bob', label: 'boredom' });
  store.appendLabel({ clipId: clips[11].sha256, annotator: 'ann', label: null });

  const ann = store.countsByLabel('ann');
  assert.equal(ann.byLabel.happy, 5);
  assert.equal(ann.byLabel.sad, 6);
  assert.equal(ann.byLabel.boredom, 0);
  assert.equal(ann.unlabeled, 29);
  assert.equal(ann.total, 40);
  assert.deepEqual(Object.keys(ann.byLabel), [...CANONICAL_LABELS]);

  const anyone = store.countsByLabel();
  assert.deepEqual([anyone.byLabel.happy, anyone.byLabel.sad, anyone.byLabel.boredom], [4, 6, 2]);
  assert.equal(anyone.unlabeled, 28);
  const sum = Object.values(anyone.byLabel).reduce((a, b) => a + b, 0) + anyone.unlabeled;
  assert.equal(sum, anyone.total);
});
