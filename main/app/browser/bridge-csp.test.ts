import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowBridgeSocket, BRIDGE_CONNECT_SOURCE } from './bridge-csp.js';
import { staticFileHandler } from './static-files.js';

const PAGE = join(import.meta.dirname, '../../../renderer/index.html');
const cspOf = (html: string): string =>
  /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

let dir = '';
let server: Server;
let base = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sarangbang-bridge-csp-'));
  await copyFile(PAGE, join(dir, 'index.html'));
  let host = '';
  server = createServer((req, res) => void staticFileHandler(dir, () => [host])(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('the production CSP and the browser-mode bridge', () => {
  it('has no ws: or wss: source anywhere in the page as built (Electron needs none)', async () => {
    const csp = cspOf(await readFile(PAGE, 'utf8'));
    expect(directives(csp).get('connect-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/\bwss?:/);
  });

  it('adds the loopback WebSocket to connect-src only when the bridge serves the page, and nothing else', async () => {
    const original = await readFile(PAGE, 'utf8');
    const served = await (await fetch(`${base}/index.html?bridge=x`)).text();
    const before = directives(cspOf(original));
    const after = directives(cspOf(served));
    expect(after.get('connect-src')).toEqual(["'self'", BRIDGE_CONNECT_SOURCE]);
    after.delete('connect-src');
    before.delete('connect-src');
    expect(after).toEqual(before);
    expect(served.replace(cspOf(served), '')).toBe(original.replace(cspOf(original), ''));
    // The fallback for unknown routes goes through the same rewrite.
    expect(cspOf(await (await fetch(`${base}/some/route`)).text())).toContain(BRIDGE_CONNECT_SOURCE);
  });

  it('leaves a page without a CSP alone, and refuses to guess when the CSP has no connect-src', () => {
    expect(allowBridgeSocket('<html><head></head></html>')).toBe('<html><head></head></html>');
    expect(() =>
      allowBridgeSocket('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'" />'),
    ).toThrow(/connect-src/);
  });
});
