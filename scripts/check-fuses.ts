// `npm run check:fuses [-- <app>]`: reads the fuse wire of a packaged app (default: the one `npm run dist:*` left in
// dist/ for this OS) with @electron/fuses and compares every fuse with electron-builder.yml. Exit 1 on a mismatch.
import { compareFuses, expectedFuses, packagedAppPath } from './fuses.js';

const app = process.argv[2] ?? packagedAppPath();
const results = await compareFuses(app, await expectedFuses());
console.log(`Fuses of ${app}:`);
for (const { line } of results) console.log(`  ${line}`);
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`${failed.length} fuse(s) differ from electron-builder.yml: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
console.log('Every fuse is as electron-builder.yml asks.');
