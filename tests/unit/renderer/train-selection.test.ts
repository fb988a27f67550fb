import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrainingPreview } from '../../../electron/contract.ts';
import {
  excludedReasons,
  formProblem,
  initialForm,
  offeredBy,
  labelCounts,
  offeredSpeakers,
  parseWhole,
  previewRequest,
  restoreForm,
  selectionOf,
  speakerGroups,
  speakerShortName,
  speakerSummary,
  startBlocker,
  startRequest,
  toggleAll,
} from '../../../renderer/src/lib/train-selection.ts';
import type { TrainForm, TrainingOptions } from '../../../renderer/src/lib/train-selection.ts';

const OPTIONS: TrainingOptions = {
  datasets: [
    { dataset: 'ravdess', clips: 40 },
    { dataset: 'folder', clips: 24 },
  ],
  speakers: [
    { speaker: 'r10', dataset: 'ravdess', gender: 'female', clips: 10 },
    { speaker: 'r2', dataset: 'ravdess', gender: 'male', clips: 10 },
    { speaker: 'r1', dataset: 'ravdess', gender: 'male', clips: 20 },
    { speaker: 'enm1', dataset: 'folder', clips: 12 },
    { speaker: 'enf3', dataset: 'folder', gender: 'female', clips: 12 },
  ],
  defaults: { architecture: 'cnn', epochs: 40, folds: 5 },
};

function preview(patch: Partial<TrainingPreview> = {}): TrainingPreview {
  return {
    clips: 64,
    speakers: 5,
    byLabel: { angry: 16, sad: 20, happy: 16, neutral: 0 },
    excluded: { cleared: 0, unresolved: 0, unreviewed: 0 },
    relabeled: 0,
    problem: null,
    ...patch,
  };
}

function form(patch: Partial<TrainForm> = {}): TrainForm {
  return { ...initialForm(OPTIONS), ...patch };
}

