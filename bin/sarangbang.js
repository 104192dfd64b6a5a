#!/usr/bin/env node
// The `sarangbang` command. In a development checkout it runs the TypeScript sources through tsx (a
// devDependency), so it is never stale; where tsx is not installed it runs the bundle from `npm run build:cli`.
import { existsSync } from 'node:fs';

const source = new URL('../main/cli/index.ts', import.meta.url);
const bundle = new URL('../out/cli/index.js', import.meta.url);

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
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
