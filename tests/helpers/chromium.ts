/**
 * Debian's Chromium driven by playwright-core (no browser download: DESIGN.md §8), with
 * the flags that keep it quiet and offline. Screenshots go to test-results/screenshots,
 * the artifacts a reviewer opens after a run.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { findExecutable } from '../../training/find-executable.ts';
import { REPO_ROOT } from './paths.ts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** The Chromium binary, or null with the reason a browser test must skip. */
export function chromiumPath(): string | null {
  return process.env.SER_CHROMIUM ?? findExecutable('chromium') ?? findExecutable('chromium-browser');
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error('chromium is not installed (apt-get install chromium)');
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
