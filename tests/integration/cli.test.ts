/**
 * The `ser` command end to end on a generated multi-speaker corpus (espeak-ng voices as
 * speakers): scan, features, speaker-independent training, eval and predict, and bad input.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeEspeakCorpus } from '../helpers/espeak-corpus.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { hasProgram } from '../helpers/programs.ts';
import { runSer } from '../helpers/run-cli.ts';

const espeakMissing = hasProgram('espeak-ng') ? false : 'espeak-ng is not installed (apt install espeak-ng)';
if (espeakMissing) console.log(`# skipping corpus tests: ${espeakMissing}`);

describe('ser CLI', () => {
  let dir: string;
  let corpus: string;
  let env: Record<string, string>;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ser-cli-'));
    env = { SER_CACHE_DIR: path.join(dir, 'cache') };
    if (!espeakMissing) corpus = await makeEspeakCorpus(path.join(dir, 'corpus'), { speakers: 8, sentences: 4 });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('features --json equals the librosa reference on the synthetic fixture', async () => {
    const run = await runSer(['features', path.join(FIXTURES, 'reference/synth16k.wav'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.sampleRate, 16000);
    assert.equal(out.hopLength, 160);
    assert.equal(out.nFrames, 514);
    assert.equal(out.logMel.length, 514);
    assert.equal(out.logMel[0].length, 64);
    assert.equal(out.mfcc[100].length, 40);
    for (const key of ['rms', 'zcr', 'centroid', 'f0']) assert.equal(out[key].length, 514, key);
    // The first 0.5 s is a 220 Hz tone: YIN finds it.
    assert.ok(Math.abs(out.f0[20] - 220) < 1, `f0 ${out.f0[20]}`);
    assert.ok(out.prosody.loudnessDb < 0 && out.prosody.loudnessDb > -30);
  });

  it('predict without --model uses the shipped default model', async () => {
    const run = await runSer(['predict', path.join(FIXTURES, 'reference/synth16k.wav'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.model, 'default');
    assert.deepEqual(out.labels, ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised']);
    const [prediction] = out.predictions;
    assert.ok(out.labels.includes(prediction.label));
    const total = (Object.values(prediction.probs) as number[]).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-3, `probabilities sum to ${total}`);
  });

  it('a bad file gives an error naming the file and the problem', async () => {
    const bad = path.join(dir, 'notes.wav');
    await writeFile(bad, 'these are my notes, not audio\n');
    const run = await runSer(['features', bad]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /notes\.wav/);
    assert.match(run.stderr, /not a WAV file/);
  });

  it('scan --json lists clips, speakers and problems', { skip: espeakMissing }, async () => {
    await mkdir(path.join(corpus, 'bored-ish', 'x'), { recursive: true });
    await writeFile(path.join(corpus, 'bored-ish', 'x', '1.wav'), 'junk');
    const run = await runSer(['scan', corpus, '--json']);
    await rm(path.join(corpus, 'bored-ish'), { recursive: true });
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.dataset, 'folder');
    assert.equal(out.clips.length, 8 * 4 * 4);
    assert.deepEqual(Object.keys(out.counts.byLabel), ['neutral', 'happy', 'sad', 'angry']);
    assert.equal(Object.keys(out.counts.bySpeaker).length, 8);
    assert.equal(out.problems.length, 1);
    assert.match(out.problems[0].path, /bored-ish/);
  });

  it('trains speaker-independently far above chance, then evaluates and predicts', { skip: espeakMissing }, async () => {
    const model = path.join(dir, 'model');
    const train = await runSer(['train', '--data', corpus, '--out', model, '--folds', '4', '--epochs', '20', '--augment', '1', '--json'], env);
    assert.equal(train.code, 0, train.stderr);
    const out = JSON.parse(train.stdout);
    assert.deepEqual(out.labels, ['neutral', 'happy', 'sad', 'angry']);
    assert.match(train.stderr, /ML backend: /, 'the chosen backend is printed');
    const progress = train.stderr.split('\n').filter((l) => l.startsWith('{"epoch"')).map((l) => JSON.parse(l));
    assert.ok(progress.length > 4 && progress.every((p) => typeof p.loss === 'number' && typeof p.etaSec === 'number'));

    const { folds, meanUar, pooled } = out.evaluation;
    assert.equal(folds.length, 4);
    for (const f of folds) {
      const sides = [...f.trainSpeakers, ...f.validationSpeakers, ...f.testSpeakers];
      assert.equal(new Set(sides).size, sides.length, 'no speaker on two sides of a fold');
    }
    // Four classes: chance is 25%. Voices never heard in training must still be recognised.
    assert.ok(meanUar >= 0.6, `held-out-speaker UAR ${meanUar}`);
    assert.equal(pooled.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0), 128, 'every clip tested once');

    const evaluation = await runSer(['eval', '--model', model, '--data', corpus, '--report', path.join(dir, 'report'), '--json'], env);
    assert.equal(evaluation.code, 0, evaluation.stderr);
    const ev = JSON.parse(evaluation.stdout);
    for (const key of ['uar', 'wa', 'macroF1']) assert.ok(ev[key] > 0.5 && ev[key] <= 1, key);
    assert.deepEqual(ev.confusion.labels, ['neutral', 'happy', 'sad', 'angry']);
    assert.deepEqual(Object.keys(ev.perClass.sad).sort(), ['f1', 'precision', 'recall', 'support']);
    const svg = await readFile(path.join(dir, 'report', 'confusion.svg'), 'utf8');
    assert.match(svg, /^<svg/);
    assert.equal((svg.match(/<rect x=/g) ?? []).length, 16, 'one cell per true/predicted pair');
    assert.match(await readFile(path.join(dir, 'report', 'report.md'), 'utf8'), /\| UAR \| WA \| macro-F1 \|/);
    assert.match(await readFile(path.join(dir, 'report', 'report.html'), 'utf8'), /<svg/);

    const bad = path.join(dir, 'empty.wav');
    await writeFile(bad, '');
    const sad = path.join(corpus, 'sad', 'enm1', '1.wav');
    const predict = await runSer(['predict', '--model', model, sad, bad, '--json']);
    assert.equal(predict.code, 0, predict.stderr);
    const pr = JSON.parse(predict.stdout);
    assert.equal(pr.predictions.length, 2);
    assert.equal(pr.predictions[0].path, sad);
    const probs = Object.values(pr.predictions[0].probs) as number[];
    assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-3);
    assert.equal(pr.predictions[1].path, bad);
    assert.match(pr.predictions[1].error, /empty/);
  });
});
