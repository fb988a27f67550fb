/**
 * Training jobs in the real ML engine process (forkEngine + EngineClient) on a small
 * espeak-ng corpus: startTraining replies at once and the job reports features, epochs and
 * folds in order through 'training' listeners only, then 'finished' with a complete model
 * folder (model, metadata, report, out-of-fold predictions of every clip). A second job
 * cancelled after its first epoch ends 'cancelled' and leaves no folder behind, as does a
 * job that fails, and the engine goes on answering.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EngineClient, EngineRequestError } from '../../../electron/engine/engine-client.ts';
import { forkEngine } from '../../../electron/engine/fork-engine.ts';
import type { EngineParams, TrainingProgress } from '../../../electron/engine/protocol.ts';
import { scanDataset } from '../../../training/datasets/scan.ts';
import type { ScannedClip } from '../../../training/datasets/types.ts';
import { readModelMetadata } from '../../../training/model/metadata.ts';
import { makeEspeakCorpus } from '../../helpers/espeak-corpus.ts';
import { hasProgram } from '../../helpers/programs.ts';

const espeakMissing = hasProgram('espeak-ng') ? false : 'espeak-ng is not installed (apt install espeak-ng)';
if (espeakMissing) console.log(`# skipping the engine training-job tests: ${espeakMissing}`);

const TERMINAL = new Set<TrainingProgress['type']>(['finished', 'failed', 'cancelled']);

/** Every progress event of one job, and its end. */
interface JobLog {
  events: TrainingProgress[];
  ended: Promise<TrainingProgress>;
  /** Resolves with the first event of this type. */
  first(type: TrainingProgress['type']): Promise<TrainingProgress>;
}

function follow(client: EngineClient, jobId: string): JobLog {
  const events: TrainingProgress[] = [];
  const waiting: { type: TrainingProgress['type']; resolve: (p: TrainingProgress) => void }[] = [];
  let end: (p: TrainingProgress) => void = () => {};
  const ended = new Promise<TrainingProgress>((resolve) => {
    end = resolve;
  });
  const off = client.on('training', (event) => {
    if (event.jobId !== jobId) return;
    events.push(event.progress);
    for (const w of waiting.filter((w) => w.type === event.progress.type)) w.resolve(event.progress);
    if (TERMINAL.has(event.progress.type)) {
      off();
      end(event.progress);
    }
  });
  return {
    events,
    ended,
    first: (type) => {
      const seen = events.find((e) => e.type === type);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ type, resolve }));
    },
  };
}

function protocolClips(clips: readonly ScannedClip[]): EngineParams<'startTraining'>['clips'] {
  return clips.map((c) => ({ path: c.path, label: c.label, speaker: c.speaker, dataset: c.dataset, ...(c.gender ? { gender: c.gender } : {}) }));
}

async function partialFolders(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes('.partial'));
}

