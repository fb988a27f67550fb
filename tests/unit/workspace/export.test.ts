import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { parse } from 'csv-parse/sync';
import { importClips, makeClip, openTempWorkspace, steppingClock } from './make-workspace.ts';

const CURRENT_HEADER = [
  'clipId',
  'path',
  'dataset',
  'speaker',
  'datasetLabel',
  'label',
  'intensity',
  'note',
  'flags',
  'annotator',
  'eventId',
  'labeledAt',
];
const HISTORY_HEADER = [
  'eventId',
  'clipId',
  'path',
  'annotator',
  'label',
  'intensity',
  'note',
  'flags',
  'reason',
  'createdAt',
  'undoOf',
];
const NOTE = 'said "no, never",\nthen laughed';

/** Three clips: 0 labelled by ann then bob, 1 labelled then undone, 2 labelled then cleared, 3 untouched. */
async function labelledWorkspace(t: TestContext) {
  const { store } = await openTempWorkspace(t, { now: steppingClock() });
  const clips = [0, 1, 2, 3].map((i) => makeClip(i, { path: `/corpus/a, "b"/clip-${i}.wav` }));
  importClips(store, clips);
  const events = [
    store.appendLabel({
      clipId: clips[0].sha256,
      annotator: 'ann',
      label: 'happy',
      intensity: 'high',
      note: NOTE,
      flags: ['ambiguous', 'noisy'],
    }),
    store.appendLabel({
      clipId: clips[1].sha256,
      annotator: 'ann',
      label: 'sad',
      reason: 'second pass',
    }),
  ];
  events.push(store.undoLast('ann') ?? assert.fail('undo'));
  events.push(store.appendLabel({ clipId: clips[2].sha256, annotator: 'bob', label: 'angry' }));
  events.push(store.appendLabel({ clipId: clips[2].sha256, annotator: 'bob', label: null }));
  events.push(store.appendLabel({ clipId: clips[0].sha256, annotator: 'bob', label: 'calm' }));
  return { store, clips, events };
}

test('exportCurrentLabels: labelled clips only, by path, same records in CSV and JSON', async (t) => {
  const { store, clips, events } = await labelledWorkspace(t);
  const json: unknown = JSON.parse(store.exportCurrentLabels('json', 'ann'));
  const expected = [
    {
      clipId: clips[0].sha256,
      path: clips[0].path,
      dataset: 'folder',
      speaker: clips[0].speaker,
      datasetLabel: clips[0].label,
      label: 'happy',
      intensity: 'high',
      note: NOTE,
      flags: ['ambiguous', 'noisy'],
      annotator: 'ann',
      eventId: events[0].id,
      labeledAt: events[0].createdAt,
    },
  ];
  assert.deepEqual(json, expected, 'clip 1 was undone: only clip 0 is ann’s');

  const csv: string[][] = parse(store.exportCurrentLabels('csv', 'ann'));
  assert.deepEqual(csv[0], CURRENT_HEADER);
  assert.deepEqual(csv.slice(1), [
    CURRENT_HEADER.map((column) => {
      const value = expected[0][column as keyof (typeof expected)[0]];
      return Array.isArray(value) ? value.join(';') : String(value);
    }),
  ]);

  const anyone = JSON.parse(store.exportCurrentLabels('json')) as {
    label: string;
    annotator: string;
  }[];
  assert.deepEqual(
    anyone.map((r) => [r.label, r.annotator]),
    [['calm', 'bob']],
    'clip 2 was cleared, clip 3 never labelled',
  );
  assert.deepEqual(JSON.parse(store.exportCurrentLabels('json', 'nobody')), []);
  assert.equal(store.exportCurrentLabels('csv', 'nobody'), `${CURRENT_HEADER.join(',')}\r\n`);
});

test('exportHistory: every event in order, undos pointing at what they undo', async (t) => {
  const { store, events } = await labelledWorkspace(t);
  const json = JSON.parse(store.exportHistory('json')) as Record<string, unknown>[];
  assert.deepEqual(
    json.map((r) => r.eventId),
    events.map((e) => e.id),
  );
  assert.deepEqual(Object.keys(json[0]), HISTORY_HEADER);
  assert.equal(json[2].undoOf, events[1].id);
  assert.equal(json[2].reason, 'undo');
  assert.equal(json[2].label, null);
  assert.equal(json[1].reason, 'second pass');
  assert.equal(json[4].label, null);
  assert.equal(json[0].note, NOTE);
  assert.equal(json[1].note, null, 'absent values are null, so every record has every column');

  const csv: string[][] = parse(store.exportHistory('csv'));
  assert.deepEqual(csv[0], HISTORY_HEADER);
  assert.equal(csv.length, events.length + 1);
  const records = csv
    .slice(1)
    .map((row) => Object.fromEntries(HISTORY_HEADER.map((h, i) => [h, row[i]])));
  assert.equal(records[0].note, NOTE, 'commas, quotes and newlines in notes survive');
  assert.equal(records[0].flags, 'ambiguous;noisy');
  assert.equal(records[0].path, '/corpus/a, "b"/clip-0.wav');
  assert.equal(records[2].undoOf, String(events[1].id));
  assert.equal(records[2].label, '', 'null is an empty field');
  assert.equal(records[3].createdAt, events[3].createdAt);
});
