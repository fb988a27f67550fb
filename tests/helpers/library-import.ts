/** Importing a folder the way a user does in browser mode: the Library's folder browser. */
import type { Page } from 'playwright-core';

/** Import `dir` through Import folder… → type the path → Use this folder → Import; waits until it is done. */
export async function importFolderFromLibrary(page: Page, dir: string): Promise<void> {
  await page.getByRole('button', { name: 'Import folder…' }).first().click();
  const pathInput = page.getByRole('textbox', { name: 'Folder path' });
  await pathInput.fill(dir);
  await pathInput.press('Enter');
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('button', { name: 'Done' }).waitFor({ timeout: 60_000 });
}
