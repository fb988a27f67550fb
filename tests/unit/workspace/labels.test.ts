import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';
import type { EmotionLabel } from '../../../training/datasets/labels.ts';
import { SeededRandom } from '../../../training/random.ts';
import type { LabelEvent } from '../../../electron/services/workspace/types.ts';
import { importClips, makeClip, openTempWorkspace, steppingClock } from './make-workspace.ts';

const X = makeClip(1).sha256;
const Y = makeClip(2).sha256;

/** clipId → label of the given current events, for compact assertions. */
function labelsByClip(events: LabelEvent[]): Record<string, EmotionLabel | null> {
  return Object.fromEntries(events.map((e) => [e.clipId, e.label]));
}

test('appendLabel returns the stored event, stamped in ISO ms, with increasing ids', async (t) => {
  const clock = steppingClock(Date.UTC(2026, 4, 6, 7, 8, 9, 10));
  const { store } = await openTempWorkspace(t, { now: clock });
  importClips(store, [makeClip(1)]);
  const first = store.appendLabel({
    clipId: X,
    annotator: '  ann ',
    label: 'happy',
    intensity: 'high',
    note: 'laughs, then "sighs"\nsecond line',
    flags: ['ambiguous', 'noisy', 'ambiguous'],
    reason: 'first pass',
  });
  const second = store.appendLabel({ clipId: X, annotator: 'ann', label: null });

  assert.equal(first.annotator, 'ann', 'annotator is trimmed');
  assert.deepEqual(first.flags, ['ambiguous', 'noisy'], 'flags deduplicated, order kept');
  assert.match(first.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(first.createdAt.startsWith('2026-05-06T07:08:09.'));
  assert.ok(second.id > first.id);
  assert.equal(second.label, null);
  assert.deepEqual(second.flags, []);
  assert.equal('note' in second, false, 'absent fields are absent, not undefined');
  assert.deepEqual(store.clipHistory(X), [first, second], 'what was returned is what is stored');
});

test('undo appends an event restoring the previous label; relabelling is the redo', async (t) => {
  const { store } = await openTempWorkspace(t);
  importClips(store, [makeClip(1)]);
  const happy = store.appendLabel({ clipId: X, annotator: 'ann', label: 'happy', note: 'first' });
  const sad = store.appendLabel({ clipId: X, annotator: 'ann', label: 'sad', flags: ['noisy'] });

  const undo = store.undoLast('ann');
  assert.ok(undo);
  assert.equal(undo.undoOf, sad.id);
  assert.equal(undo.label, 'happy');
  assert.equal(undo.note, 'first', 'the whole previous state comes back, not just the label');
  assert.deepEqual(undo.flags, []);
  assert.equal(undo.reason, 'undo');
  assert.deepEqual(labelsByClip(store.currentLabels('ann')), { [X]: 'happy' });

  const redo = store.appendLabel({ clipId: X, annotator: 'ann', label: 'sad', flags: ['noisy'] });
  assert.deepEqual(labelsByClip(store.currentLabels('ann')), { [X]: 'sad' });
  assert.equal(store.currentLabels('ann')[0].id, redo.id);

  assert.deepEqual(
    store.clipHistory(X).map((e) => [e.id, e.label, e.undoOf ?? null]),
    [
      [happy.id, 'happy', null],
      [sad.id, 'sad', null],
      [undo.id, 'happy', sad.id],
      [redo.id, 'sad', null],
    ],
    'history keeps every step, oldest first',
  );
});

test('repeated undo walks back through the annotator’s events across clips, then runs out', async (t) => {
  const { store } = await openTempWorkspace(t);
  importClips(store, [makeClip(1), makeClip(2)]);
  const x1 = store.appendLabel({ clipId: X, annotator: 'ann', label: 'happy' });
  const y1 = store.appendLabel({ clipId: Y, annotator: 'ann', label: 'angry' });
  const x2 = store.appendLabel({ clipId: X, annotator: 'ann', label: 'calm' });

  assert.equal(store.undoLast('ann')?.undoOf, x2.id);
  assert.deepEqual(labelsByClip(store.currentLabels('ann')), { [X]: 'happy', [Y]: 'angry' });
  const undoY = store.undoLast('ann');
  assert.equal(undoY?.undoOf, y1.id);
  assert.equal(undoY?.label, null, 'Y had no label before y1');
  assert.deepEqual(labelsByClip(store.currentLabels('ann')), { [X]: 'happy' });
  assert.equal(store.undoLast('ann')?.undoOf, x1.id);
  assert.deepEqual(store.currentLabels('ann'), []);
  assert.equal(store.undoLast('ann'), undefined, 'nothing left to undo');
  assert.equal(store.undoLast('nobody'), undefined);
  assert.equal(store.clipHistory(X).length + store.clipHistory(Y).length, 6);
});

test('current label per annotator vs anyone; one annotator’s undo leaves another’s label', async (t) => {
  const { store } = await openTempWorkspace(t);
  importClips(store, [makeClip(1), makeClip(2)]);
  store.appendLabel({ clipId: X, annotator: 'ann', label: 'happy' });
  store.appendLabel({ clipId: X, annotator: 'bob', label: 'sad' });
  store.appendLabel({ clipId: Y, annotator: 'bob', label: 'fearful' });
  store.appendLabel({ clipId: X, annotator: 'ann', label: 'angry' });

  assert.deepEqual(labelsByClip(store.currentLabels('ann')), { [X]: 'angry' });
  assert.deepEqual(labelsByClip(store.currentLabels('bob')), { [X]: 'sad', [Y]: 'fearful' });
  assert.deepEqual(labelsByClip(store.currentLabels()), { [X]: 'angry', [Y]: 'fearful' });

  store.undoLast('ann');
  assert.deepEqual(labelsByClip(store.currentLabels('ann')), { [X]: 'happy' });
  assert.deepEqual(
    labelsByClip(store.currentLabels()),
    { [X]: 'sad', [Y]: 'fearful' },
    'as if ann’s undone event never happened, bob’s later label is the latest',
  );
  store.undoLast('ann');
  assert.deepEqual(labelsByClip(store.currentLabels('ann')), {});
  assert.deepEqual(labelsByClip(store.currentLabels('bob')), { [X]: 'sad', [Y]: 'fearful' });

  store.appendLabel({ clipId: Y, annotator: 'ann', label: null });
  assert.deepEqual(
    labelsByClip(store.currentLabels()),
    { [X]: 'sad', [Y]: null },
    'a clear is a label event too',
  );
});

type State = Pick<LabelEvent, 'label' | 'intensity' | 'note' | 'flags'>;

/**
 * An independent model of the semantics: each annotator has an undo stack of (event,
 * state before it); undo pops and restores. "Anyone" is the latest event not taken back.
 */
class ReferenceModel {
  readonly states = new Map<string, Map<string, State>>();
  private readonly stacks = new Map<string, { id: number; clipId: string; before?: State }[]>();
  readonly live: { id: number; clipId: string; state: State }[] = [];

  append(annotator: string, id: number, clipId: string, state: State): void {
    const states = this.statesOf(annotator);
    const stack = this.stacks.get(annotator) ?? [];
    this.stacks.set(annotator, stack);
    stack.push({ id, clipId, before: states.get(clipId) });
    states.set(clipId, state);
    this.live.push({ id, clipId, state });
  }

  undo(annotator: string): { undoOf: number; restored: State | undefined } | undefined {
    const top = this.stacks.get(annotator)?.pop();
    if (top === undefined) return undefined;
    const states = this.statesOf(annotator);
    if (top.before === undefined) states.delete(top.clipId);
    else states.set(top.clipId, top.before);
    this.live.splice(
      this.live.findIndex((e) => e.id === top.id),
      1,
    );
    return { undoOf: top.id, restored: top.before };
  }

  anyone(): Map<string, State> {
    const current = new Map<string, State>();
    for (const event of this.live) current.set(event.clipId, event.state);
    return current;
  }

  statesOf(annotator: string): Map<string, State> {
    const states = this.states.get(annotator) ?? new Map<string, State>();
    this.states.set(annotator, states);
    return states;
  }
}

function stateOf(event: LabelEvent): State {
  const state: State = { label: event.label, flags: event.flags };
  if (event.intensity !== undefined) state.intensity = event.intensity;
  if (event.note !== undefined) state.note = event.note;
  return state;
}

function asMap(events: LabelEvent[]): Map<string, State> {
  return new Map(events.map((e) => [e.clipId, stateOf(e)]));
}

test('random appends and undos by three annotators match an undo-stack model', async (t) => {
  const { store } = await openTempWorkspace(t);
  const clips = [1, 2, 3, 4].map((i) => makeClip(i));
  importClips(store, clips);
  const annotators = ['ann', 'bob', 'cy'];
  const random = new SeededRandom(20260101);
  const model = new ReferenceModel();
  let undos = 0;

  for (let step = 0; step < 240; step++) {
    const annotator = annotators[random.int(annotators.length)];
    if (random.next() < 0.35) {
      const expected = model.undo(annotator);
      const undo = store.undoLast(annotator);
      if (expected === undefined) {
        assert.equal(undo, undefined, `step ${step}`);
        continue;
      }
      undos++;
      assert.ok(undo, `step ${step}: an undo event`);
      assert.equal(undo.undoOf, expected.undoOf, `step ${step}: undoes the stack top`);
      assert.deepEqual(
        stateOf(undo),
        expected.restored ?? { label: null, flags: [] },
        `step ${step}`,
      );
    } else {
      const label =
        random.next() < 0.1 ? null : CANONICAL_LABELS[random.int(CANONICAL_LABELS.length)];
      const input = {
        clipId: clips[random.int(clips.length)].sha256,
        annotator,
        label,
        ...(random.next() < 0.3 ? { intensity: 'low' as const } : {}),
        ...(random.next() < 0.3 ? { note: `note ${step}` } : {}),
        flags: random.next() < 0.3 ? ['ambiguous'] : [],
      };
      const event = store.appendLabel(input);
      model.append(annotator, event.id, input.clipId, stateOf(event));
    }
    for (const who of annotators) {
      assert.deepEqual(
        asMap(store.currentLabels(who)),
        model.statesOf(who),
        `step ${step}, ${who}`,
      );
    }
    assert.deepEqual(asMap(store.currentLabels()), model.anyone(), `step ${step}, anyone`);
  }
  assert.ok(undos > 30, `the walk exercised undo (${undos} undos)`);
});