describe('train-selection', () => {
  it('starts with everything chosen and the back end defaults', () => {
    const f = initialForm(OPTIONS);
    assert.deepEqual(f.datasets, ['ravdess', 'folder']);
    assert.equal(f.speakers.length, 5);
    assert.equal(f.architecture, 'cnn');
    assert.equal(f.epochs, '40');
    assert.equal(f.folds, '5');
  });

  it('restores a kept form with what was imported since chosen, and unchecked choices kept', () => {
    const then = offeredBy(OPTIONS);
    const saved = form({ datasets: ['ravdess'], speakers: ['r1', 'r2'], epochs: '7' });
    const later: TrainingOptions = {
      ...OPTIONS,
      datasets: [...OPTIONS.datasets, { dataset: 'tess', clips: 5 }],
      speakers: [...OPTIONS.speakers, { speaker: 'r3', dataset: 'ravdess', clips: 4 }, { speaker: 'tess-a', dataset: 'tess', clips: 5 }],
    };
    const restored = restoreForm(saved, then, later);
    assert.deepEqual(restored.datasets, ['ravdess', 'tess']);
    assert.deepEqual(restored.speakers, ['r1', 'r2', 'r3', 'tess-a']);
    assert.equal(restored.epochs, '7');
  });

  it('groups speakers by chosen dataset, numerically sorted', () => {
    const groups = speakerGroups(OPTIONS, ['ravdess', 'folder']);
    assert.deepEqual(groups.map((g) => g.name), ['RAVDESS', 'Label folders']);
    assert.deepEqual(groups[0].speakers.map((s) => s.speaker), ['r1', 'r2', 'r10']);
    assert.deepEqual(speakerGroups(OPTIONS, ['folder']).map((g) => g.dataset), ['folder']);
    assert.deepEqual(offeredSpeakers(OPTIONS, ['folder']).sort(), ['enf3', 'enm1']);
  });

  it('sends "all" as no filter and a partial choice as a list', () => {
    assert.deepEqual(selectionOf(form(), OPTIONS), { labelSource: 'current', onlyReviewed: false });
    const partial = selectionOf(form({ datasets: ['folder'], labelSource: 'consensus', onlyReviewed: true }), OPTIONS);
    // Every speaker of the one dataset chosen: no speaker filter, only the dataset.
    assert.deepEqual(partial, { datasets: ['folder'], labelSource: 'consensus', onlyReviewed: true });
    const someSpeakers = selectionOf(form({ speakers: ['r2', 'enm1', 'r1'] }), OPTIONS);
    assert.deepEqual(someSpeakers?.speakers, ['enm1', 'r1', 'r2']);
    assert.equal(someSpeakers?.datasets, undefined);
  });

  it('drops speakers of unchosen datasets and never sends an empty list', () => {
    const sel = selectionOf(form({ datasets: ['ravdess'], speakers: ['r1', 'enm1'] }), OPTIONS);
    assert.deepEqual(sel, { datasets: ['ravdess'], speakers: ['r1'], labelSource: 'current', onlyReviewed: false });
    assert.equal(selectionOf(form({ datasets: [] }), OPTIONS), null);
    assert.equal(selectionOf(form({ datasets: ['ravdess'], speakers: ['enm1'] }), OPTIONS), null);
  });

  it('toggles a group of speakers on and off', () => {
    assert.deepEqual(toggleAll(['a', 'c'], ['b', 'c'], true), ['a', 'b', 'c']);
    assert.deepEqual(toggleAll(['a', 'b', 'c'], ['b', 'c'], false), ['a']);
  });

  it('drops the dataset prefix from speaker names inside their group', () => {
    assert.equal(speakerShortName('folder-enm1', 'folder'), 'enm1');
    assert.equal(speakerShortName('ravdess-03', 'ravdess'), '03');
    assert.equal(speakerShortName('enm1', 'folder'), 'enm1');
    assert.equal(speakerShortName('folder-', 'folder'), 'folder-');
  });

  it('summarises the speaker choice', () => {
    assert.equal(speakerSummary(['a', 'b'], ['a', 'b']), 'All 2 speakers');
    assert.equal(speakerSummary(['a', 'z'], ['a', 'b', 'c']), '1 of 3 speakers');
    assert.equal(speakerSummary([], []), 'No speakers');
  });

  it('parses whole numbers within a range only', () => {
    assert.equal(parseWhole(' 12 ', [1, 200]), 12);
    assert.equal(parseWhole('0', [1, 200]), null);
    assert.equal(parseWhole('201', [1, 200]), null);
    assert.equal(parseWhole('2.5', [1, 200]), null);
    assert.equal(parseWhole('', [1, 200]), null);
  });

  it('names the first problem of the form', () => {
    assert.equal(formProblem(form(), OPTIONS), null);
    assert.match(formProblem(form({ datasets: [] }), OPTIONS) ?? '', /at least one dataset/);
    assert.match(formProblem(form({ speakers: [] }), OPTIONS) ?? '', /at least one speaker/);
    assert.match(formProblem(form({ epochs: '0' }), OPTIONS) ?? '', /Max epochs/);
    assert.match(formProblem(form({ folds: '11' }), OPTIONS) ?? '', /Folds/);
    assert.match(formProblem(form({ name: '-bad' }), OPTIONS) ?? '', /model name/);
    assert.equal(formProblem(form({ name: 'my-model_2.1' }), OPTIONS), null);
    assert.match(formProblem(form(), { ...OPTIONS, datasets: [], speakers: [] }) ?? '', /import a corpus/);
  });

  it('asks the preview with the folds typed, leaving them out while they are not valid', () => {
    assert.deepEqual(previewRequest(form({ folds: '3', datasets: ['folder'] }), OPTIONS), {
      datasets: ['folder'],
      labelSource: 'current',
      onlyReviewed: false,
      folds: 3,
    });
    assert.equal('folds' in (previewRequest(form({ folds: '1' }), OPTIONS) ?? {}), false);
    assert.equal(previewRequest(form({ datasets: [] }), OPTIONS), null);
  });

  it('builds the start request, trimming the name and omitting an empty one', () => {
    const request = startRequest(form({ epochs: '3', folds: '2', name: '  trial ', architecture: 'stats-mlp' }), OPTIONS);
    assert.deepEqual(request, {
      selection: { labelSource: 'current', onlyReviewed: false },
      architecture: 'stats-mlp',
      epochs: 3,
      folds: 2,
      name: 'trial',
    });
    assert.equal('name' in (startRequest(form(), OPTIONS) ?? {}), false);
    assert.equal(startRequest(form({ folds: 'x' }), OPTIONS), null);
  });

  it('explains why Start is blocked, most fundamental reason first', () => {
    const ready = { kind: 'ready', preview: preview() } as const;
    assert.match(startBlocker(form(), OPTIONS, ready, true) ?? '', /running/);
    assert.match(startBlocker(form({ epochs: '' }), OPTIONS, ready, false) ?? '', /Max epochs/);
    assert.match(startBlocker(form(), OPTIONS, { kind: 'loading' }, false) ?? '', /Counting/);
    assert.match(startBlocker(form(), OPTIONS, { kind: 'error', message: 'boom' }, false) ?? '', /boom/);
    assert.equal(
      startBlocker(form(), OPTIONS, { kind: 'ready', preview: preview({ problem: 'Too few speakers.' }) }, false),
      'Too few speakers.',
    );
    assert.equal(startBlocker(form({ folds: '3' }), OPTIONS, ready, false), null);
  });

  it('lists the reasons clips were left out and the labels largest first', () => {
    assert.deepEqual(excludedReasons(preview()), []);
    assert.deepEqual(excludedReasons(preview({ excluded: { cleared: 1, unresolved: 3, unreviewed: 0 } })), [
      '1 clip whose label an annotator cleared',
      '3 clips where annotators are tied',
    ]);
    assert.deepEqual(labelCounts(preview().byLabel), [
      { label: 'sad', clips: 20 },
      { label: 'angry', clips: 16 },
      { label: 'happy', clips: 16 },
    ]);
  });
});
