/**
 * The annotator's keyboard flow, shared by the browser-mode and the Electron e2e tests so
 * both check the same thing: from the Library, open the first clip with Enter, label five
 * clips with the keys 3, 5, 1, 4, 2 (asking the annotator's name once), undo the last.
 */
import type { Page } from 'playwright-core';

/** Labels the five clips end up with, in Library order, after the undo (null: none). */
export const LABELS_AFTER_FLOW = ['happy', 'angry', 'neutral', 'sad', null] as const;

export async function labelFiveByKeyboard(page: Page, annotator: string): Promise<void> {
  const grid = page.getByRole('grid', { name: 'Clips' });
  await grid.getByRole('row').nth(1).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Play' }).waitFor();

  // The first label asks once who is labelling.
  await page.keyboard.press('3');
  const name = page.getByRole('textbox', { name: 'Annotator name' });
  await name.waitFor();
  await name.fill(annotator);
  await name.press('Enter');
  const saved = page.getByRole('status').filter({ hasText: 'Saved' });
  await saved.waitFor();

  for (const key of ['5', '1', '4', '2']) {
    await page.keyboard.press('j');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    await page.keyboard.press(key);
    await saved.waitFor();
  }
  await page.keyboard.press('Control+z');
  await page.getByText(/Undid/).first().waitFor();
}

/** The Label column of the Library's first `count` rows ('' for no label). */
export async function libraryLabels(page: Page, count: number): Promise<string[]> {
  const grid = page.getByRole('grid', { name: 'Clips' });
  await grid.getByRole('row').nth(1).waitFor();
  return grid
    .getByRole('row')
    .evaluateAll(
      (rows, n) => rows.slice(1, 1 + n).map((row) => row.querySelector('.cell.label')?.textContent?.trim() ?? ''),
      count,
    );
}
