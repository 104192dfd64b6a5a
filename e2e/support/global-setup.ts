/** vitest globalSetup of the `e2e` project: build the renderer once (unless the suite is skipped). */
import { ensureRendererBuilt } from './renderer-build.js';
import { E2E_SKIPPED, SKIP_MESSAGE } from './skip.js';

export default async function setup(): Promise<void> {
  if (E2E_SKIPPED) {
    console.warn(SKIP_MESSAGE);
    return;
  }
  await ensureRendererBuilt();
}
