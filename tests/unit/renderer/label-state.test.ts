import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClipFilter, LabelEvent } from '../../../electron/contract.ts';
import {
  AMBIGUOUS_FLAG,
  applyChange,
  changeProblem,
  displayedCurrent,
  filterDependsOnLabels,
  historyRows,
  liveEventOf,
  reasonProblem,
  sameState,
  stateOf,
  toLabelInput,
  undoneChange,
} from '../../../renderer/src/lib/label-state.ts';
import type { LabelState } from '../../../renderer/src/lib/label-state.ts';

const CLIP = 'a'.repeat(64);
let nextId = 1;
function event(fields: Partial<LabelEvent> & Pick<LabelEvent, 'annotator'>): LabelEvent {
  const id = fields.id ?? nextId++;
  return {
    id,
    clipId: CLIP,
    label: null,
    flags: [],
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(),
    ...fields,
  };
}

describe('liveEventOf', () => {
  it('is the annotator’s latest event that is neither an undo nor undone', () => {
    const first = event({ id: 1, annotator: 'ann', label: 'happy' });
    const second = event({ id: 2, annotator: 'ann', label: 'angry', intensity: 'high' });
    const other = event({ id: 3, annotator: 'bob', label: 'sad' });
    const undo = event({ id: 4, annotator: 'ann', label: 'happy', undoOf: 2, reason: 'undo' });
    const history = [first, second, other, undo];
    assert.equal(liveEventOf(history, 'ann')?.id, 1);
    assert.equal(liveEventOf(history, 'bob')?.id, 3);
    assert.equal(liveEventOf(history.slice(0, 2), 'ann')?.id, 2);
    assert.equal(liveEventOf(history, 'carol'), undefined);
  });

  it('is undefined when every event was undone', () => {
    const history = [
      event({ id: 10, annotator: 'ann', label: 'calm' }),
      event({ id: 11, annotator: 'ann', label: null, undoOf: 10 }),
    ];
    assert.equal(liveEventOf(history, 'ann'), undefined);
  });
});

describe('applyChange keeps what a change does not touch', () => {
  const base: LabelState = stateOf(
    event({
      annotator: 'ann',
      label: 'happy',
      intensity: 'high',
      flags: ['noisy'],
      note: 'laughs',
    }),
  );

  it('setting a label keeps intensity, flags and note', () => {
    const next = applyChange(base, { kind: 'label', label: 'angry' });
    assert.deepEqual(next, { label: 'angry', intensity: 'high', flags: ['noisy'], note: 'laughs' });
    assert.equal(base.label, 'happy', 'the old state is not mutated');
  });

  it('intensity keeps the label', () => {
    assert.deepEqual(applyChange(base, { kind: 'intensity', intensity: 'medium' }), {
      label: 'happy',
      intensity: 'medium',
      flags: ['noisy'],
      note: 'laughs',
    });
  });

  it('the ambiguous flag toggles on and off, other flags stay', () => {
    const on = applyChange(base, { kind: 'toggleFlag', flag: AMBIGUOUS_FLAG });
    assert.deepEqual(on.flags, ['noisy', 'ambiguous']);
    assert.equal(on.label, 'happy');
    const off = applyChange(on, { kind: 'toggleFlag', flag: AMBIGUOUS_FLAG });
    assert.deepEqual(off.flags, ['noisy']);
    assert.equal(base.flags.length, 1, 'the old flags array is not mutated');
  });

  it('a note is trimmed, and an empty note removes it', () => {
    assert.equal(applyChange(base, { kind: 'note', note: '  cut off  ' }).note, 'cut off');
    const cleared = applyChange(base, { kind: 'note', note: '   ' });
    assert.equal('note' in cleared, false);
    assert.equal(cleared.label, 'happy');
  });
});

describe('changeProblem', () => {
  it('refuses an intensity without a label', () => {
    const empty: LabelState = { label: null, flags: [] };
    assert.match(
      changeProblem(empty, { kind: 'intensity', intensity: 'high' }) ?? '',
      /label first/,
    );
    assert.equal(changeProblem(empty, { kind: 'toggleFlag', flag: AMBIGUOUS_FLAG }), null);
    assert.equal(
      changeProblem({ label: 'sad', flags: [] }, { kind: 'intensity', intensity: 'high' }),
      null,
    );
  });
});

describe('toLabelInput', () => {
  it('sends the whole state and omits absent optional fields', () => {
    assert.deepEqual(toLabelInput(CLIP, 'ann', { label: 'sad', flags: [] }), {
      clipId: CLIP,
      annotator: 'ann',
      label: 'sad',
      flags: [],
    });
    assert.deepEqual(
      toLabelInput(CLIP, 'ann', {
        label: 'sad',
        intensity: 'high',
        flags: ['ambiguous'],
        note: 'x',
      }),
      {
        clipId: CLIP,
        annotator: 'ann',
        label: 'sad',
        intensity: 'high',
        flags: ['ambiguous'],
        note: 'x',
      },
    );
  });
});

describe('toLabelInput with a reason', () => {
  it('sends a trimmed reason with the whole state, and leaves a blank one out', () => {
    const state: LabelState = { label: 'angry', intensity: 'high', flags: ['ambiguous'], note: 'n' };
    assert.deepEqual(toLabelInput(CLIP, 'ann', state, '  shouting, not happy '), {
      clipId: CLIP,
      annotator: 'ann',
      label: 'angry',
      intensity: 'high',
      flags: ['ambiguous'],
      note: 'n',
      reason: 'shouting, not happy',
    });
    assert.equal('reason' in toLabelInput(CLIP, 'ann', state, '   '), false);
    assert.equal('reason' in toLabelInput(CLIP, 'ann', state), false);
  });
});