describe('training jobs in the ML engine', { skip: espeakMissing }, () => {
  let dir: string;
  let models: string;
  let clips: ScannedClip[];
  let client: EngineClient;
  const lifecycle: string[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-engine-training-'));
    models = path.join(dir, 'models');
    await makeEspeakCorpus(path.join(dir, 'corpus'), { speakers: 6, sentences: 2, labels: ['happy', 'sad'] });
    clips = (await scanDataset(path.join(dir, 'corpus'))).clips;
    client = new EngineClient(() => forkEngine());
    client.on('event', (event) => lifecycle.push(event.event));
    await client.start();
  });

  after(async () => {
    await client.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function params(jobId: string, outDir: string, maxEpochs: number): EngineParams<'startTraining'> {
    return {
      jobId,
      clips: protocolClips(clips),
      outDir,
      name: path.basename(outDir),
      cacheDir: path.join(dir, 'cache'),
      dataLicense: 'generated with espeak-ng',
      config: { architecture: 'stats-mlp', maxEpochs, folds: 2, seed: 1, augment: 0, jobs: 1 },
    };
  }

  it('trains in the background, reports progress in order and saves a complete model folder', async () => {
    assert.equal(clips.length, 24);
    const outDir = path.join(models, 'first');
    const job = follow(client, 'job-1');
    const started = await client.request('startTraining', params('job-1', outDir, 2));
    assert.deepEqual(started, { jobId: 'job-1' });

    await assert.rejects(client.request('startTraining', params('job-2', path.join(models, 'other'), 2)), (error: unknown) => {
      assert.ok(error instanceof EngineRequestError, String(error));
      assert.equal(error.code, 'invalid-request');
      assert.equal(error.message, 'a training job is already running');
      return true;
    });

    const end = await job.ended;
    assert.equal(end.type, 'finished', JSON.stringify(end));
    assert.ok(end.type === 'finished');
    const { events } = job;
    assert.equal(events.at(-1), end);
    assert.equal(events.filter((e) => TERMINAL.has(e.type)).length, 1, 'exactly one terminal event');

    // Features first: one event per clip, counting up to the total.
    const phases = events.filter((e) => e.type === 'phase');
    assert.deepEqual(phases.map((e) => e.done), clips.map((_, i) => i + 1));
    assert.ok(phases.every((e) => e.total === clips.length && e.phase === 'features'));
    assert.deepEqual(events.slice(0, phases.length), phases);

    // Then each fold's epochs and its result, then the final model's epochs.
    const steps = events.slice(phases.length, -1).map((e) => (e.type === 'epoch' ? `${e.run} epoch` : e.type === 'fold' ? `fold ${e.result.fold}` : e.type));
    const finalEpochs = steps.filter((s) => s === 'final model epoch').length;
    assert.ok(finalEpochs >= 1 && finalEpochs <= 2, steps.join(', '));
    const fold1 = steps.filter((s) => s === 'fold 1/2 epoch').length;
    const fold2 = steps.filter((s) => s === 'fold 2/2 epoch').length;
    assert.ok(fold1 >= 1 && fold2 >= 1, steps.join(', '));
    assert.deepEqual(steps, [
      ...Array<string>(fold1).fill('fold 1/2 epoch'),
      'fold 1',
      ...Array<string>(fold2).fill('fold 2/2 epoch'),
      'fold 2',
      ...Array<string>(finalEpochs).fill('final model epoch'),
    ]);
    for (const e of events) {
      if (e.type === 'epoch') assert.ok(Number.isFinite(e.loss) && e.acc >= 0 && e.acc <= 1 && e.maxEpochs >= e.epoch, JSON.stringify(e));
    }

    assert.equal(end.modelDir, outDir);
    const files = await readdir(outDir);
    for (const file of ['model.json', 'weights.bin', 'metadata.json', 'out-of-fold.json', 'report.md', 'confusion.svg']) {
      assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
    }
    const metadata = await readModelMetadata(outDir);
    assert.equal(metadata.name, 'first');
    assert.equal(metadata.dataLicense, 'generated with espeak-ng');
    assert.equal(metadata.architecture, 'stats-mlp');
    assert.equal(metadata.training.clipCount, clips.length);
    assert.equal(metadata.evaluation?.meanUar, end.meanUar);
    assert.deepEqual(metadata.evaluation?.pooled, end.pooled);
    assert.deepEqual(metadata.evaluation?.folds, events.filter((e) => e.type === 'fold').map((e) => e.result));
    assert.deepEqual(end.problems, []);

    const outOfFold = JSON.parse(await readFile(path.join(outDir, 'out-of-fold.json'), 'utf8')) as {
      labels: string[];
      clips: { path: string; speaker: string; fold: number; truth: string; predicted: string; probs: number[] }[];
    };
    assert.deepEqual(outOfFold.labels, metadata.labels);
    assert.deepEqual(outOfFold.clips.map((c) => c.path).sort(), clips.map((c) => c.path).sort(), 'every clip exactly once');
    const labelOf = new Map(clips.map((c) => [c.path, c.label]));
    for (const c of outOfFold.clips) {
      assert.equal(c.truth, labelOf.get(c.path));
      assert.ok(metadata.evaluation?.folds[c.fold - 1].testSpeakers.includes(c.speaker));
      assert.equal(c.probs.length, outOfFold.labels.length);
      assert.ok(outOfFold.labels.includes(c.predicted));
    }
    assert.deepEqual(await partialFolders(models), []);
    assert.ok(!lifecycle.includes('training'), "training progress reaches 'training' listeners only");

    // A finished model is never overwritten.
    await assert.rejects(client.request('startTraining', params('job-3', outDir, 2)), (error: unknown) => {
      assert.ok(error instanceof EngineRequestError, String(error));
      assert.equal(error.code, 'invalid-request');
      assert.ok(error.message.includes(outDir), error.message);
      return true;
    });
  });

  it('a job cancelled after its first epoch ends cancelled, leaves no folder, and the engine goes on', async () => {
    const outDir = path.join(models, 'cancelled');
    const { pid } = await client.request('status', {});
    const job = follow(client, 'job-4');
    await client.request('startTraining', params('job-4', outDir, 200));
    await job.first('epoch');
    const asked = performance.now();
    assert.deepEqual(await client.request('cancelTraining', { jobId: 'job-4' }, { timeoutMs: 10_000 }), { cancelled: true });
    const beforeReply = job.events.length;
    const end = await job.ended;
    const took = performance.now() - asked;
    assert.deepEqual(end, { type: 'cancelled' });
    assert.ok(took < 10_000, `cancelled ${Math.round(took)} ms after the request`);
    // The engine reads the cancel between two batches (a fold here takes at least 9 epochs
    // of one batch each) and trains no further batch after it.
    const trained = job.events.filter((e) => e.type === 'epoch' || e.type === 'fold');
    assert.ok(trained.length <= 3 && trained.every((e) => e.type === 'epoch' && e.run === 'fold 1/2'), JSON.stringify(trained));
    assert.deepEqual(job.events.slice(beforeReply).filter((e) => e.type !== 'cancelled'), [], 'no progress after the cancel was answered');
    assert.equal(existsSync(outDir), false);
    assert.deepEqual(await partialFolders(models), []);

    assert.deepEqual(await client.request('cancelTraining', { jobId: 'job-4' }), { cancelled: false });
    assert.deepEqual(await client.request('cancelTraining', { jobId: 'no-such-job' }), { cancelled: false });
    const status = await client.request('status', {}, { timeoutMs: 10_000 });
    assert.equal(status.pid, pid, 'the same engine answers after the cancel');
  });

  it("a job whose audio cannot be read ends 'failed' and leaves no folder", async () => {
    const outDir = path.join(models, 'unreadable');
    const p = params('job-6', outDir, 2);
    const job = follow(client, 'job-6');
    await client.request('startTraining', { ...p, clips: p.clips.map((c) => ({ ...c, path: `${c.path}.missing` })) });
    const end = await job.ended;
    assert.equal(end.type, 'failed', JSON.stringify(end));
    assert.ok(end.type === 'failed');
    assert.match(end.message, /two emotion labels; the data has none/);
    assert.deepEqual(job.events.filter((e) => e.type === 'phase').map((e) => e.done), clips.map((_, i) => i + 1));
    assert.equal(existsSync(outDir), false);
    assert.deepEqual(await partialFolders(models), []);
  });

  it("answers a request whose clips cannot make a cross-validation with 'invalid-request'", async () => {
    const p = params('job-5', path.join(models, 'one-label'), 2);
    await assert.rejects(client.request('startTraining', { ...p, clips: p.clips.filter((c) => c.label === 'happy') }), (error: unknown) => {
      assert.ok(error instanceof EngineRequestError, String(error));
      assert.equal(error.code, 'invalid-request');
      assert.match(error.message, /two emotion labels/);
      return true;
    });
    await assert.rejects(client.request('startTraining', { ...p, outDir: 'relative/model' }), (error: unknown) => {
      assert.ok(error instanceof EngineRequestError, String(error));
      assert.equal(error.code, 'invalid-request');
      assert.match(error.message, /params\.outDir/);
      return true;
    });
  });
});
