/** Real Chromium for the end-to-end suite and the screenshots: the Debian build, headless, nothing phoning home. */
import { chromium, type Browser } from 'playwright-core';

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

/** `SARANGBANG_CHROMIUM` overrides the binary (default: Debian's /usr/bin/chromium). */
export function chromiumPath(): string {
  return process.env.SARANGBANG_CHROMIUM ?? '/usr/bin/chromium';
}

/** Playwright gives every launched browser its own new, empty user-data-dir and deletes it on close. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
