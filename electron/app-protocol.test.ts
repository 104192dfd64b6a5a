import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { APP_INDEX_URL, appFileHandler, registerAppScheme, serveAppScheme } = await import('./app-protocol.js');

let dir = '';
let renderer = '';
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sarangbang-app-protocol-'));
  renderer = join(dir, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>ours</title>');
  await writeFile(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(renderer, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(renderer, 'assets', 'blob.bin'), 'x');
  await writeFile(join(dir, 'secret.txt'), 'private key');
  await symlink(join(dir, 'secret.txt'), join(renderer, 'assets', 'escape.js'));
  handler = appFileHandler(renderer);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('the app:// scheme', () => {
  it('is registered standard and secure, without CORS or fetch privileges, and handled under "app"', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    const handled: string[] = [];
    serveAppScheme({ handle: (scheme) => void handled.push(scheme) }, renderer);
    expect(handled).toEqual(['app']);
  });

  it('serves the built page and its assets with their MIME types, nosniff', async () => {
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html><title>ours</title>');
    const script = await get('app://sarangbang/assets/index-abc.js?v=1#x');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://sarangbang/assets/index-abc.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect(await (await get('app://sarangbang/')).text()).toContain('ours');
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses path traversal in every spelling, symlinks out of the folder, and other hosts', async () => {
    for (const url of [
      'app://sarangbang/../secret.txt',
      'app://sarangbang/%2e%2e/secret.txt',
      'app://sarangbang/assets/..%2f..%2fsecret.txt',
      'app://sarangbang/assets/..%5c..%5csecret.txt',
      'app://sarangbang/..%2fsecret.txt',
      'app://sarangbang/index.html%00.js',
      'app://sarangbang/%E0%A4%A',
      'app://sarangbang/assets/escape.js',
      'app://sarangbang/assets',
      'app://sarangbang/missing.js',
      'app://other/index.html',
      'app://sarangbang:8080/index.html',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('private key');
    }
  });

  it('serves only known file types and only GET/HEAD', async () => {
    expect((await get('app://sarangbang/assets/blob.bin')).status).toBe(404);
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
  });
});
