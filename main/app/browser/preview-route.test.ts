import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilePreviews } from '../file-previews.js';
import { PREVIEW_PATH, previewRoute } from './preview-route.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let dir = '';
let server: Server;
let base = '';
let url = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-preview-route-'));
  await writeFile(join(dir, 'cat.png'), PNG);
  const previews = new FilePreviews((id) => `${PREVIEW_PATH}${id}`);
  url = (await previews.register(join(dir, 'cat.png')))!;
  const route = previewRoute(async (id) => (previews.has(id) ? previews : undefined));
  let hosts: string[] = [];
  server = createServer((req, res) => {
    if (!route(req, res, () => hosts)) res.writeHead(418).end('static');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  hosts = [`127.0.0.1:${port}`];
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe("browser mode's /sbfile/ route", () => {
  it('serves a registered image on the page origin only, with nosniff, a CSP and same-origin CORP', async () => {
    const answer = await fetch(base + url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(PNG);
    // A DNS-rebinding page reaches the same socket under its own host name: refused.
    const foreign = await new Promise<number>((resolve, reject) =>
      request(base + url, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(foreign).toBe(403);
  });

  it('answers 404 to unknown ids and paths, and leaves other paths to the static files', async () => {
    for (const path of [
      '/sbfile/ffffffffffffffffffffffffffffffff',
      `/sbfile/${encodeURIComponent(join(dir, 'cat.png'))}`,
      '/sbfile/..%2f..%2fetc%2fpasswd',
      '/sbfile/',
    ])
      expect((await fetch(base + path)).status, path).toBe(404);
    expect((await fetch(`${base}/index.html`)).status).toBe(418);
  });
});