describe('reasonProblem', () => {
  it('asks for a label before a reason', () => {
    assert.match(reasonProblem({ label: null, flags: ['ambiguous'] }) ?? '', /label first/);
    assert.equal(reasonProblem({ label: 'sad', flags: [] }), null);
  });
});

describe('sameState', () => {
  it('compares every field', () => {
    const a: LabelState = { label: 'sad', flags: ['ambiguous'] };
    assert.equal(sameState(a, { label: 'sad', flags: ['ambiguous'] }), true);
    assert.equal(sameState(a, { label: 'sad', flags: [] }), false);
    assert.equal(sameState(a, { label: 'sad', flags: ['ambiguous'], intensity: 'high' }), false);
    assert.equal(sameState(a, { label: 'sad', flags: ['ambiguous'], note: '' }), true);
    assert.equal(sameState(a, { label: 'happy', flags: ['ambiguous'] }), false);
  });
});

describe('historyRows', () => {
  it('lists newest first, shows undos as "undo" and marks undone events', () => {
    const history = [
      event({ id: 20, annotator: 'ann', label: 'happy', intensity: 'high', flags: ['ambiguous'] }),
      event({ id: 21, annotator: 'ann', label: 'angry' }),
      event({
        id: 22,
        annotator: 'ann',
        label: 'happy',
        intensity: 'high',
        flags: ['ambiguous'],
        undoOf: 21,
      }),
    ];
    const rows = historyRows(history);
    assert.deepEqual(
      rows.map((row) => [row.id, row.what, row.undone]),
      [
        [22, 'undo', false],
        [21, 'angry', true],
        [20, 'happy', false],
      ],
    );
    assert.deepEqual(rows[0].details, ['took back angry', 'back to happy']);
    assert.deepEqual(rows[2].details, ['strong', 'ambiguous']);
    assert.equal(rows[0].label, null);
  });

  it('shows a relabel’s reason, but not the store’s "undo" reason of an undo', () => {
    const rows = historyRows([
      event({ id: 50, annotator: 'ann', label: 'happy' }),
      event({ id: 51, annotator: 'ann', label: 'sad', reason: 'sighs at the end' }),
      event({ id: 52, annotator: 'ann', label: 'happy', undoOf: 51, reason: 'undo' }),
    ]);
    assert.deepEqual(rows[1].details, ['reason: sighs at the end']);
    assert.equal(rows[0].details.some((detail) => detail.includes('reason')), false);
  });

  it('calls a cleared label "no label"', () => {
    const rows = historyRows([event({ id: 30, annotator: 'ann', label: null, note: 'silence' })]);
    assert.equal(rows[0].what, 'no label');
    assert.deepEqual(rows[0].details, ['“silence”']);
  });
});

describe('displayedCurrent', () => {
  const someoneElse = event({ id: 40, annotator: 'bob', label: 'fearful' });

  it('prefers the annotator’s own state', () => {
    const own: LabelState = { label: 'calm', flags: [] };
    assert.deepEqual(displayedCurrent({ current: someoneElse }, own, 'ann'), {
      state: own,
      by: null,
    });
  });

  it('shows another annotator’s label, named, when the annotator has none', () => {
    const shown = displayedCurrent({ current: someoneElse }, { label: null, flags: [] }, 'ann');
    assert.equal(shown.by, 'bob');
    assert.equal(shown.state.label, 'fearful');
  });

  it('shows nothing when nobody labelled the clip', () => {
    const shown = displayedCurrent({}, { label: null, flags: [] }, 'ann');
    assert.deepEqual(shown, { state: { label: null, flags: [] }, by: null });
  });
});

describe('filterDependsOnLabels', () => {
  it('is true for filters a new label can change', () => {
    assert.equal(filterDependsOnLabels({}), false);
    assert.equal(filterDependsOnLabels({ search: '' }), false);
    assert.equal(filterDependsOnLabels({ labeled: false }), true);
    assert.equal(filterDependsOnLabels({ label: 'sad' }), true);
    assert.equal(filterDependsOnLabels({ flagged: true }), true);
    assert.equal(filterDependsOnLabels({ search: 'noisy' }), true);
  });

  it('is true for every review queue (a relabel can take the clip out)', () => {
    for (const review of ['model-disagrees', 'uncertain', 'annotators-disagree', 'flagged']) {
      assert.equal(filterDependsOnLabels({ review }), true, review);
    }
    const narrowed: Omit<ClipFilter, 'offset' | 'limit'> = { speaker: '01', dataset: 'ravdess' };
    assert.equal(filterDependsOnLabels(narrowed), false);
  });
});

describe('undoneChange', () => {
  it('names what the undo took back: the label, else the intensity, the note, a flag', () => {
    const undone = (fields: Partial<LabelEvent>) => event({ annotator: 'ann', label: 'surprised', ...fields });
    const restored = (fields: Partial<LabelState>): LabelState => ({ label: 'surprised', flags: [], ...fields });
    assert.equal(undoneChange(undone({}), restored({ label: 'sad' })), 'surprised');
    assert.equal(undoneChange(undone({ label: null }), restored({})), 'no label');
    assert.equal(undoneChange(undone({ intensity: 'high' }), restored({})), 'the intensity strong');
    assert.equal(undoneChange(undone({ note: 'laughs at the end' }), restored({})), 'the note');
    assert.equal(undoneChange(undone({ flags: ['ambiguous'] }), restored({})), 'the ambiguous flag');
    assert.equal(undoneChange(undone({}), restored({ flags: ['noisy'] })), 'the noisy flag');
    assert.equal(undoneChange(undone({ reason: 'filed wrongly' }), restored({})), 'the reason');
  });
});
