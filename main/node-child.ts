/**
 * Where a Node child process's entry is and how to start it, for the processes main/ forks (the byte relay, the
 * room's own process): the bundled `<name>.js` beside the calling bundle, or under TypeScript sources (tsx, vitest)
 * the `<name>.ts` beside the calling source with tsx's loader.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface NodeChildEntry {
  file: string;
  execArgv: string[];
}

/** `callerUrl` is the caller's `import.meta.url`; `name` the entry's file name without extension. */
export function nodeChildEntry(callerUrl: string, name: string): NodeChildEntry {
  const here = fileURLToPath(callerUrl);
  if (!here.endsWith('.ts')) return { file: path.join(path.dirname(here), `${name}.js`), execArgv: [] };
  const tsx = createRequire(callerUrl).resolve('tsx');
  return { file: path.join(path.dirname(here), `${name}.ts`), execArgv: ['--import', pathToFileURL(tsx).href] };
}
