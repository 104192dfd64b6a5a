// Regenerates build/icon.{png,icns,ico} from assets/icon.svg: `npm run icons`. Commit the results.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderIcons } from './icons.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}assets/icon.svg`;
const outDir = `${root}build`;

const icons = await renderIcons(await readFile(source));
await mkdir(outDir, { recursive: true });
await writeFile(`${outDir}/icon.png`, icons.png);
await writeFile(`${outDir}/icon.icns`, icons.icns);
await writeFile(`${outDir}/icon.ico`, icons.ico);
console.log(
  `icons written to ${outDir}: png ${icons.png.length} B, icns ${icons.icns.length} B, ico ${icons.ico.length} B`,
);
