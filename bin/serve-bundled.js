// `npm run serve`: runs the CLI from an esbuild bundle of the TypeScript sources (rebuilt at each start, ~0.5 s)
// rather than through tsx's loader, whose hooks thread costs the room ~17 MiB of memory (and its relay child as much).
// A development-checkout launcher only (esbuild is a devDependency); the installed CLI runs out/cli/index.js.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';
import { becomeRoomProcess } from './serve-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules so that the bundle resolves the CLI's npm dependencies from the project; one folder per
// checkout (worktrees may share one node_modules).
const checkout = createHash('sha256').update(root).digest('hex').slice(0, 12);
const outdir = path.join(root, 'node_modules', '.cache', `sarangbang-cli-${checkout}`);
const { outputFiles } = await build({
  entryPoints: {
    index: path.join(root, 'main/cli/index.ts'),
    // relay-process.ts forks relay-child.js from beside the bundle.
    'relay-child': path.join(root, 'main/transfer/relay-child.ts'),
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // No source maps: Node's map support costs the room ~10 MiB; a stack trace names bundle lines, and the bundle
  // (not minified) says above each part which source file it comes from.
  logLevel: 'error',
  write: false,
});
stop(); // its service process would otherwise stay beside the room
mkdirSync(outdir, { recursive: true });
// Each file replaced at once (written aside, then renamed): a room started meanwhile never reads half a bundle.
for (const file of outputFiles) {
  const aside = `${file.path}.${process.pid}`;
  writeFileSync(aside, file.contents);
  renameSync(aside, file.path);
}
const entry = path.join(outdir, 'index.js');
// The room in a process started with its settings (serve-process.js); it stays this process where Node cannot.
if (process.argv[2] === 'serve') becomeRoomProcess(entry, process.argv.slice(2));
await import(pathToFileURL(entry).href);
