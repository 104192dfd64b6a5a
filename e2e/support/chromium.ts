/** Real Chromium for the end-to-end suite and the screenshots: an installed Chromium-family browser, headless, nothing phoning home. */
import { chromium, type Browser } from 'playwright-core';
import { findBrowser, NO_BROWSER_MESSAGE } from './find-browser.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `SARANGBANG_CHROMIUM`, else the first installed browser (find-browser.ts). */
export function chromiumPath(): string {
  const found = findBrowser();
  if (!found) throw new Error(NO_BROWSER_MESSAGE);
  return found;
}

/** Playwright gives every launched browser its own new, empty user-data-dir and deletes it on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
