import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveUpdate } from '../../../electron/contract.ts';
import {
  LiveTrack,
  meterView,
  nextHints,
  sameHintList,
  toneSegments,
  topTones,
} from '../../../renderer/src/lib/practice-live.ts';
import type { LivePoint, ShownHint } from '../../../renderer/src/lib/practice-live.ts';

function update(t: number, patch: Partial<LiveUpdate> = {}): LiveUpdate {
  return {
    t,
    speech: true,
    tone: { label: 'calm', confidence: 0.7, probs: [0.1, 0.7, 0.2], dominantForSec: 3 },
    pitchHz: 150,
    pitchVariationSt: 2,
    loudnessDbfs: -20,
    syllablesPerSec: 3.5,
    wordsPerMinute: 140,
    pauses: { count: 0, long: 0, currentSec: 0 },
    hints: [],
    ...patch,
  };
}

const point = (t: number, label: string | null): LivePoint => ({
  t,
  speech: label !== null,
  label,
  pitchHz: null,
  loudnessDbfs: null,
});

describe('LiveTrack', () => {
  it('keeps only the last keepSec seconds, oldest first', () => {
    const track = new LiveTrack(10);
    for (let i = 1; i <= 100; i++) track.push(update(i * 0.2));
    const points = track.points();
    assert.equal(points[points.length - 1].t, 20);
    assert.ok(points[0].t >= 10 - 1e-9, `oldest ${points[0].t}`);
    assert.equal(track.length, 51); // 10.0 … 20.0 in 0.2 s steps
    assert.equal(track.last()?.t, 20);
  });

  it('drops old points in batches yet always reads the same window', () => {
    const track = new LiveTrack(5);
    for (let i = 1; i <= 5000; i++) track.push(update(i * 0.2));
    assert.equal(track.length, 26);
    assert.deepEqual(
      track
        .points()
        .map((p) => p.t)
        .slice(0, 2),
      [995, 995.2],
    );
  });

  it('copies the dominant tone and the traces; silence has no tone', () => {
    const track = new LiveTrack();
    track.push(update(0.2, { speech: false, tone: null, pitchHz: null, loudnessDbfs: null }));
    track.push(
      update(0.4, {
        tone: { label: 'happy', confidence: 0.5, probs: [], dominantForSec: 0 },
        pitchHz: 180,
        loudnessDbfs: -18,
      }),
    );
    assert.deepEqual(track.points(), [
      { t: 0.2, speech: false, label: null, pitchHz: null, loudnessDbfs: null },
      { t: 0.4, speech: true, label: 'happy', pitchHz: 180, loudnessDbfs: -18 },
    ]);
  });

  it('starts over when session time goes backwards (a new session) and bumps its version', () => {
    const track = new LiveTrack();
    track.push(update(5));
    track.push(update(5.2));
    const before = track.version;
    track.push(update(0.2));
    assert.equal(track.length, 1);
    assert.ok(track.version > before);
    track.clear();
    assert.equal(track.length, 0);
    assert.equal(track.last(), undefined);
  });
});

describe('toneSegments', () => {
  it('merges neighbours of one tone and leaves silence as a gap', () => {
    const points = [
      point(0.2, 'calm'),
      point(0.4, 'calm'),
      point(0.6, null),
      point(0.8, 'happy'),
      point(1.0, 'happy'),
      point(1.2, 'calm'),
    ];
    const segments = toneSegments(points, 0, 2);
    assert.equal(segments.length, 3);
    assert.deepEqual(
      segments.map((s) => s.label),
      ['calm', 'happy', 'calm'],
    );
    assert.ok(Math.abs(segments[0].start - 0) < 1e-9 && Math.abs(segments[0].end - 0.4) < 1e-9);
    assert.ok(Math.abs(segments[1].start - 0.6) < 1e-9 && Math.abs(segments[1].end - 1.0) < 1e-9);
    assert.ok(Math.abs(segments[2].start - 1.0) < 1e-9 && Math.abs(segments[2].end - 1.2) < 1e-9);
  });

  it('clips to the window', () => {
    const points = Array.from({ length: 50 }, (_, i) => point((i + 1) * 0.2, 'neutral'));
    const [only, ...rest] = toneSegments(points, 3, 7);
    assert.equal(rest.length, 0);
    assert.equal(only.start, 3);
    assert.ok(Math.abs(only.end - 7) < 1e-9);
  });

  it('does not bridge a hole in the reports', () => {
    const segments = toneSegments([point(1, 'calm'), point(5, 'calm')], 0, 10);
    assert.equal(segments.length, 2);
    assert.ok(Math.abs(segments[1].start - 4.8) < 1e-9);
  });
});

