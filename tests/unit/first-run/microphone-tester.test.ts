import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ContractError } from '../../../electron/contract.ts';
import type { EventPayload } from '../../../electron/contract.ts';
import { MicrophoneTester } from '../../../electron/backend/microphone-tester.ts';
import { ChunkQueue } from '../../../electron/services/recorder/chunk-queue.ts';
import { PcmSourceError } from '../../../electron/services/recorder/pcm-source.ts';
import type { PcmSource } from '../../../electron/services/recorder/pcm-source.ts';

/** A microphone that delivers `chunks` (then fails with `failure`, if given) as fast as it is read. */
class ScriptedMicrophone implements PcmSource {
  readonly kind = 'microphone';
  readonly name = 'scripted';
  stopped = false;
  private readonly queue = new ChunkQueue<Int16Array>(() => this.stop());

  constructor(
    private readonly chunks: Int16Array[],
    private readonly failure?: PcmSourceError,
    private readonly endAfterChunks = true,
  ) {}

  start(): AsyncIterableIterator<Int16Array> {
    queueMicrotask(() => {
      for (const chunk of this.chunks) this.queue.push(chunk);
      if (this.failure) this.queue.fail(this.failure);
      else if (this.endAfterChunks) this.queue.end();
    });
    return this.queue;
  }
  pause(): void {}
  resume(): void {}
  stop(): void {
    this.stopped = true;
    this.queue.end();
  }
}

const tone = (samples: number, amplitude = 0.3): Int16Array =>
  Int16Array.from({ length: samples }, (_, i) => Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 200 * i) / 16000)));

function tester(open: (device: string | null) => PcmSource, busy: string | null = null) {
  const levels: Array<EventPayload<'microphone.level'>> = [];
  const devices: Array<string | null> = [];
  const instance = new MicrophoneTester({
    openSource: (device) => {
      devices.push(device);
      return open(device);
    },
    onLevel: (level) => levels.push(level),
    busyReason: () => busy,
    mediaBaseUrl: 'ser-media://app',
    log: () => {},
  });
  return { instance, levels, devices };
}

test('records exactly the seconds asked for, stops the recorder, and names the clip by its sha256', async (t) => {
  let source: ScriptedMicrophone | undefined;
  const { instance, levels, devices } = tester(() => (source = new ScriptedMicrophone([tone(7000), tone(7000), tone(7000)], undefined, false)));
  t.after(() => instance.close());
  const result = await instance.test({ device: 'usb-mic', seconds: 1 });
  assert.deepEqual(devices, ['usb-mic']);
  assert.equal(source?.stopped, true, 'the recorder is stopped once enough audio came');
  assert.equal(result.durationSec, 1);
  assert.equal(levels.length, 10);
  assert.equal(levels.at(-1)?.elapsedSec, 1);
  const sha = /^ser-media:\/\/app\/media\/audio\/([0-9a-f]{64})$/.exec(result.audioUrl ?? '')?.[1];
  assert.ok(sha, result.audioUrl ?? 'no url');
  const file = instance.find(sha);
  assert.ok(file !== undefined && existsSync(file));
  await instance.close();
  assert.equal(existsSync(path.dirname(file)), false, 'close removes the recordings');
});

test('a recorder that fails mid-way gives its advice as the problem, with no clip', async (t) => {
  const failure = new PcmSourceError('busy', 'The microphone is in use by another program. Close it and try again.');
  const { instance } = tester(() => new ScriptedMicrophone([tone(800)], failure));
  t.after(() => instance.close());
  const result = await instance.test({ device: null, seconds: 1 });
  assert.deepEqual(result.problem, { kind: 'busy', message: failure.message });
  assert.equal(result.audioUrl, null);
});

test('a recorder that ends early keeps what it delivered and judges it', async (t) => {
  const { instance } = tester(() => new ScriptedMicrophone([new Int16Array(4000)]));
  t.after(() => instance.close());
  const result = await instance.test({ device: null, seconds: 1 });
  assert.equal(result.durationSec, 0.25);
  assert.equal(result.problem?.kind, 'silent');
  assert.ok(result.audioUrl !== null);
});

test('while practice records from the microphone the test does not open it', async (t) => {
  const { instance, devices } = tester(() => new ScriptedMicrophone([]), 'A practice session is recording.');
  t.after(() => instance.close());
  const result = await instance.test({ device: null, seconds: 1 });
  assert.deepEqual(result.problem, { kind: 'busy', message: 'A practice session is recording.' });
  assert.deepEqual(devices, []);
});

test('one test at a time; only the last five recordings are kept', async (t) => {
  const { instance } = tester(() => new ScriptedMicrophone([tone(8000)]));
  t.after(() => instance.close());
  const first = instance.test({ device: null, seconds: 0.5 });
  await assert.rejects(instance.test({ device: null, seconds: 0.5 }), (error: unknown) => error instanceof ContractError && error.code === 'invalid-input');
  await first;
  const urls: string[] = [];
  const varying = (() => {
    let i = 0;
    return new MicrophoneTester({
      openSource: () => new ScriptedMicrophone([tone(8000, 0.1 + 0.05 * i++)]),
      onLevel: () => {},
      busyReason: () => null,
      mediaBaseUrl: '',
      log: () => {},
    });
  })();
  t.after(() => varying.close());
  for (let i = 0; i < 6; i++) urls.push((await varying.test({ device: null, seconds: 0.5 })).audioUrl ?? '');
  const shas = urls.map((url) => url.split('/').at(-1) ?? '');
  assert.equal(new Set(shas).size, 6);
  assert.equal(varying.find(shas[0]), undefined, 'the oldest is gone');
  for (const sha of shas.slice(1)) assert.ok(varying.find(sha), 'the last five stay');
});
