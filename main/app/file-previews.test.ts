import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilePreviews, PREVIEW_MAX_BYTES, sniffImage } from './file-previews.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(60)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(60)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>');

let dir = '';
const at = (name: string) => join(dir, name);
const idOf = (url: string | undefined) => url!.slice('/p/'.length);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-previews-'));
  for (const [name, bytes] of [
    ['a.png', PNG],
    ['b.jpg', JPEG],
    ['c.gif', GIF],
    ['d.webp', WEBP],
    ['e.svg', SVG],
    ['png-named.svg', PNG],
    ['svg-named.png', SVG],
  ] as const)
    await writeFile(at(name), bytes);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('thumbnails of received files', () => {
  it('types a file by its first bytes, never by its name; SVG is never an image here', () => {
    expect(sniffImage(PNG)).toBe('image/png');
    expect(sniffImage(JPEG)).toBe('image/jpeg');
    expect(sniffImage(GIF)).toBe('image/gif');
    expect(sniffImage(WEBP)).toBe('image/webp');
    expect(sniffImage(SVG)).toBeUndefined();
    expect(sniffImage(Buffer.from('RIFF0000WAVEfmt '))).toBeUndefined();
  });

  it('serves a registered image by its opaque id with its sniffed type, nosniff and a CSP that runs nothing', async () => {
    const previews = new FilePreviews((id) => `/p/${id}`);
    const url = await previews.register(at('png-named.svg'));
    expect(url).toMatch(/^\/p\/[0-9a-f]{32}$/);
    const answer = await previews.serve(idOf(url));
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      'Content-Type': 'image/png',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    expect(Buffer.from(answer.body!)).toEqual(PNG);
    const head = await previews.serve(idOf(url), 'HEAD');
    expect([head.status, head.body]).toEqual([200, undefined]);
    expect((await previews.serve(idOf(url), 'POST')).status).toBe(405);
    for (const name of ['b.jpg', 'c.gif', 'd.webp']) {
      const served = await previews.serve(idOf(await previews.register(at(name))));
      expect(served.status).toBe(200);
    }
  });

  it('gives no preview to non-images (an SVG, whatever its name), missing files or a platform without previews', async () => {
    const previews = new FilePreviews((id) => `/p/${id}`);
    expect(await previews.register(at('e.svg'))).toBeUndefined();
    expect(await previews.register(at('svg-named.png'))).toBeUndefined();
    expect(await previews.register(at('missing.png'))).toBeUndefined();
    expect(await previews.register(dir)).toBeUndefined();
    expect(await new FilePreviews().register(at('a.png'))).toBeUndefined();
  });

  it('refuses unknown ids and anything shaped like a path', async () => {
    const previews = new FilePreviews((id) => `/p/${id}`);
    const id = idOf(await previews.register(at('a.png')));
    for (const bad of [
      'ffffffffffffffffffffffffffffffff',
      '',
      at('a.png'),
      `../${id}`,
      `${id}/../a.png`,
      `${id}%00`,
      id.toUpperCase(),
      '..%2f..%2fetc%2fpasswd',
    ]) {
      const answer = await previews.serve(bad);
      expect(answer.status, bad).toBe(404);
      expect(answer.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    }
  });

  it('stops serving a file that changed on disk into a non-image or past the size cap', async () => {
    const previews = new FilePreviews((id) => `/p/${id}`);
    await writeFile(at('changing.png'), PNG);
    const id = idOf(await previews.register(at('changing.png')));
    expect((await previews.serve(id)).status).toBe(200);
    await writeFile(at('changing.png'), SVG);
    expect((await previews.serve(id)).status).toBe(404);
    await writeFile(at('changing.png'), PNG);
    await truncate(at('changing.png'), PREVIEW_MAX_BYTES + 1);
    expect((await previews.serve(id)).status).toBe(404);
    await rm(at('changing.png'));
    expect((await previews.serve(id)).status).toBe(404);
  });

  it('never registers a file over the size cap', async () => {
    await writeFile(at('big.png'), PNG);
    await truncate(at('big.png'), PREVIEW_MAX_BYTES + 1);
    expect(await new FilePreviews((id) => `/p/${id}`).register(at('big.png'))).toBeUndefined();
  });
});
