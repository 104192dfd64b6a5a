#!/usr/bin/env node
// The `sarangbang` command. In a development checkout it runs the TypeScript sources through tsx (a
// devDependency), so it is never stale; where tsx is not installed it runs the bundle from `npm run build:cli`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../main/cli/index.ts', import.meta.url);
const bundle = new URL('../out/cli/index.js', import.meta.url);

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

// `serve` runs with a small V8 young generation (--max-semi-space-size=8): a busy room otherwise grows it to
// 64–128 MiB of RSS; and with an old generation let grow by half its live size between full collections, not up to
// fourfold (--heap-growing-percent=50): after a join storm of 5,000 logins the room otherwise keeps ~60 MiB more of
// heap pages (docs/PERFORMANCE.md). These are startup flags, so the process replaces itself with one started with
// them (process.execve, Node ≥ 23.11 on Linux and macOS: same pid, same signals); elsewhere it runs as it is.
const HEAP_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=50'];
const flagged = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(' ')].some((flag) =>
  flag.startsWith('--max-semi-space-size'),
);
if (process.argv[2] === 'serve' && !flagged && typeof process.execve === 'function' && process.platform !== 'win32') {
  const self = fileURLToPath(import.meta.url);
  process.execve(process.execPath, [
    process.execPath,
    ...HEAP_FLAGS,
    ...process.execArgv,
    self,
    ...process.argv.slice(2),
  ]);
}

const tsx = existsSync(source) ? await loadTsx() : undefined;
if (tsx) {
  tsx.register();
  await import(source.href);
} else if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write('sarangbang: the CLI is not built. Run "npm install" (development) or "npm run build:cli".\n');
  process.exitCode = 1;
}
