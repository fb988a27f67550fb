import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probabilityRows } from '../../../renderer/src/lib/label-probs.ts';
import { CANONICAL_LABELS } from '../../../training/datasets/labels.ts';

describe('probabilityRows', () => {
  it('orders rows by the canonical labels and marks the top class', () => {
    const rows = probabilityRows(
      { labels: ['sad', 'angry', 'neutral', 'happy'], probs: [0.1, 0.6, 0.2, 0.1] },
      CANONICAL_LABELS,
    );
    assert.deepEqual(
      rows.map((row) => [row.label, row.prob, row.top]),
      [
        ['neutral', 0.2, false],
        ['happy', 0.1, false],
        ['sad', 0.1, false],
        ['angry', 0.6, true],
      ],
    );
  });

  it('puts labels outside the order last and keeps exactly one top on ties', () => {
    const rows = probabilityRows(
      { labels: ['other', 'calm', 'sad'], probs: [0.4, 0.4, 0.2] },
      CANONICAL_LABELS,
    );
    assert.deepEqual(
      rows.map((row) => row.label),
      ['calm', 'sad', 'other'],
    );
    assert.equal(rows.filter((row) => row.top).length, 1);
    assert.equal(
      rows.find((row) => row.top)?.label,
      'other',
      'the first of the tied classes in model order',
    );
  });

  it('treats a missing probability as zero', () => {
    const rows = probabilityRows({ labels: ['calm', 'sad'], probs: [0.9] }, CANONICAL_LABELS);
    assert.deepEqual(
      rows.map((row) => row.prob),
      [0.9, 0],
    );
  });
});
