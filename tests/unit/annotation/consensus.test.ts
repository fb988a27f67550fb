/**
 * consensusOf on hand-built vote lists: every status, the counts it reports, canonical order
 * of tied labels, and that cleared (null) votes never count.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consensusOf } from '../../../electron/services/annotation/consensus.ts';

describe('consensusOf', () => {
  it("no votes, or only cleared ones, is 'none'", () => {
    const empty = { label: null, status: 'none', votes: 0, agreeing: 0, tied: [] };
    assert.deepEqual(consensusOf([]), empty);
    assert.deepEqual(consensusOf([null, null]), empty);
  });

  it("one vote is 'single', whatever the cleared votes around it", () => {
    assert.deepEqual(consensusOf([null, 'sad', null]), {
      label: 'sad',
      status: 'single',
      votes: 1,
      agreeing: 1,
      tied: ['sad'],
    });
  });

  it("two or more equal votes are 'unanimous'", () => {
    assert.deepEqual(consensusOf(['angry', 'angry', null, 'angry']), {
      label: 'angry',
      status: 'unanimous',
      votes: 3,
      agreeing: 3,
      tied: ['angry'],
    });
  });

  it("a strict plurality (3 vs 1 vs 1) is 'majority'", () => {
    assert.deepEqual(consensusOf(['happy', 'calm', 'happy', 'neutral', 'happy']), {
      label: 'happy',
      status: 'majority',
      votes: 5,
      agreeing: 3,
      tied: ['happy'],
    });
  });

  it('a plurality short of half still wins (2 vs 1 vs 1)', () => {
    const c = consensusOf(['fearful', 'sad', 'fearful', 'angry']);
    assert.equal(c.status, 'majority');
    assert.equal(c.label, 'fearful');
    assert.equal(c.agreeing, 2);
    assert.equal(c.votes, 4);
  });

  it("2 vs 2 is a 'tie' with no winner, the tied labels in canonical order", () => {
    // surprised comes after sad in CANONICAL_LABELS even though it was voted first.
    assert.deepEqual(consensusOf(['surprised', 'sad', 'surprised', 'sad']), {
      label: null,
      status: 'tie',
      votes: 4,
      agreeing: 2,
      tied: ['sad', 'surprised'],
    });
  });

  it("1 vs 1 is a 'tie'; a lower count beside the tie is not listed", () => {
    assert.deepEqual(consensusOf(['boredom', 'neutral']), {
      label: null,
      status: 'tie',
      votes: 2,
      agreeing: 1,
      tied: ['neutral', 'boredom'],
    });
    const threeWay = consensusOf(['disgust', 'angry', 'disgust', 'angry', 'calm']);
    assert.equal(threeWay.status, 'tie');
    assert.deepEqual(threeWay.tied, ['angry', 'disgust']);
    assert.equal(threeWay.votes, 5);
  });

  it('cleared votes are ignored: they neither break nor make a tie', () => {
    assert.equal(consensusOf(['happy', null, 'sad', null, 'happy']).status, 'majority');
    assert.equal(consensusOf(['happy', null, 'sad']).status, 'tie');
    assert.equal(consensusOf(['happy', null, 'sad', null, 'happy']).votes, 3);
  });
});
