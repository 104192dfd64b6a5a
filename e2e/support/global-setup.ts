/**
 * vitest globalSetup of the `e2e` project (unless the suite is skipped): make sure a browser is there (installing
 * Debian's chromium where it can, else failing at once with one line saying what to install), then build the
 * renderer once. With the Electron driver (`npm run e2e:electron`) Electron is the browser: no lookup.
 */
import { installBrowserIfMissing } from './find-browser.js';
import { ELECTRON_DRIVER } from './person.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { E2E_SKIPPED, SKIP_MESSAGE } from './skip.js';

export default async function setup(): Promise<void> {
  if (E2E_SKIPPED) {
    console.warn(SKIP_MESSAGE);
    return;
  }
  console.log(`[e2e] Browser: ${ELECTRON_DRIVER ? 'Electron (npm run e2e:electron)' : installBrowserIfMissing()}`);
  await ensureRendererBuilt();
}
