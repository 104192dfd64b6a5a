// Dev tool: screenshots of the renderer with a fake API (fixture.ts), in real Chromium.
//   npx vite build renderer --config renderer/dev/vite.config.mjs --outDir /tmp/sb-renderer
//   node renderer/dev/screenshots.mjs [outDir] [scenario,scenario…]
// Serves the build on 127.0.0.1 only. Scenarios: see fixture.ts.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = '/tmp/sb-renderer';
const outDir = resolve(process.argv[2] ?? '/tmp/sb-shots');
const only = process.argv[3]?.split(',');
const here = new URL('.', import.meta.url).pathname;

const fixture = await build({ entryPoints: [join(here, 'fixture.ts')], bundle: true, format: 'iife', write: false, target: 'es2022' });
const fixtureJs = fixture.outputFiles[0].text;

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  try {
    const body = await readFile(join(root, path === '/' ? 'index.html' : path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const port = server.address().port;

const shots = [
  ['first-run'], ['home'], ['home-hosting'], ['room'], ['room-dm'], ['offer'], ['dm-request'],
  ['transfers', async (page) => page.getByRole('button', { name: /Transfers|전송/ }).click()],
  ['settings', async (page) => page.getByRole('button', { name: /^Settings$|^설정$/ }).first().click()],
  ['reconnecting'], ['away'],
  ['autocomplete', async (page) => page.getByRole('textbox').first().fill('/')],
];

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const [scenario, act] of shots) {
    if (only && !only.includes(scenario)) continue;
    for (const lang of ['en', 'ko']) {
      for (const theme of ['light', 'dark']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
        page.on('pageerror', (error) => console.error(scenario, lang, theme, error.message));
        await page.addInitScript(fixtureJs);
        await page.goto(`http://127.0.0.1:${port}/index.html?scenario=${scenario}&lang=${lang}&theme=${theme}`);
        await page.waitForSelector('main, [role=log], [role=dialog], [role=alertdialog]');
        await page.waitForTimeout(300);
        if (act) await act(page);
        await page.waitForTimeout(400);
        await page.screenshot({ path: join(outDir, `${scenario}-${lang}-${theme}.png`) });
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`screenshots in ${outDir}`);
