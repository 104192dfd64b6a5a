/** `SARANGBANG_SKIP_E2E=1` skips the browser suite (CI on Windows and macOS sets it: no Debian Chromium there). */
export const E2E_SKIPPED = process.env.SARANGBANG_SKIP_E2E === '1';
export const SKIP_MESSAGE =
  '[e2e] SARANGBANG_SKIP_E2E=1: skipping the end-to-end suite in Chromium (nothing built, no browser launched).';
