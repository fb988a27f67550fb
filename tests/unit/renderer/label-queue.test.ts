import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWriteQueue } from '../../../renderer/src/lib/label-queue.ts';
import type { SaveStatus } from '../../../renderer/src/lib/label-queue.ts';
import { PREF_KEYS, readFlag, readRate, writePref } from '../../../renderer/src/lib/label-prefs.ts';
import type { StorageLike } from '../../../renderer/src/lib/label-prefs.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createWriteQueue', () => {
  it('starts each task only after the previous one settled, in order', async () => {
    const statuses: SaveStatus[] = [];
    const queue = createWriteQueue((s) => statuses.push(s), String);
    const started: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const a = queue.enqueue(() => {
      started.push('a');
      return first.promise;
    });
    const b = queue.enqueue(() => {
      started.push('b');
      return second.promise;
    });
    await tick();
    assert.deepEqual(started, ['a'], 'b waits for a');
    assert.equal(queue.pending, 2);
    first.resolve('A');
    assert.equal(await a, 'A');
    await tick();
    assert.deepEqual(started, ['a', 'b']);
    assert.equal(statuses.at(-1)?.state, 'saving', 'not saved while b is in flight');
    second.resolve('B');
    assert.equal(await b, 'B');
    await tick();
    assert.deepEqual(statuses.at(-1), { state: 'saved' });
    assert.equal(queue.pending, 0);
  });

  it('reports an error, keeps going after it, and reports it when the queue drains', async () => {
    const statuses: SaveStatus[] = [];
    const queue = createWriteQueue(
      (s) => statuses.push(s),
      (error) => (error instanceof Error ? error.message : 'unknown'),
    );
    const failing = queue.enqueue(() => Promise.reject(new Error('disk full')));
    const after = queue.enqueue(() => Promise.resolve(7));
    await assert.rejects(failing, /disk full/);
    assert.equal(await after, 7, 'a failure does not block later writes');
    await tick();
    assert.deepEqual(statuses.at(-1), { state: 'error', message: 'disk full' });

    await queue.enqueue(() => Promise.resolve(1));
    await tick();
    assert.deepEqual(statuses.at(-1), { state: 'saved' }, 'the next good write clears the error');
  });

  it('whenIdle waits for everything queued so far, even failures', async () => {
    const queue = createWriteQueue(() => undefined, String);
    const gate = deferred<void>();
    let done = false;
    void queue
      .enqueue(() => gate.promise.then(() => Promise.reject(new Error('x'))))
      .catch(() => undefined);
    const idle = queue.whenIdle().then(() => (done = true));
    await tick();
    assert.equal(done, false);
    gate.resolve();
    await idle;
    assert.equal(done, true);
  });
});

describe('label prefs', () => {
  function memory(): StorageLike & { data: Map<string, string> } {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  }

  it('reads back what it wrote and falls back to defaults', () => {
    const storage = memory();
    assert.equal(readFlag(storage, PREF_KEYS.autoplay, true), true);
    writePref(storage, PREF_KEYS.autoplay, false);
    assert.equal(readFlag(storage, PREF_KEYS.autoplay, true), false);
    assert.equal(readRate(storage, PREF_KEYS.rate), 1);
    writePref(storage, PREF_KEYS.rate, 1.5);
    assert.equal(readRate(storage, PREF_KEYS.rate), 1.5);
  });

  it('ignores values it does not know and storage that throws', () => {
    const storage = memory();
    storage.data.set(PREF_KEYS.rate, '3');
    storage.data.set(PREF_KEYS.advance, 'yes');
    assert.equal(readRate(storage, PREF_KEYS.rate), 1);
    assert.equal(readFlag(storage, PREF_KEYS.advance, false), false);
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    assert.equal(readFlag(broken, PREF_KEYS.advance, true), true);
    assert.doesNotThrow(() => writePref(broken, PREF_KEYS.advance, true));
    assert.equal(readFlag(undefined, PREF_KEYS.advance, false), false);
  });
});
