import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CANONICAL_LABELS,
  isEmotionLabel,
  normaliseLabelName,
} from '../../../training/datasets/labels.ts';

test('the canonical labels are the eight RAVDESS classes plus boredom', () => {
  assert.deepEqual(
    [...CANONICAL_LABELS],
    ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised', 'boredom'],
  );
});

test('isEmotionLabel accepts canonical labels only, exactly as spelled', () => {
  for (const label of CANONICAL_LABELS) assert.equal(isEmotionLabel(label), true, label);
  for (const other of ['Angry', 'anger', 'fear', '', 'excited', 'toString']) {
    assert.equal(isEmotionLabel(other), false, other);
  }
});

test('normaliseLabelName maps common spellings to canonical labels', () => {
  const table: [string, string][] = [
    ['Angry', 'angry'],
    ['ANGRY', 'angry'],
    ['ang', 'angry'],
    ['ANG', 'angry'],
    ['anger', 'angry'],
    ['fear', 'fearful'],
    ['Fear', 'fearful'],
    ['FEA', 'fearful'],
    ['afraid', 'fearful'],
    ['happiness', 'happy'],
    ['hap', 'happy'],
    ['joy', 'happy'],
    ['surprise', 'surprised'],
    ['ps', 'surprised'],
    ['Pleasant_surprise', 'surprised'],
    ['pleasant-surprised', 'surprised'],
    ['pleasant  surprised', 'surprised'],
    [' Neutral ', 'neutral'],
    ['neu', 'neutral'],
    ['calmness', 'calm'],
    ['sadness', 'sad'],
    ['disgusted', 'disgust'],
    ['DIS', 'disgust'],
    ['bored', 'boredom'],
    ['Boredom', 'boredom'],
  ];
  for (const [input, expected] of table) assert.equal(normaliseLabelName(input), expected, input);
  for (const label of CANONICAL_LABELS) assert.equal(normaliseLabelName(label), label);
});

test('normaliseLabelName refuses to guess', () => {
  // Single letters are corpus-specific (SAVEE "a" = anger, EmoDB "A" = fear); object keys
  // like "constructor" must not leak through a lookup table.
  for (const input of [
    'a',
    'A',
    'n',
    'excited',
    'frustrated',
    'contempt',
    '',
    '  ',
    'constructor',
    'toString',
    'angry1',
  ]) {
    assert.equal(normaliseLabelName(input), undefined, JSON.stringify(input));
  }
});
