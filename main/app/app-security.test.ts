import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostKey, KnownHosts } from '../security/known-hosts.js';
import { People } from '../security/people.js';
import { roomCode } from '../security/room-code.js';
import { loadAppIdentities } from './app-identities.js';
import { createTestApp, type TestApp } from './test-support.js';

const apps: TestApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function app(name: string): Promise<TestApp> {
  const made = await createTestApp(name);
  apps.push(made);
  await made.ok('app.ready');
  return made;
}

describe('the app identities', () => {
  it('are made once in the user-data folder and kept: the same key and room code on the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-ids-'));
    dirs.push(dir);
    const first = await loadAppIdentities(dir);
    const again = await loadAppIdentities(dir);
    expect(again.identity.fingerprint).toBe(first.identity.fingerprint);
    expect(again.hostIdentity.code).toBe(first.hostIdentity.code);
    expect(first.identity.fingerprint).not.toBe(first.hostIdentity.fingerprint);
    expect(first.identity.code).toBe(roomCode(first.identity.fingerprint));
    expect(JSON.parse(await readFile(join(dir, 'identity.json'), 'utf8'))).toMatchObject({ version: 1 });
    expect(JSON.parse(await readFile(join(dir, 'host-identity.json'), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('shows my key code, and the hosted room carries the host identity’s code', async () => {
    const alice = await app('alice');
    expect(await alice.ok('identity.get')).toEqual({ keyCode: alice.app.identities.identity.code });
    expect(alice.app.identities.identity.code).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
    const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
    expect(hosted).toMatchObject({ running: true, roomCode: alice.app.identities.hostIdentity.code });
    expect(await alice.waitFor('host', (h) => h.running)).toMatchObject({
      roomCode: alice.app.identities.hostIdentity.code,
    });
  });
});

describe('joining with a room code', () => {
  it('refuses a code that is not a room code before connecting (bad_code), accepts look-alikes of one', async () => {
    const alice = await app('alice');
    const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
    if (!hosted.running) throw new Error('not hosting');
    const bob = await app('bob');
    const bad = await bob.call('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'bob', code: 'K7QX-2M9D' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_code' } });
    expect(bob.app.chat.connection.phase).toBe('idle');
    // The right code, typed loosely (lower case, spaces, O for 0): joins.
    const loose = hosted.roomCode!.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const joined = await bob.call('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'bob', code: loose });
    expect(joined).toMatchObject({ ok: true });
  });
});

describe('the connection’s security', () => {
  it('is encrypted with the host’s code: first use, then pinned on the next join, and “code” when one was typed', async () => {
    const alice = await app('alice');
    const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
    if (!hosted.running) throw new Error('not hosting');
    const hostCode = alice.app.identities.hostIdentity.code;
    const bob = await app('bob');
    const where = { host: '127.0.0.1', port: hosted.port, nick: 'bob' };

    await bob.ok('room.join', where);
    expect(bob.app.chat.connection.security).toEqual({ encrypted: true, hostCode, verified: 'first-use' });
    expect(await bob.waitFor('connection', (c) => c.phase === 'connected')).toMatchObject({
      security: { encrypted: true, hostCode, verified: 'first-use' },
    });
    await bob.ok('room.leave', { roomId: bob.app.chat.currentRoomId });

    await bob.ok('room.join', where);
    expect(bob.app.chat.connection.security).toEqual({ encrypted: true, hostCode, verified: 'pinned' });
    await bob.ok('room.leave', { roomId: bob.app.chat.currentRoomId });

    await bob.ok('room.join', { ...where, code: hostCode });
    expect(bob.app.chat.connection.security).toEqual({ encrypted: true, hostCode, verified: 'code' });
  });

  it('refuses a host whose identity changed with both codes, and joins after “Trust the new identity”', async () => {
    const alice = await app('alice');
    const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
    if (!hosted.running) throw new Error('not hosting');
    const bob = await app('bob');
    const where = { host: '127.0.0.1', port: hosted.port, nick: 'bob' };
    await bob.ok('room.join', where);
    await bob.ok('room.leave', { roomId: bob.app.chat.currentRoomId });

    // Another install hosts on the same port: another host identity, so another room code.
    await alice.ok('host.stop', {});
    const carol = await app('carol');
    await carol.ok('host.start', { port: hosted.port, maxUsers: 5 });
    const oldCode = alice.app.identities.hostIdentity.code;
    const newCode = carol.app.identities.hostIdentity.code;
    expect(newCode).not.toBe(oldCode);

    expect(await bob.call('room.join', where)).toMatchObject({
      ok: false,
      error: { code: 'identity_changed', details: { oldCode, newCode } },
    });
    expect(bob.app.chat.connection.phase).toBe('idle');
    // Asked again without trusting: still refused (nothing was re-pinned).
    expect(await bob.call('room.join', where)).toMatchObject({ ok: false, error: { code: 'identity_changed' } });

    await bob.ok('room.join', { ...where, trustNewIdentity: true });
    expect(bob.app.chat.connection).toMatchObject({
      phase: 'connected',
      security: { encrypted: true, hostCode: newCode },
    });
    await bob.ok('room.leave', { roomId: bob.app.chat.currentRoomId });
    // The new identity is pinned now.
    await bob.ok('room.join', where);
    expect(bob.app.chat.connection.security).toEqual({ encrypted: true, hostCode: newCode, verified: 'pinned' });
  });

  it('refuses a host that does not match the typed code, with the expected and the actual code', async () => {
    const alice = await app('alice');
    const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
    if (!hosted.running) throw new Error('not hosting');
    const bob = await app('bob');
    const expected = bob.app.identities.hostIdentity.code; // a real code, but not this room's
    expect(
      await bob.call('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'bob', code: expected }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'identity_mismatch',
        details: { expectedCode: expected, actualCode: alice.app.identities.hostIdentity.code },
      },
    });
  });
});

