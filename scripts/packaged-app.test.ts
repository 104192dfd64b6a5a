// Builds the app for production (electron-vite, into a temp dir) and checks what electron-builder would pack.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalPackage, filesFilter, importSpecifiers, listFiles, loadBuilderConfig, root } from './packaging.js';

const ENTRIES = ['electron/main.ts', 'electron/preload.ts', 'renderer/index.html'];
const missing = ENTRIES.filter((entry) => !existsSync(join(root, entry)));
if (missing.length > 0) console.warn(`[packaged-app] skipped: ${missing.join(', ')} not written yet`);

const cspOf = (html: string) => html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];
const referencedFiles = (html: string) => [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

describe.skipIf(missing.length > 0)('the production build', () => {
  let outDir = '';
  let built: string[] = [];
  const read = (path: string) => readFile(join(outDir, path), 'utf8');
  const builtJs = (folder: string) => built.filter((p) => p.startsWith(`${folder}/`) && /\.(c|m)?js$/.test(p));

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sarangbang-build-'));
    const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    await promisify(execFile)(process.execPath, [cli, 'build', '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    built = await listFiles(outDir);
  }, 300_000);
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('produces the entry electron-builder starts (package.json "main") and packs every built file', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toMatch(/^out\//);
    expect(built).toContain(pkg.main.slice('out/'.length));
    const packs = filesFilter((await loadBuilderConfig()).files ?? []);
    expect(built.filter((path) => !packs(`out/${path}`))).toEqual([]);
  });

  it('packs nothing from the project besides package.json: no sources, tests, docs or build resources', async () => {
    const packs = filesFilter((await loadBuilderConfig()).files ?? []);
    const projectFiles = await listFiles(root, ['node_modules', '.git', 'out', 'dist']);
    expect(projectFiles.filter(packs)).toEqual(['package.json']);
  });

  it('contains no source maps, TypeScript sources or tests', async () => {
    expect(built.filter((p) => /\.map$|\.tsx?$|\.(test|spec)\.|(^|\/)__tests__\//.test(p))).toEqual([]);
    for (const path of built.filter((p) => /\.(c|m)?js$/.test(p))) {
      expect(await read(path), path).not.toMatch(/\/\/# sourceMappingURL=/);
    }
  });

  it('needs no node_modules at run time beyond the runtime dependencies in package.json', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const declared = Object.keys(pkg.dependencies ?? {});
    const used = new Set<string>();
    for (const path of [...builtJs('main'), ...builtJs('preload')]) {
      for (const specifier of importSpecifiers(await read(path), path)) {
        const name = externalPackage(specifier);
        if (name && name !== 'electron') used.add(name);
      }
    }
    // Anything imported must be shipped; anything shipped must be used (electron-builder copies every dependency).
    expect([...used].filter((name) => !declared.includes(name)), 'imported but only a devDependency').toEqual([]);
    expect(declared.filter((name) => !used.has(name)), 'shipped but never imported').toEqual([]);
  });

  it('resolves every relative import in the main process bundle to a built file', async () => {
    for (const path of builtJs('main')) {
      for (const specifier of importSpecifiers(await read(path), path).filter((s) => s.startsWith('.'))) {
        expect(built, `${path} imports ${specifier}`).toContain(posix.join(posix.dirname(path), specifier));
      }
    }
  });

  it('bundles the sandboxed preload into one CommonJS file that requires only what a sandbox provides', async () => {
    const preloads = builtJs('preload');
    expect(preloads).toEqual(['preload/index.cjs']);
    const requires = importSpecifiers(await read('preload/index.cjs'), 'preload/index.cjs');
    expect(requires.filter((s) => !['electron', 'events', 'timers', 'url'].includes(s))).toEqual([]);
    const mainBundle = (await Promise.all(builtJs('main').map(read))).join('\n');
    expect(mainBundle).toContain('preload/index.cjs');
    expect(mainBundle).toContain('renderer/index.html');
  });

  it('loads every script, stylesheet and asset the page references from the build', async () => {
    const html = await read('renderer/index.html');
    const refs = referencedFiles(html);
    expect(refs.length).toBeGreaterThan(0);
    const resolveFrom = (from: string, ref: string) => posix.join(posix.dirname(from), ref.split(/[?#]/)[0]!);
    for (const ref of refs) {
      expect(ref, 'no remote or absolute URLs').toMatch(/^\.\//);
      expect(built).toContain(resolveFrom('renderer/index.html', ref));
    }
    for (const path of builtJs('renderer')) {
      const js = await read(path);
      for (const specifier of importSpecifiers(js, path).filter((s) => s.startsWith('.'))) {
        expect(built, `${path} imports ${specifier}`).toContain(resolveFrom(path, specifier));
      }
      expect(importSpecifiers(js, path).filter((s) => !s.startsWith('.')), `${path}: bare imports cannot load in the page`).toEqual([]);
    }
    for (const path of built.filter((p) => p.startsWith('renderer/') && p.endsWith('.css'))) {
      for (const [, url] of (await read(path)).matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
        if (url!.startsWith('data:')) continue;
        expect(built, `${path} uses ${url}`).toContain(resolveFrom(path, url!));
      }
    }
  });

  it('keeps the hardened window settings in the built main process', async () => {
    const main = (await Promise.all(builtJs('main').map(read))).join('\n');
    const on = (key: string) => new RegExp(`\\b${key}\\s*:\\s*(true|!0)\\b`);
    const off = (key: string) => new RegExp(`\\b${key}\\s*:\\s*(false|!1)\\b`);
    expect(main).toMatch(on('contextIsolation'));
    expect(main).toMatch(on('sandbox'));
    expect(main).toMatch(off('nodeIntegration'));
    for (const key of ['contextIsolation', 'sandbox', 'webSecurity']) expect(main).not.toMatch(off(key));
    for (const key of ['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'webviewTag']) {
      expect(main).not.toMatch(on(key));
    }
  });

  it('keeps the strict Content-Security-Policy in the built page', async () => {
    const builtCsp = cspOf(await read('renderer/index.html'));
    expect(builtCsp).toBe(cspOf(await readFile(join(root, 'renderer/index.html'), 'utf8')));
    const directives = new Map(builtCsp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    const scripts = directives.get('script-src') ?? directives.get('default-src')!;
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
    for (const [name, values] of directives) {
      for (const value of values) {
        const loopback = /^wss?:\/\/(127\.0\.0\.1|localhost)(:\d+|:\*)?$/.test(value);
        expect(value === '*' || (/^[a-z-]+:\/\//.test(value) && !loopback), `${name} ${value}: remote origin`).toBe(false);
      }
    }
    // Inline scripts would be blocked by this policy, so the page must have none.
    expect(await read('renderer/index.html')).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

