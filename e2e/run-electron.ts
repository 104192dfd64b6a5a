/**
 * `npm run e2e:electron`: the same scenarios in the real Electron app (one instance per person, through Playwright's
 * Electron support), for machines where the Electron binary exists. Not part of `npm test` or CI here.
 */
import { startVitest } from 'vitest/node';

process.env.SARANGBANG_E2E_DRIVER = 'electron';
const vitest = await startVitest('test', [], { run: true, project: ['e2e'] });
const failed = vitest.state.getCountOfFailedTests() > 0 || vitest.state.getUnhandledErrors().length > 0;
await vitest.close();
process.exit(failed ? 1 : 0);