describe('meterView', () => {
  it('shows the session state before any tone', () => {
    assert.deepEqual(meterView('starting', null), { kind: 'starting' });
    assert.deepEqual(meterView('paused', update(3)), { kind: 'paused' });
    assert.deepEqual(meterView('stopping', update(3)), { kind: 'stopping' });
    assert.deepEqual(meterView('running', null), { kind: 'listening' });
  });

  it('shows the tone, or listening while speech has no tone yet, or silence', () => {
    assert.deepEqual(meterView('running', update(3)), {
      kind: 'tone',
      label: 'calm',
      confidence: 0.7,
      forSec: 3,
    });
    assert.deepEqual(meterView('running', update(3, { tone: null })), { kind: 'listening' });
    assert.deepEqual(
      meterView(
        'running',
        update(3, { tone: null, speech: false, pauses: { count: 2, long: 0, currentSec: 1.4 } }),
      ),
      { kind: 'silence', silenceSec: 1.4 },
    );
  });
});

describe('nextHints', () => {
  const quiet = { id: 'too-quiet', text: 'Speak up', severity: 'warn' } as const;
  const pace = { id: 'too-fast', text: 'Slow down', severity: 'warn' } as const;
  const good = { id: 'on-goal', text: 'Nice', severity: 'info' } as const;
  const options = { lingerMs: 500, max: 2 };

  it('mirrors what the back end sends, in its order', () => {
    let shown: ShownHint[] = nextHints([], [quiet], 0, options);
    assert.deepEqual(shown, [{ ...quiet, lastSeen: 0 }]);
    shown = nextHints(shown, [pace, quiet], 200, options);
    assert.deepEqual(
      shown.map((h) => h.id),
      ['too-fast', 'too-quiet'],
    );
    assert.ok(shown.every((h) => h.lastSeen === 200));
  });

  it('keeps a hint through a missed update, then lets it go', () => {
    let shown = nextHints([], [quiet, pace], 0, options);
    shown = nextHints(shown, [quiet], 200, options);
    assert.deepEqual(
      shown.map((h) => h.id),
      ['too-quiet', 'too-fast'],
    );
    shown = nextHints(shown, [quiet], 600, options);
    assert.deepEqual(
      shown.map((h) => h.id),
      ['too-quiet'],
    );
    // a clock tick with nothing sent (paused) clears it after the linger
    assert.deepEqual(nextHints(shown, [], 1000, options), [{ ...quiet, lastSeen: 600 }]);
    assert.deepEqual(nextHints(shown, [], 1200, options), []);
  });

  it('caps how many show and takes the new text of a hint', () => {
    assert.equal(nextHints([], [quiet, pace, good], 0, options).length, 2);
    const shown = nextHints([], [quiet], 0, options);
    assert.equal(nextHints(shown, [{ ...quiet, text: 'Louder' }], 200, options)[0].text, 'Louder');
  });

  it('shows a hint sent twice once (the list is keyed by id)', () => {
    const shown = nextHints([], [quiet, { ...quiet, text: 'Again' }, pace], 0, {
      lingerMs: 500,
      max: 3,
    });
    assert.deepEqual(
      shown.map((h) => `${h.id}:${h.text}`),
      ['too-quiet:Speak up', 'too-fast:Slow down'],
    );
  });

  it('does not modify the list it is given', () => {
    const first = nextHints([], [quiet], 0, options);
    const copy = structuredClone(first);
    nextHints(first, [quiet], 400, options);
    assert.deepEqual(first, copy);
  });

  it('tells visible changes from refreshed time stamps', () => {
    const a = nextHints([], [quiet, pace], 0, options);
    const b = nextHints(a, [quiet, pace], 300, options);
    assert.notEqual(a, b);
    assert.ok(sameHintList(a, b));
    const c = nextHints(b, [{ ...quiet, text: 'Louder please' }, pace], 400, options);
    assert.ok(!sameHintList(b, c));
    assert.ok(!sameHintList(a, a.slice(1)));
  });
});

describe('topTones', () => {
  it('pairs labels with probabilities, largest first', () => {
    assert.deepEqual(topTones(['neutral', 'calm', 'happy', 'angry'], [0.1, 0.5, 0.3, 0.1], 2), [
      { label: 'calm', prob: 0.5 },
      { label: 'happy', prob: 0.3 },
    ]);
    assert.deepEqual(topTones(['a', 'b'], [0.2]), [
      { label: 'a', prob: 0.2 },
      { label: 'b', prob: 0 },
    ]);
  });
});
