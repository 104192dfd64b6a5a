#!/usr/bin/env node
// The `sarangbang` command. In a development checkout it runs the TypeScript sources through tsx (a
// devDependency), so it is never stale; where tsx is not installed it runs the bundle from `npm run build:cli`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { becomeRoomProcess } from './serve-process.js';

const source = new URL('../main/cli/index.ts', import.meta.url);
const bundle = new URL('../out/cli/index.js', import.meta.url);

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

// `serve` runs in a process started with the room's heap flags and allocator setting (serve-process.js).
if (process.argv[2] === 'serve') becomeRoomProcess(fileURLToPath(import.meta.url), process.argv.slice(2));

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
