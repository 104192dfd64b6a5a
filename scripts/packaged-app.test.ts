// Builds the app for production into a temp project, packs it with the real electron-builder (dir target, stand-in
// Electron binary: see dry-pack.ts) and checks what would ship.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import asar from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FramedTestClient } from '../main/gateway/test-support.js';
import { buildInto, ELECTRON_DEFAULT_FUSES, packLinuxDir } from './dry-pack.js';
import { compareFuses, expectedFuses, FUSE_INDEX } from './fuses.js';
import { externalPackage, filesFilter, importSpecifiers, listFiles, loadBuilderConfig, root } from './packaging.js';

const ENTRIES = ['electron/main.ts', 'electron/preload.ts', 'renderer/index.html'];
const missing = ENTRIES.filter((entry) => !existsSync(join(root, entry)));
if (missing.length > 0) console.warn(`[packaged-app] skipped: ${missing.join(', ')} not written yet`);

/** package.json's `dependencies` and, transitively, theirs: what electron-builder may copy into node_modules. */
async function runtimeDependencyClosure(): Promise<Set<string>> {
  const seen = new Set<string>();
  const visit = async (manifest: string): Promise<void> => {
    const { dependencies = {} } = JSON.parse(await readFile(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(dependencies)) {
      if (seen.has(name)) continue;
      seen.add(name);
      await visit(join(root, 'node_modules', name, 'package.json'));
    }
  };
  await visit(join(root, 'package.json'));
  return seen;
}

const cspOf = (html: string) => html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];
const referencedFiles = (html: string) =>
  [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

describe.skipIf(missing.length > 0)('the production build, packed by electron-builder', () => {
  let project = '';
  let outDir = '';
  let appDir = '';
  let built: string[] = [];
  const read = (path: string) => readFile(join(outDir, path), 'utf8');
  const builtJs = (folder: string) => built.filter((p) => p.startsWith(`${folder}/`) && /\.(c|m)?js$/.test(p));

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'sarangbang-pack-'));
    outDir = join(project, 'out');
    await buildInto(project);
    built = await listFiles(outDir);
    appDir = await packLinuxDir(project);
  }, 300_000);
  afterAll(() => rm(project, { recursive: true, force: true }));

  it('puts exactly the built output, package.json and the runtime dependencies into app.asar', async () => {
    const listed = asar
      .listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false })
      .map((p) => p.replaceAll('\\', '/'));
    const files = listed.filter((entry) => !listed.some((other) => other.startsWith(`${entry}/`)));
    const app = files.filter((f) => !f.startsWith('/node_modules/'));
    expect(app.sort()).toEqual([...built.map((p) => `/out/${p}`), '/package.json'].sort());
    const shippedPackages = new Set(
      files.filter((f) => f.startsWith('/node_modules/')).map((f) => externalPackage(f.slice('/node_modules/'.length))),
    );
    const runtime = await runtimeDependencyClosure();
    expect(
      [...shippedPackages].filter((name) => !runtime.has(name!)),
      'packages that are not runtime dependencies',
    ).toEqual([]);
  });

  it('starts from a main entry inside the archive, with no scripts or dev packages in the packed package.json', async () => {
    const packed = JSON.parse(
      asar.extractFile(join(appDir, 'resources', 'app.asar'), 'package.json').toString('utf8'),
    ) as Record<string, unknown>;
    expect(built).toContain(String(packed.main).replace(/^out\//, ''));
    expect(packed.desktopName).toBe('sarangbang.desktop');
    expect(packed).not.toHaveProperty('scripts');
    expect(packed).not.toHaveProperty('devDependencies');
  });

  it('flips the fuses in the packaged binary as electron-builder.yml asks', async () => {
    const expected = await expectedFuses();
    for (const [name, enabled] of Object.entries(expected)) {
      expect(
        ELECTRON_DEFAULT_FUSES[FUSE_INDEX[name]!] === '1',
        `${name} must differ from Electron's default to be worth flipping`,
      ).toBe(!enabled);
    }
    const results = await compareFuses(join(appDir, 'sarangbang'), expected);
    expect(results.filter((r) => !r.ok).map((r) => r.line)).toEqual([]);
    expect(results.map((r) => r.name).sort()).toEqual(Object.keys(FUSE_INDEX).sort());
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
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const declared = Object.keys(pkg.dependencies ?? {});
    const used = new Set<string>();
    for (const path of [...builtJs('main'), ...builtJs('preload')]) {
      for (const specifier of importSpecifiers(await read(path), path)) {
        const name = externalPackage(specifier);
        if (name && name !== 'electron') used.add(name);
      }
    }
    // Anything imported must be shipped; anything shipped must be used (electron-builder copies every dependency).
    expect(
      [...used].filter((name) => !declared.includes(name)),
      'imported but only a devDependency',
    ).toEqual([]);
    expect(
      declared.filter((name) => !used.has(name)),
      'shipped but never imported',
    ).toEqual([]);
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
    expect(mainBundle).toContain('app://sarangbang/index.html');
    expect(mainBundle).toContain('registerSchemesAsPrivileged');
    expect(mainBundle).not.toMatch(/\bloadFile\(/);
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
      expect(
        importSpecifiers(js, path).filter((s) => !s.startsWith('.')),
        `${path}: bare imports cannot load in the page`,
      ).toEqual([]);
    }
    for (const path of built.filter((p) => p.startsWith('renderer/') && p.endsWith('.css'))) {
      for (const [, url] of (await read(path)).matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
        if (url!.startsWith('data:')) continue;
        expect(built, `${path} uses ${url}`).toContain(resolveFrom(path, url!));
      }
    }
  });

  it("builds the hosted room's own process: the bundle hosts a room by itself, with no Electron in it", async () => {
    expect(built).toContain('main/room-process.js');
    // As utilityProcess would start it (here Node's fork(): the entry speaks both channels).
    const child = fork(join(outDir, 'main', 'room-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const next = (t: string) =>
        new Promise<Record<string, unknown>>((resolve) => {
          const listener = (message: Record<string, unknown>) => {
            if (message.t !== t) return;
            child.off('message', listener);
            resolve(message);
          };
          child.on('message', listener);
        });
      const started = next('started');
      child.send({ t: 'start', options: { port: 0, host: '127.0.0.1', roomName: 'lab', textGreetingMs: 60_000 } });
      const { port } = (await started) as { port: number };
      const ann = await FramedTestClient.login(port, 'ann');
      expect(ann.welcome).toMatchObject({ t: 'welcome' });
      const closed = next('closed');
      child.send({ t: 'close', message: 'bye' });
      await closed;
      ann.close();
      child.kill();
      await exited;
    } finally {
      child.kill();
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
    for (const key of [
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'allowRunningInsecureContent',
      'webviewTag',
    ]) {
      expect(main).not.toMatch(on(key));
    }
  });

  it('keeps the strict Content-Security-Policy in the built page', async () => {
    const builtCsp = cspOf(await read('renderer/index.html'));
    expect(builtCsp).toBe(cspOf(await readFile(join(root, 'renderer/index.html'), 'utf8')));
    const directives = new Map(
      builtCsp!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    const scripts = directives.get('script-src') ?? directives.get('default-src')!;
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    // Thumbnails of received images come only from the app's own sbfile: scheme (verified files, by opaque id).
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'sbfile:']);
    for (const [name, values] of directives) {
      for (const value of values) {
        // No origin at all besides 'self': not even the browser-mode bridge's loopback WebSocket.
        const allowed = value === 'data:' || (name === 'img-src' && value === 'sbfile:');
        expect(value === '*' || (/^[a-z-]+:/.test(value) && !allowed), `${name} ${value}: an origin`).toBe(false);
      }
    }
    // Inline scripts would be blocked by this policy, so the page must have none.
    expect(await read('renderer/index.html')).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
