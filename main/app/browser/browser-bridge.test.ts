import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBrowserApp, type BrowserApp } from './browser-bridge.js';

let root: string;
let bridge: BrowserApp;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sb-bridge-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Sarangbang</title>');
  await writeFile(join(root, 'app.js'), 'console.log(1)');
  bridge = await startBrowserApp({ rendererDir: root, profileDir: join(root, 'profiles') });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await bridge.close();
  await rm(root, { recursive: true, force: true });
});

/** A page's side of the bridge: requests by id, events recorded. */
class Page {
  readonly events: { event: string; payload: unknown }[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: unknown) => void>();
  private readonly watchers = new Set<() => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        events?: { event: string; payload: unknown }[];
      };
      if (message.events) this.events.push(...message.events);
      else if (message.id !== undefined) this.waiting.get(message.id)?.(message);
      for (const watch of [...this.watchers]) watch();
    });
  }
  static open(url: string): Promise<Page> {
    const ws = new WebSocket(url, { origin: new URL(url).origin.replace('ws:', 'http:') });
    sockets.push(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Page(ws)));
      ws.once('error', reject);
    });
  }
  call(
    channel: string,
    payload?: unknown,
  ): Promise<{ id: number; ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (reply: unknown) => void);
      this.ws.send(JSON.stringify({ id, channel, payload }));
    });
  }
  raw(data: string | Buffer): Promise<unknown> {
    return new Promise((resolve) => {
      const id = typeof data === 'string' ? 0 : 7;
      this.waiting.set(id, resolve);
      this.ws.send(data);
    });
  }
  waitForEvent(event: string, predicate: (payload: never) => boolean = () => true): Promise<unknown> {
    return new Promise((resolve) => {
      const check = (): void => {
        const hit = this.events.find((e) => e.event === event && predicate(e.payload as never));
        if (hit) {
          this.watchers.delete(check);
          resolve(hit.payload);
        }
      };
      this.watchers.add(check);
      check();
    });
  }
}

function wsUrl(pageUrl: string): string {
  return new URL(pageUrl).searchParams.get('bridge') ?? '';
}

function httpGet(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode bridge', () => {
  it('serves the renderer on loopback, only inside its folder and only to our Host', async () => {
    const origin = new URL(bridge.url).origin;
    expect(await httpGet(`${origin}/`)).toMatchObject({ status: 200, body: expect.stringContaining('Sarangbang') });
    expect((await httpGet(`${origin}/app.js`)).status).toBe(200);
    expect((await httpGet(`${origin}/some/route`)).body).toContain('Sarangbang'); // SPA fallback
    expect((await httpGet(`${origin}/..%2f..%2f..%2fetc%2fpasswd.js`)).status).toBe(404);
    expect((await httpGet(`${origin}/%2e%2e/%2e%2e/etc/passwd`)).body).not.toContain('root:');
    expect((await httpGet(`${origin}/`, 'evil.example:80')).status).toBe(403);
  });

  it('refuses a WebSocket with a wrong token or a foreign origin', async () => {
    const port = new URL(bridge.url).port;
    const attempt = (url: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        sockets.push(ws);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await attempt(`ws://127.0.0.1:${port}/not-the-token`)).toBe(401);
    expect(await attempt(`ws://127.0.0.1:${port}/`)).toBe(401);
    expect(await attempt(wsUrl(bridge.url), 'http://evil.example')).toBe(403);
    expect(await attempt(wsUrl(bridge.url), `http://127.0.0.1:${port}`)).toBe(101);
  });

  it('serves the handler table: ready snapshot, validation errors, forbidden channels, settings events', async () => {
    const page = await Page.open(wsUrl(bridge.urlFor('alice')));
    const ready = await page.call('app.ready');
    expect(ready).toMatchObject({
      ok: true,
      result: { platform: 'browser', settings: { nickname: '' }, host: { running: false } },
    });

    expect(await page.call('settings.update', { theme: 'neon' })).toMatchObject({
      ok: false,
      error: { code: 'bad_payload' },
    });
    expect(await page.call('settings.update', { nickname: 'a b' })).toMatchObject({
      ok: false,
      error: { code: 'nick_invalid' },
    });
    expect(await page.call('no.such.channel')).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await page.call('files.registerPaths', { paths: ['/etc/passwd'] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await page.raw('not json')).toMatchObject({ id: 0, ok: false, error: { code: 'bad_payload' } });

    expect(await page.call('settings.update', { nickname: 'alice', theme: 'dark' })).toMatchObject({
      ok: true,
      result: { nickname: 'alice', theme: 'dark' },
    });
    await page.waitForEvent('settings', (s: { nickname: string }) => s.nickname === 'alice');
    const { app } = await bridge.profile('alice');
    expect(app.settings.get().theme).toBe('dark');
  });

  it('uploads a dropped file in browser mode and registers it without exposing its path', async () => {
    const page = await Page.open(wsUrl(bridge.urlFor('bob')));
    const header = Buffer.from(JSON.stringify({ id: 7, name: '../../notes.txt' }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    const reply = (await page.raw(Buffer.concat([length, header, Buffer.from('hello file')]))) as {
      ok: boolean;
      result: { fileId: string; name: string; size: number };
    };
    expect(reply).toMatchObject({ id: 7, ok: true, result: { name: 'notes.txt', size: 10 } });
    expect(JSON.stringify(reply)).not.toContain('uploads');
    const { app } = await bridge.profile('bob');
    const stored = app.files.get(reply.result.fileId);
    expect(stored.path.startsWith(join(root, 'profiles', 'bob', 'uploads'))).toBe(true);
    expect(await readFile(stored.path, 'utf8')).toBe('hello file');
  });

  it('gives each profile its own app: one hosts, another joins, events flow over the socket', async () => {
    const alice = await Page.open(wsUrl(bridge.urlFor('alice')));
    const bob = await Page.open(wsUrl(bridge.urlFor('bob')));
    await alice.call('app.ready');
    await bob.call('app.ready');
    const hosted = (await alice.call('host.start', { port: 0, maxUsers: 5 })) as { result: { port: number } };
    expect(hosted).toMatchObject({ ok: true, result: { running: true } });
    const port = hosted.result.port;
    expect(await alice.call('room.join', { host: '127.0.0.1', port, nick: 'alice' })).toMatchObject({ ok: true });
    const joined = (await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob' })) as {
      ok: boolean;
      result: { roomId: string };
    };
    expect(joined).toMatchObject({ ok: true });
    await bob.call('room.say', { roomId: joined.result.roomId, text: 'hi alice' });
    expect(await alice.waitForEvent('room', (e: { t: string; text?: string }) => e.text === 'hi alice')).toMatchObject({
      from: 'bob',
    });

    // a reload (new socket, same profile) gets the same app, still in the room
    bob.ws.close();
    const again = await Page.open(wsUrl(bridge.urlFor('bob')));
    expect(await again.call('app.ready')).toMatchObject({
      ok: true,
      result: { room: { nick: 'bob', roomId: joined.result.roomId }, connection: { phase: 'connected' } },
    });
  });
});
