/**
 * The browser half of an e2e suite: call inside `describe`. Launches Chromium with one
 * 1280×720 page before the tests, screenshots what the page shows at the end of each test
 * (the artifact to open when one fails), and closes everything (then runs `cleanup`) after.
 */
import { after, afterEach, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './chromium.ts';

export interface BrowserPage {
  browser: Browser;
  page: Page;
}

export function useBrowserPage(cleanup: () => Promise<void>): BrowserPage {
  const session = {} as BrowserPage;
  before(async () => {
    session.browser = await launchChromium();
    session.page = await session.browser.newPage({ viewport: { width: 1280, height: 720 } });
    // Two cores shared with the back end, the engine and Chromium: give the page time.
    session.page.setDefaultTimeout(90_000);
  });
  afterEach(async (t) => {
    await screenshot(session.page, `end-${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
  });
  after(async () => {
    await session.browser?.close();
    await cleanup();
  });
  return session;
}
