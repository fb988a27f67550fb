/**
 * The back end through its dispatcher, as both transports reach it: contract validation
 * and typed errors, a real import of a generated corpus (with a broken file), labelling,
 * undo, export, and events. Every reply is checked against the contract's output schema.
 * The ML engine is a fake here; tests/integration/engine covers the real one.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { encodeWav } from '../../../training/audio/wav.ts';
import { makeEspeakCorpus } from '../../helpers/espeak-corpus.ts';
import { startBackendHarness } from '../../helpers/backend-harness.ts';
import { FAKE_PREDICTION, fakeEngine } from '../../helpers/fake-engine.ts';
import { hasProgram } from '../../helpers/programs.ts';

async function setUp(t: test.TestContext, engine = fakeEngine()) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ser-backend-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await engine.start();
  t.after(() => engine.stop());
  const harness = await startBackendHarness(root, engine);
  t.after(() => harness.backend.close());
  return { root, engine, ...harness };
}

test('invalid requests get typed errors naming the field, on any method', async (t) => {
  const { callError, backend } = await setUp(t);
  assert.deepEqual(await backend.dispatcher.handle('not a request'), {
    id: -1,
    ok: false,
    error: { code: 'invalid-input', message: 'not a request: expected {id, method, params}' },
  });
  assert.equal((await callError('clips.delete', {})).code, 'unknown-method');
  assert.equal((await callError('clips.list', { offset: 0, limit: 10 })).code, 'no-workspace');
  const badLimit = await callError('clips.list', { offset: 0, limit: 5000 });
  assert.equal(badLimit.code, 'invalid-input');
  assert.equal(badLimit.field, 'limit');
  const extra = await callError('settings.get', { sneaky: true });
  assert.equal(extra.code, 'invalid-input');
  const badClip = await callError('clips.get', { clipId: '../../etc/passwd' });
  assert.equal(badClip.field, 'clipId');
  assert.match(badClip.message, /sha256/);
  const relative = await callError('workspace.open', { dir: 'relative/dir' });
  assert.equal(relative.field, 'dir');
});

test('import a corpus with a broken file, label by the contract, undo, export, events', async (t) => {
  if (!hasProgram('espeak-ng')) {
    t.skip('espeak-ng is not installed (apt-get install espeak-ng); it generates the corpus');
    return;
  }
  const { root, backend, call, callError, received, settings } = await setUp(t);
  const corpus = path.join(root, 'corpus');
  await makeEspeakCorpus(corpus, { speakers: 2, sentences: 2, labels: ['neutral', 'happy'] });
  await writeFile(path.join(corpus, 'happy', 'broken.wav'), 'this is not audio');

  const workspace = await call('workspace.open', { dir: path.join(root, 'ws') });
  assert.equal(workspace.clipCount, 0);
  assert.deepEqual(settings.get().recentWorkspaces, [path.join(root, 'ws')]);

  const { importId } = await call('import.start', { dir: corpus, format: 'auto' });
  await backend.idle();
  const finished = received.find((e) => e.event === 'import.finished');
  assert.ok(finished, `import.finished not received; events: ${received.map((e) => e.event).join(', ')}`);
  assert.deepEqual(finished.payload, {
    importId,
    sourceDir: corpus,
    format: 'folder',
    added: 8,
    unchanged: 0,
    duplicates: 0,
    problems: 1,
  });
  const progress = received.filter((e) => e.event === 'import.progress');
  assert.ok(progress.length >= 2, 'progress is reported');
  const problems = await call('import.problems', { importId });
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, path.join(corpus, 'happy', 'broken.wav'));
  assert.match(problems[0].reason, /not a WAV|not audio|not recognised/i);

  const page = await call('clips.list', { offset: 0, limit: 100, sort: 'path' });
  assert.equal(page.total, 8);
  const facets = await call('clips.facets', {});
  assert.equal(facets.counts.unlabeled, 8);
  assert.deepEqual(facets.datasets, ['folder']);
  assert.equal(facets.speakers.length, 2);

  const [first, second] = page.rows;
  assert.ok(first.durationSec > 0.5 && first.sampleRate === 22050 && first.channels === 1);
  const event = await call('labels.set', { clipId: first.id, annotator: 'ana', label: 'sad', flags: ['ambiguous'] });
  assert.equal(event.label, 'sad');
  const changed = received.filter((e) => e.event === 'labels.changed');
  assert.equal(changed.length, 1);
  await call('labels.set', { clipId: second.id, annotator: 'ana', label: 'calm' });

  const detail = await call('clips.get', { clipId: first.id });
  assert.equal(detail.clip.current?.label, 'sad');
  assert.deepEqual(detail.clip.current?.flags, ['ambiguous']);
  assert.equal(detail.media.audio, `/media/audio/${first.id}`);

  const undone = await call('labels.undo', { annotator: 'ana' });
  assert.equal(undone?.clipId, second.id);
  assert.equal((await call('clips.get', { clipId: second.id })).clip.current?.label ?? null, null);
  assert.equal((await call('clips.facets', {})).counts.byLabel.sad, 1);

  const exported = await call('labels.export', { format: 'csv', scope: 'history' });
  assert.ok(exported.path.startsWith(path.join(root, 'ws', 'exports')));
  const csv = await readFile(exported.path, 'utf8');
  assert.equal(csv.trim().split('\n').length, 1 + 3, 'header + two labels + the undo');

  const unknown = await callError('clips.get', { clipId: 'f'.repeat(64) });
  assert.equal(unknown.code, 'not-found');
  const badLabel = await callError('labels.set', { clipId: first.id, annotator: 'ana', label: 'joy' });
  assert.equal(badLabel.code, 'invalid-input');
  assert.equal(badLabel.field, 'label');
  assert.ok(existsSync(path.join(root, 'ws', 'workspace.db')));
});

/** A workspace holding one generated clip (a 1 s tone), imported through the contract. */
async function withOneClip(t: test.TestContext, engine = fakeEngine()) {
  const harness = await setUp(t, engine);
  const folder = path.join(harness.root, 'corpus', 'neutral');
  await mkdir(folder, { recursive: true });
  const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000));
  await writeFile(path.join(folder, 'tone.wav'), encodeWav(tone, 16000));
  await harness.call('workspace.open', { dir: path.join(harness.root, 'ws') });
  await harness.call('import.start', { dir: path.join(harness.root, 'corpus'), format: 'folder' });
  await harness.backend.idle();
  const [clip] = (await harness.call('clips.list', { offset: 0, limit: 1 })).rows;
  assert.ok(clip, 'the clip was imported');
  return { ...harness, clip };
}

