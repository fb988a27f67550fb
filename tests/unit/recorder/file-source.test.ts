// FileSource pacing under mocked timers: chunk k arrives at (k+1)·100 ms of session time,
// late timers catch up without drifting, pauses shift the schedule, stop ends the stream,
// and the samples delivered are the file's, as s16.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { FileSource } from '../../../electron/services/recorder/file-source.ts';
import { PcmSourceError } from '../../../electron/services/recorder/pcm-source.ts';
import { floatToS16 } from '../../../electron/services/recorder/s16-assembler.ts';

/** A ramp of distinct values, so a dropped, repeated or reordered sample shows. */
function ramp(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => ((i % 20000) - 10000) / 32768);
}

interface Received {
  at: number;
  samples: Int16Array;
}

/** Mocked clock and timers; a consumer that records when each chunk arrived. */
function harness(t: TestContext, samples: Float32Array) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const source = new FileSource('/nowhere/speech.wav', { now: () => Date.now(), load: () => Promise.resolve(samples) });
  const received: Received[] = [];
  let done = false;
  let failure: unknown;
  const consumer = (async () => {
    try {
      for await (const chunk of source.start()) received.push({ at: Date.now(), samples: chunk });
    } catch (error) {
      failure = error;
    }
    done = true;
  })();
  /** Let promise callbacks (decoding, the consumer) run; setImmediate is not mocked. */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const advance = async (ms: number) => {
    t.mock.timers.tick(ms);
    await settle();
  };
  return { source, received, consumer, settle, advance, isDone: () => done, failure: () => failure };
}

describe('FileSource', () => {
  it('delivers 100 ms chunks at real-time pace, then ends', async (t) => {
    const input = ramp(16000 + 800); // 1.05 s: ten full chunks and a half one
    const h = harness(t, input);
    await h.settle();
    assert.equal(h.received.length, 0, 'nothing before the first chunk is due');
    for (let k = 0; k < 11; k++) await h.advance(100);
    await h.consumer;
    assert.deepEqual(
      h.received.map((r) => r.at),
      Array.from({ length: 11 }, (_, k) => (k + 1) * 100),
    );
    assert.deepEqual(
      h.received.map((r) => r.samples.length),
      [...Array(10).fill(1600), 800],
    );
    const joined = Int16Array.from(h.received.flatMap((r) => Array.from(r.samples)));
    assert.deepEqual(joined, floatToS16(input));
    assert.ok(h.isDone());
  });

  it('catches up after a late timer without drifting', async (t) => {
    const h = harness(t, ramp(16000));
    await h.settle();
    await h.advance(350); // the event loop was blocked: three chunks are due at once
    assert.equal(h.received.length, 3);
    await h.advance(49);
    assert.equal(h.received.length, 3, 'chunk 4 is due at 400 ms, not 450 ms');
    await h.advance(1);
    assert.equal(h.received.length, 4);
    assert.equal(h.received[3].at, 400);
  });

  it('delivers nothing while paused and shifts the schedule by the pause', async (t) => {
    const h = harness(t, ramp(16000));
    await h.settle();
    await h.advance(250);
    assert.equal(h.received.length, 2);
    h.source.pause();
    await h.advance(1000);
    assert.equal(h.received.length, 2, 'paused');
    h.source.resume(); // at 1250 ms; chunk 3 was 50 ms away when paused
    await h.advance(49);
    assert.equal(h.received.length, 2);
    await h.advance(1);
    assert.equal(h.received.length, 3);
    assert.equal(h.received[2].at, 1300);
    const joined = Int16Array.from(h.received.flatMap((r) => Array.from(r.samples)));
    assert.deepEqual(joined, floatToS16(ramp(16000)).slice(0, 4800), 'no sample skipped across the pause');
  });

  it('ends the stream at stop() and delivers nothing after', async (t) => {
    const h = harness(t, ramp(16000));
    await h.settle();
    await h.advance(200);
    h.source.stop();
    await h.consumer;
    await h.advance(1000);
    assert.equal(h.received.length, 2);
    assert.equal(h.failure(), undefined);
  });

  it('fails with an unreadable-file error naming the file', async () => {
    const source = new FileSource('/definitely/not/here.wav');
    await assert.rejects(
      async () => {
        for await (const chunk of source.start()) assert.fail(`no chunk expected, got ${chunk.length} samples`);
      },
      (error: unknown) => error instanceof PcmSourceError && error.problem === 'unreadable-file' && /not\/here\.wav: file not found/.test(error.message),
    );
  });
});
