/**
 * The renderer the end-to-end suite and bench:ui drive is the one the app ships: React's production build, even
 * though vitest runs with NODE_ENV=test (a development build is 3× the bytes and several times slower per render).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { RENDERER_OUT } from './renderer-build.js';

test('the built renderer carries React’s production build, not its development one', async () => {
  const assets = join(RENDERER_OUT, 'assets');
  const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
  const code = (await Promise.all(scripts.map((name) => readFile(join(assets, name), 'utf8')))).join('\n');
  expect(code).toContain('Minified React error');
  expect(code).not.toContain('Check the render method');
  expect(code).not.toContain('jsxDEV');
});