test('predictions come from the engine for the active model, with the workspace feature cache', async (t) => {
  const { root, call, callError, clip, engine } = await withOneClip(t);
  const models = await call('models.list', {});
  assert.equal(models.active?.builtIn, true, 'the shipped model is active by default');
  assert.ok(models.active?.labels.includes('angry'));

  const prediction = await call('clips.predict', { clipId: clip.id });
  assert.deepEqual(prediction?.probs, FAKE_PREDICTION.probs);
  assert.deepEqual(prediction?.labels, FAKE_PREDICTION.labels);
  assert.equal(prediction?.model.dir, models.active?.dir);
  const sent = engine.requests.find((r) => r.method === 'predictClip');
  assert.deepEqual(sent?.params, { modelDir: models.active?.dir, path: clip.path, cacheDir: path.join(root, 'ws', 'cache') });
  assert.equal((await callError('clips.predict', { clipId: 'a'.repeat(64) })).code, 'not-found');
});

test('an engine error about the audio reaches the UI as a typed input-file error', async (t) => {
  const failure = { code: 'input-file' as const, message: '/x/tone.wav: not a WAV file' };
  const { callError, clip } = await withOneClip(t, fakeEngine({ failPredictions: failure }));
  assert.deepEqual(await callError('clips.predict', { clipId: clip.id }), failure);
});
