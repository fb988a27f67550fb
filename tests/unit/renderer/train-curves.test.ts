import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrainingJob } from '../../../electron/contract.ts';
import {
  activeRuns,
  curvesOf,
  epochAxisEnd,
  formatEta,
  jobProgress,
  jobStatus,
  newerJob,
  runColourVar,
  runNames,
} from '../../../renderer/src/lib/train-curves.ts';
import type { EpochPoint } from '../../../renderer/src/lib/train-curves.ts';

function epoch(run: string, n: number, max: number, loss: number, valUar?: number): EpochPoint {
  return { run, epoch: n, maxEpochs: max, loss, acc: 0.5, ...(valUar !== undefined ? { valUar } : {}) };
}

function fold(n: number, uar: number): TrainingJob['folds'][number] {
  return { fold: n, testSpeakers: [`s${n}`], validationSpeakers: ['v1', 'v2'], trainSpeakers: ['t'], bestEpoch: 2, uar, wa: uar, macroF1: uar };
}

function job(patch: Partial<TrainingJob> = {}): TrainingJob {
  return {
    jobId: 'j1',
    name: 'cnn-test',
    state: 'running',
    startedAt: '2026-01-01T10:00:00.000Z',
    config: { architecture: 'cnn', epochs: 3, folds: 2 },
    selection: { clips: 72, speakers: 6 },
    features: { done: 72, total: 72 },
    epochs: [],
    folds: [],
    ...patch,
  };
}

describe('train-curves', () => {
  it('orders runs by fold number with the final model last', () => {
    const runs = runNames([epoch('final model', 1, 2, 1), epoch('fold 10/10', 1, 3, 1), epoch('fold 2/10', 1, 3, 1)]);
    assert.deepEqual(runs, ['fold 2/10', 'fold 10/10', 'final model']);
  });

  it('aligns loss per run on epochs 1…end with gaps as null', () => {
    const epochs = [epoch('fold 2/2', 1, 3, 1.2, 0.3), epoch('fold 1/2', 1, 3, 1.4, 0.25), epoch('fold 1/2', 2, 3, 1.1, 0.4), epoch('final model', 1, 2, 1.3)];
    const loss = curvesOf(epochs, 'loss', 3);
    assert.deepEqual(loss.runs, ['fold 1/2', 'fold 2/2', 'final model']);
    assert.deepEqual(loss.xs, [1, 2, 3]);
    assert.deepEqual(loss.series, [
      [1.4, 1.1, null],
      [1.2, null, null],
      [1.3, null, null],
    ]);
  });

  it('has no validation curve for the final model', () => {
    const epochs = [epoch('fold 1/2', 1, 3, 1.4, 0.25), epoch('final model', 1, 2, 1.3)];
    const uar = curvesOf(epochs, 'valUar', 3);
    assert.deepEqual(uar.runs, ['fold 1/2']);
    assert.deepEqual(uar.series, [[0.25, null, null]]);
  });

  it('widens the axis when a run planned more epochs than configured', () => {
    assert.equal(epochAxisEnd(job({ epochs: [epoch('fold 1/2', 1, 5, 1)] })), 5);
    assert.equal(epochAxisEnd(job()), 3);
  });

  it('reports the features phase, then the running folds with epoch and ETA', () => {
    assert.equal(jobStatus(job({ features: { done: 1200, total: 3000 } })), 'Extracting features: 1,200 / 3,000 clips');
    assert.equal(jobStatus(job({ features: null })), 'Preparing the training set…');
    const running = job({ epochs: [epoch('fold 1/2', 1, 3, 1), epoch('fold 2/2', 1, 3, 1), epoch('fold 1/2', 2, 3, 1)], etaSec: 130 });
    assert.equal(jobStatus(running), 'Training fold 1/2 epoch 2/3, fold 2/2 epoch 1/3 · about 2 min left in this run');
    const oneDone = job({ epochs: running.epochs, folds: [fold(1, 0.6)] });
    assert.deepEqual(activeRuns(oneDone).map((e) => e.run), ['fold 2/2']);
    const between = job({ epochs: [epoch('fold 1/2', 3, 3, 1)], folds: [fold(1, 0.6)] });
    assert.equal(jobStatus(between), '1 of 2 folds done; starting the next fold…');
    assert.equal(jobStatus(job({ epochs: between.epochs, folds: [fold(1, 0.6), fold(2, 0.5)] })), 'All 2 folds done; starting the final model…');
    const final = job({ epochs: [...running.epochs, epoch('final model', 1, 2, 1)] });
    assert.deepEqual(activeRuns(final).map((e) => e.run), ['final model']);
  });

  it('says how the job ended', () => {
    const finished = job({ state: 'finished', endedAt: '2026-01-01T10:03:12.000Z', folds: [fold(1, 0.5), fold(2, 0.6)] });
    assert.equal(jobStatus(finished), 'Finished in 3 min 12 s: 2 folds and the final model.');
    assert.match(jobStatus(job({ state: 'failed', message: 'disk full' })), /failed: disk full/);
    assert.equal(jobStatus(job({ state: 'cancelled', message: 'Cancelled by you.' })), 'Cancelled by you.');
  });

  it('formats the ETA in round words', () => {
    assert.equal(formatEta(2), 'a few seconds');
    assert.equal(formatEta(42), 'about 40 s');
    assert.equal(formatEta(170), 'about 3 min');
    assert.equal(formatEta(3900), 'about 1 h 5 min');
    assert.equal(formatEta(7200), 'about 2 h');
  });

  it('measures progress over features, folds and the final model', () => {
    assert.equal(jobProgress(job({ features: { done: 0, total: 10 } })), 0);
    // Features done (1 of 4 parts), fold 1 half-way (1.5 of 3 epochs): 1.5 / 4.
    assert.ok(Math.abs(jobProgress(job({ epochs: [epoch('fold 1/2', 1, 2, 1)] })) - 1.5 / 4) < 1e-9);
    const foldsDone = job({ epochs: [epoch('fold 1/2', 3, 3, 1), epoch('fold 2/2', 2, 3, 1)], folds: [fold(1, 0.5), fold(2, 0.5)] });
    assert.ok(Math.abs(jobProgress(foldsDone) - 3 / 4) < 1e-9);
    assert.equal(jobProgress(job({ state: 'finished' })), 1);
  });

  it('never rolls a job back to an older state', () => {
    const early = job({ epochs: [epoch('fold 1/2', 1, 3, 1)] });
    const later = job({ epochs: [epoch('fold 1/2', 1, 3, 1), epoch('fold 1/2', 2, 3, 1)] });
    const ended = job({ state: 'cancelled' });
    assert.equal(newerJob(null, early), early);
    assert.equal(newerJob(later, early), later);
    assert.equal(newerJob(early, later), later);
    assert.equal(newerJob(ended, later), ended);
    assert.equal(newerJob(later, ended), ended);
    assert.equal(newerJob(later, null), later);
    const next = job({ jobId: 'j2', startedAt: '2026-01-01T11:00:00.000Z' });
    assert.equal(newerJob(ended, next), next);
    assert.equal(newerJob(next, ended), next);
  });
});

describe('run colours', () => {
  it('gives each fold its own theme colour, stable across charts, and the final model the text colour', () => {
    assert.equal(runColourVar('fold 1/3'), '--accent');
    assert.notEqual(runColourVar('fold 2/3'), runColourVar('fold 1/3'));
    assert.equal(runColourVar('fold 2/3'), runColourVar('fold 2/5'));
    assert.equal(runColourVar('fold 11/12'), runColourVar('fold 1/12'));
    assert.equal(runColourVar('final model'), '--text');
  });
});
