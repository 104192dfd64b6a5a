/**
 * The suite drives the BUILT renderer (out/renderer), as the app ships it. Builds it once when index.html is missing
 * or older than any renderer source (or the IPC contract), with the renderer section of electron.vite.config.ts, so a
 * clean clone works with plain `npm test`.
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { InlineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_OUT = join(ROOT, 'out/renderer');

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

export async function rendererIsStale(): Promise<boolean> {
  const built = await stat(join(RENDERER_OUT, 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built === 0) return true;
  const sources = Math.max(
    await newestMtime(join(ROOT, 'renderer/src')),
    await newestMtime(join(ROOT, 'renderer/index.html')),
    await newestMtime(join(ROOT, 'contract/ipc-contract.ts')),
    await newestMtime(fileURLToPath(import.meta.url)),
  );
  return sources > built;
}

/** Builds out/renderer if stale; returns true when it built. */
export async function ensureRendererBuilt(log: (line: string) => void = console.log): Promise<boolean> {
  if (!(await rendererIsStale())) return false;
  log('[e2e] building the renderer into out/renderer (it is missing or older than its sources)…');
  const { build } = await import('vite');
  const { default: exported } = await import('../../electron.vite.config.js');
  const config = (await (typeof exported === 'function'
    ? (exported as (env: object) => unknown)({ command: 'build', mode: 'production' })
    : exported)) as { renderer?: InlineConfig };
  const renderer = config.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section');
  // Built beside, then swapped in: a suite running meanwhile (another engineer's) never serves a half-written folder.
  const fresh = `${RENDERER_OUT}.building-${process.pid}`;
  const old = `${RENDERER_OUT}.old-${process.pid}`;
  // The shipped (production) build whatever NODE_ENV the caller runs under: vitest sets it to "test", and Vite then
  // bundles React's development build and JSX (3× the bytes, several times slower), which the app never ships.
  const callerNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({
    ...renderer,
    mode: 'production',
    configFile: false,
    root: join(ROOT, 'renderer'),
    base: './',
    logLevel: 'warn',
    build: { ...renderer.build, outDir: fresh, emptyOutDir: true },
  }).finally(() => {
    if (callerNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerNodeEnv;
  });
  await rename(RENDERER_OUT, old).catch(() => undefined);
  await rename(fresh, RENDERER_OUT);
  await rm(old, { recursive: true, force: true });
  return true;
}
