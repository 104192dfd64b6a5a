/**
 * Issue 11's "done when", end to end: a man in the middle on the LAN learns nothing and changes nothing. Two people
 * in a password room, both connected through the proxy (main/security/mitm-proxy.ts), chat, whisper and send a file;
 * what crossed the network holds no password, no chat text, no data-connection token and no file byte. A flipped
 * bit in a chat connection ends that connection and delivers no altered text.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startRoomHost, type RoomHost } from '../host/start-room-host.js';
import { ClientSession } from '../client/session.js';
import { nextEvent } from '../client/test-support.js';
import { FileTransfers } from '../transfer/file-transfers.js';
import { startMitmProxy, type MitmProxy } from './mitm-proxy.js';

const PASSWORD = 'hunter2 사랑방';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function room(password?: string): Promise<RoomHost> {
  const host = await startRoomHost({
    port: 0,
    host: '127.0.0.1',
    rateLimit: 'off',
    ...(password ? { password } : {}),
    relay: { byteRelay: 'in-process' },
  });
  cleanups.push(() => host.close());
  return host;
}

async function proxy(host: RoomHost, mode: 'passive' | 'tamper'): Promise<MitmProxy> {
  const mitm = await startMitmProxy({ target: { host: '127.0.0.1', port: host.address.port }, mode });
  cleanups.push(() => mitm.close());
  return mitm;
}

async function join(port: number, nick: string, password?: string): Promise<ClientSession> {
  const session = new ClientSession({
    host: '127.0.0.1',
    port,
    nick,
    rttIntervalMs: 0,
    reconnect: false,
    ...(password ? { password } : {}),
  });
  await session.connect();
  cleanups.push(() => session.close());
  return session;
}

/** Every string field named `token` anywhere in the frames this session received (the data-connection secrets). */
function collectTokens(session: ClientSession): string[] {
  const tokens: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, field] of Object.entries(value)) {
        if (key === 'token' && typeof field === 'string') tokens.push(field);
        else walk(field);
      }
    }
  };
  session.on('message', walk);
  return tokens;
}

/** Does `haystack` contain any 32-byte window of `plain` (sampled every 2 KiB)? */
function leaks(haystack: Buffer, plain: Buffer): boolean {
  for (let at = 0; at + 32 <= plain.length; at += 2048) {
    if (haystack.includes(plain.subarray(at, at + 32))) return true;
  }
  return false;
}

describe('a man in the middle on the LAN', () => {
  it('passive: sees no password, chat text, whisper, token or file byte, and everything still arrives', async () => {
    const host = await room(PASSWORD);
    const mitm = await proxy(host, 'passive');
    const alice = await join(mitm.port, 'alice', PASSWORD);
    const bob = await join(mitm.port, 'bob', PASSWORD);
    expect(alice.security.encrypted).toBe(true);
    const tokens = [...collectTokens(alice), ...collectTokens(bob)];
    const aliceTokens = collectTokens(alice);
    const bobTokens = collectTokens(bob);

    const said = nextEvent(bob, 'msg', (event) => event.text === 'meet at 5pm');
    await alice.say('meet at 5pm');
    await said;
    const whispered = nextEvent(
      bob,
      'msg',
      (event) => event.text === 'the key is under the mat' && event.scope === 'whisper',
    );
    await alice.whisper('bob', 'the key is under the mat');
    await whispered;

    const outbox = await mkdtemp(path.join(os.tmpdir(), 'sb-mitm-out-'));
    const inbox = await mkdtemp(path.join(os.tmpdir(), 'sb-mitm-in-'));
    cleanups.push(
      () => rm(outbox, { recursive: true, force: true }),
      () => rm(inbox, { recursive: true, force: true }),
    );
    const bytes = randomBytes(512 * 1024);
    await writeFile(path.join(outbox, 'plans.bin'), bytes);
    const sending = new FileTransfers(alice, { downloadDir: outbox });
    const receiving = new FileTransfers(bob, { downloadDir: inbox });
    cleanups.push(async () => {
      sending.dispose();
      receiving.dispose();
    });
    const offered = new Promise<Parameters<typeof receiving.accept>[0]>((resolve) =>
      receiving.on('offer', (event) => resolve(event.offer)),
    );
    const ended = new Promise<{ ok: boolean }>((resolve) => receiving.on('ended', (event) => resolve(event)));
    await sending.send('bob', [path.join(outbox, 'plans.bin')]);
    await receiving.accept(await offered);
    expect(await ended).toMatchObject({ ok: true });
    expect((await readFile(path.join(inbox, 'plans.bin'))).equals(bytes)).toBe(true);

    const seen = mitm.seen();
    expect(seen.length).toBeGreaterThan(bytes.length);
    for (const secret of [PASSWORD, 'hunter2', 'meet at 5pm', 'under the mat'])
      expect(seen.includes(Buffer.from(secret)), secret).toBe(false);
    const allTokens = [...new Set([...tokens, ...aliceTokens, ...bobTokens])];
    expect(allTokens.length).toBeGreaterThan(0);
    for (const token of allTokens) expect(seen.includes(Buffer.from(token)), 'a data-connection token').toBe(false);
    expect(leaks(seen, bytes)).toBe(false);
  });

  it('a flipped bit in a chat connection ends it; the altered message is never delivered', async () => {
    const host = await room();
    const mitm = await proxy(host, 'tamper');
    const alice = await join(mitm.port, 'alice');
    const bob = await join(host.address.port, 'bob');
    const texts: string[] = [];
    bob.on('msg', (event) => texts.push(event.text));

    const first = nextEvent(bob, 'msg', (event) => event.text === 'hello');
    await alice.say('hello');
    await first;

    const lost = nextEvent(alice, 'disconnected');
    const left = nextEvent(bob, 'left', (event) => event.nick === 'alice');
    mitm.tamperNext();
    await alice.say('meet at 5pm').catch(() => undefined);
    const dropped = await lost;
    expect(dropped.reason).toBe('connection_lost');
    expect(dropped.message).toMatch(/altered on the way/);
    expect(mitm.tampered()).toBe(1);
    await left;
    expect(texts).toEqual(['hello']);
  });
});