describe('people in the room', () => {
  it('keeps a member’s key through a status change, and marks a nickname held by another key as a new device', async () => {
    const alice = await app('alice');
    const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
    if (!hosted.running) throw new Error('not hosting');
    await alice.ok('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'alice' });
    const bob = await app('bob');
    await bob.ok('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'bob' });
    const bobInAlice = (await alice.waitFor('users', (u) => u.users.some((m) => m.nick === 'bob'))).users.find(
      (m) => m.nick === 'bob',
    )!;
    expect(bobInAlice.newDevice).toBeUndefined();
    const key = bobInAlice.fp;
    expect(key).toBe(bob.app.identities.identity.fingerprint);
    expect(bobInAlice.secure).toBe(true);

    await bob.ok('room.sleep', { roomId: bob.app.chat.currentRoomId });
    const away = await alice.waitFor('users', (u) => u.users.some((m) => m.nick === 'bob' && m.status === 'away'));
    expect(away.users.find((m) => m.nick === 'bob')).toMatchObject({ fp: key, secure: true });

    await bob.ok('room.leave', { roomId: bob.app.chat.currentRoomId });
    const other = await app('bob-laptop');
    await other.ok('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'bob' });
    const marked = await alice.waitFor('users', (u) => u.users.some((m) => m.nick === 'bob' && m.fp !== key));
    expect(marked.users.find((m) => m.nick === 'bob')).toMatchObject({ newDevice: true, secure: true });
    // A status change keeps the member's key, encryption and new-device mark.
    await other.ok('room.sleep', { roomId: other.app.chat.currentRoomId });
    const otherKey = other.app.identities.identity.fingerprint;
    const asleep = await alice.waitFor('users', (u) =>
      u.users.some((m) => m.nick === 'bob' && m.fp === otherKey && m.status === 'away'),
    );
    expect(asleep.users.find((m) => m.nick === 'bob')).toMatchObject({
      fp: otherKey,
      secure: true,
      newDevice: true,
    });
    // people.json is written in the background: wait for the new key to land there.
    await expect
      .poll(async () => (await People.load(join(alice.profileDir, 'people.json'))).lastFingerprint('bob'))
      .toBe(other.app.identities.identity.fingerprint);
  });
});

describe('quitting', () => {
  it('waits until the people and rooms seen are written: nothing lands in the profile after the app quit', async () => {
    const alice = await createTestApp('alice');
    dirs.push(alice.profileDir);
    const keys = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(64, '0'));
    // Members and a room seen just before quitting: their writes are queued one after the other, nobody awaits them.
    for (const [i, key] of keys.entries()) void alice.app.identities.people.seen(`member${i}`, key);
    void alice.app.identities.knownHosts.pin(hostKey('127.0.0.1', 7000), keys[0]!);
    await alice.app.dispose();
    const people = await People.load(join(alice.profileDir, 'people.json'));
    expect(keys.map((key, i) => people.lastFingerprint(`member${i}`) === key)).toEqual(keys.map(() => true));
    const rooms = await KnownHosts.load(join(alice.profileDir, 'known-hosts.json'));
    expect(rooms.check(hostKey('127.0.0.1', 7000), keys[0]!)).toBe('match');
  });
});
