import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FilePreviews } from '../main/app/file-previews.js';

vi.mock('electron', () => ({}));
const { PREVIEW_SCHEME, PREVIEW_SCHEME_PRIVILEGES, previewHandler, previewUrlOf, servePreviewScheme } =
  await import('./preview-protocol.js');
const { registerAppScheme } = await import('./app-protocol.js');

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let dir = '';
let previews: FilePreviews;
let url = '';
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-preview-protocol-'));
  await writeFile(join(dir, 'cat.png'), PNG);
  await writeFile(join(dir, 'page.html'), '<script>alert(1)</script>');
  previews = new FilePreviews(previewUrlOf);
  url = (await previews.register(join(dir, 'cat.png')))!;
  handler = previewHandler(() => previews);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (target: string, method = 'GET') => handler(new Request(target, { method }));

describe('the sbfile:// scheme', () => {
  it('is registered with app: in one call, standard and secure only, and handled under "sbfile"', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) }, [
      { scheme: PREVIEW_SCHEME, privileges: PREVIEW_SCHEME_PRIVILEGES },
    ]);
    expect(registered).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true } },
      { scheme: 'sbfile', privileges: { standard: true, secure: true } },
    ]);
    const handled: string[] = [];
    servePreviewScheme({ handle: (scheme) => void handled.push(scheme) }, () => previews);
    expect(handled).toEqual(['sbfile']);
  });

  it('serves a verified received image by its id as image/png with nosniff and a CSP', async () => {
    expect(url).toMatch(/^sbfile:\/\/preview\/[0-9a-f]{32}$/);
    const answer = await get(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(PNG);
    const head = await get(url, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(url, 'POST')).status).toBe(405);
  });

  it('refuses unknown ids, files it never registered, other hosts and traversal', async () => {
    const id = url.slice('sbfile://preview/'.length);
    for (const target of [
      'sbfile://preview/ffffffffffffffffffffffffffffffff',
      `sbfile://other/${id}`,
      `sbfile://preview/${id}/../${id}x`,
      `sbfile://preview/..%2f..%2f${encodeURIComponent(join(dir, 'page.html'))}`,
      `sbfile://preview/${encodeURIComponent(join(dir, 'cat.png'))}`,
      `sbfile://preview/${id}%2f..%2fpage.html`,
      'sbfile://preview/',
    ]) {
      const answer = await get(target);
      expect(answer.status, target).toBe(404);
      expect(answer.headers.get('content-type')).not.toMatch(/^image\//);
    }
  });

  it('serves nothing before the app exists', async () => {
    expect((await previewHandler(() => undefined)(new Request(url))).status).toBe(404);
  });
});
