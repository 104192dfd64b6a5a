/**
 * `npm run e2e:electron`: the same scenarios as the Chromium suite (e2e/*.test.ts), in the real Electron app built
 * from this checkout: one instance per person, launched through Playwright's Electron driver (`_electron`, see
 * support/electron-person.ts), where the Electron binary exists. CI runs it on Linux (under xvfb-run), Windows and
 * macOS (.github/workflows/ci.yml, job `electron`). It never skips silently: SARANGBANG_SKIP_E2E=1 is refused, and
 * a run that executed no scenario fails.
 */
import { startVitest } from 'vitest/node';

if (process.env.SARANGBANG_SKIP_E2E === '1') {
  console.error('[e2e:electron] SARANGBANG_SKIP_E2E=1 would skip every scenario; unset it to run them in Electron.');
  process.exit(1);
}
process.env.SARANGBANG_E2E_DRIVER = 'electron';
const vitest = await startVitest('test', [], { run: true, project: ['e2e'] });
const ran = vitest.state
  .getTestModules()
  .reduce((count, module) => count + [...module.children.allTests('passed')].length, 0);
const failed = vitest.state.getCountOfFailedTests() > 0 || vitest.state.getUnhandledErrors().length > 0;
await vitest.close();
if (ran === 0) console.error('[e2e:electron] no scenario passed: none ran.');
process.exit(failed || ran === 0 ? 1 : 0);
