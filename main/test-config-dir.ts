/** Test setup for the node project: each test file gets its own config folder, so no test touches the user's pins or identities. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

if (process.env.SARANGBANG_CONFIG_DIR === undefined) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-test-config-'));
  process.env.SARANGBANG_CONFIG_DIR = dir;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.SARANGBANG_CONFIG_DIR;
  });
}
