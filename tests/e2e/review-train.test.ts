/**
 * The review-and-retrain loop end to end in Debian's Chromium against browser mode
 * (`ser serve`, a real workspace, the real engine): import a generated corpus in which two
 * clips carry wrong labels, predict the workspace, open "Model disagrees", relabel two
 * clips by keyboard (one with a reason), train a small model from the Train view with its
 * curves on screen, open its confusion matrix, click a cell and land on one of its clips.
 * Screenshots of each step are saved in test-results/screenshots.
 */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { useBrowserPage } from '../helpers/browser-page.ts';
import { screenshot } from '../helpers/chromium.ts';
import { makeEspeakCorpus } from '../helpers/espeak-corpus.ts';
import { importFolderFromLibrary } from '../helpers/library-import.ts';
import { browserSuiteSkipReason } from '../helpers/programs.ts';
import { serve } from '../helpers/serve.ts';
import type { ServedApp } from '../helpers/serve.ts';
import { WorkspaceStore } from '../../electron/services/workspace/store.ts';

const ANNOTATOR = 'e2e-reviewer';

/** Polls `condition` until it holds (the page updates on its own schedule), up to 90 s. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const skipReason = browserSuiteSkipReason('review and training e2e tests');

describe('review and retrain in the browser', { skip: skipReason }, () => {
  let root: string;
  let workspace: string;
  let app: ServedApp;
  const session = useBrowserPage(async () => {
    await app?.stop();
    await rm(root, { recursive: true, force: true });
  });

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ser-e2e-review-'));
    workspace = path.join(root, 'workspace');
    const corpus = path.join(root, 'corpus');
    await makeEspeakCorpus(corpus, { speakers: 6, sentences: 2, labels: ['neutral', 'happy', 'sad', 'angry'] });
    // Deliberately wrong labels: angry speech filed as sad.
    await rename(path.join(corpus, 'angry', 'enm1', '1.wav'), path.join(corpus, 'sad', 'enm1', 'wrong-1.wav'));
    await rename(path.join(corpus, 'angry', 'enf1', '1.wav'), path.join(corpus, 'sad', 'enf1', 'wrong-1.wav'));
    const settingsDir = path.join(root, 'settings');
    await mkdir(settingsDir, { recursive: true });
    await writeFile(path.join(settingsDir, 'settings.json'), JSON.stringify({ annotator: ANNOTATOR }));
    app = await serve({ workspace, settingsDir, home: root });
  });

  const page = () => session.page;
  const queueButton = (name: string) => page().getByRole('group', { name: 'Review queues' }).getByRole('button', { name: new RegExp(`^${name}`) });
  const queueCount = async (name: string) => Number((await queueButton(name).locator('.n').textContent())?.replace(/\D/g, ''));

  it('imports the corpus and predicts every clip in the background', async () => {
    await page().goto(app.url);
    await page().getByRole('heading', { name: 'Library' }).waitFor();
    await importFolderFromLibrary(page(), path.join(root, 'corpus'));
    await page().getByRole('button', { name: 'Done' }).click();

    await page().getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Review' }).click();
    const predictions = page().getByRole('group', { name: 'Model predictions' });
    await predictions.getByText('0 of 48 clips predicted').waitFor();
    await screenshot(page(), 'review-before-predictions');
    await predictions.getByRole('button', { name: 'Predict all' }).click();
    await predictions.getByText('48 of 48 clips predicted').waitFor({ timeout: 180_000 });
    await screenshot(page(), 'review-predicted');
  });

  it('relabels two clips of "Model disagrees" by keyboard, one with a reason', async () => {
    await queueButton('Model disagrees').click();
    await page().getByRole('button', { name: 'Play' }).waitFor();
    const before = await queueCount('Model disagrees');
    assert.ok(before >= 2, `the default model disagrees with at least two labels (${before})`);
    const saved = page().getByRole('status').filter({ hasText: 'Saved' });

    // What the model answers for the first clip, to relabel it with that.
    const firstFile = await page().locator('h2.title').first().textContent();
    await page().keyboard.press('5'); // angry
    await saved.waitFor();
    await page().keyboard.press('r');
    const reason = page().getByRole('textbox', { name: /Reason/ });
    await reason.fill('angry delivery, filed as something else');
    await reason.press('Enter');
    await saved.waitFor();
    // The Annotators panel follows the saved label (the consensus is the back end's).
    await page().getByRole('region', { name: /^Annotators/ }).getByText(ANNOTATOR).waitFor();
    await screenshot(page(), 'review-relabelled-with-reason');

    await page().keyboard.press('j');
    await page().getByRole('button', { name: 'Play' }).waitFor();
    assert.notEqual(await page().locator('h2.title').first().textContent(), null);
    await page().keyboard.press('5');
    await saved.waitFor();
    await until(async () => (await queueCount('Model disagrees')) === before - 2, 'the queue count drops by the two relabelled clips');
    await screenshot(page(), 'review-after-two-relabels');
    assert.ok(firstFile !== null);

    // The two relabels are durable events, the first with its reason.
    const store = WorkspaceStore.open(workspace);
    const mine = store.currentLabels(ANNOTATOR);
    store.close();
    assert.equal(mine.length, 2);
    assert.ok(mine.every((e) => e.label === 'angry'));
    assert.equal(mine.filter((e) => e.reason === 'angry delivery, filed as something else').length, 1);
  });

  it('trains a small model from the Train view with live curves, then opens a confusion cell', async () => {
    await page().getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Train' }).click();
    await page().getByRole('heading', { name: 'Train a model' }).waitFor();
    await page().getByLabel('Max epochs').fill('3');
    await page().getByLabel('Folds').fill('2');
    await page().getByLabel('Name').fill('e2e-model');
    const start = page().getByRole('button', { name: 'Start training' });
    await until(() => start.isEnabled(), 'Start training is enabled once the preview is in');
    await start.click();

    // Curves: the loss chart draws as soon as the first epoch is in.
    await page().getByRole('img', { name: /loss per epoch/i }).waitFor();
    await page().getByRole('list', { name: /latest value per run/i }).first().getByText(/fold 1/).waitFor({ timeout: 240_000 });
    await screenshot(page(), 'train-curves');

    const results = page().getByRole('region', { name: 'e2e-model' });
    await results.waitFor({ timeout: 300_000 });
    await results.getByText(/Speaker-independent cross-validation/).waitFor();
    await screenshot(page(), 'train-results');

    // Click a cell that holds clips; land on one of them in the Label view.
    const cell = results.getByRole('button', { name: /: [1-9]\d* clips?$/ }).first();
    const cellName = (await cell.getAttribute('aria-label')) ?? '';
    const count = Number(/: (\d+) clips?$/.exec(cellName)?.[1]);
    await cell.click();
    await page().getByRole('button', { name: 'Play' }).waitFor();
    await page().getByRole('button', { name: '← Train' }).waitFor();
    await page().getByText(`${cellName.replace(/: (\d+) clips?$/, '')} · ${count} clip`).waitFor();
    assert.ok(await page().getByText(new RegExp(`1\\s*/\\s*${count}`)).first().isVisible(), `the Label view pages through the cell's ${count} clips`);
    await screenshot(page(), 'train-cell-clip');
    await page().getByRole('button', { name: '← Train' }).click();
    await page().getByRole('heading', { name: 'Train a model' }).waitFor();
  });
});
