import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '@contract/ipc-contract';
import { FramedTestClient } from '../gateway/test-support.js';
import { createTestApp, type TestApp } from './test-support.js';

const apps: TestApp[] = [];
async function newApp(name: string): Promise<TestApp> {
  const t = await createTestApp(name);
  apps.push(t);
  await t.ok('app.ready');
  return t;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.close()));
});

async function hostRoom(host: TestApp, extra: Record<string, unknown> = {}): Promise<number> {
  const state = await host.ok('host.start', { port: 0, maxUsers: 10, roomName: 'lab', ...extra });
  if (!state.running) throw new Error('not running');
  return state.port;
}

const isMsg = (text: string) => (e: RoomEvent) => e.t === 'msg' && e.text === text;

describe('hosting and joining through the app services', () => {
  it('hosts a room, joins it from two apps, and chats, whispers and lists', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    expect(await alice.waitFor('host', (h) => h.running)).toMatchObject({
      running: true,
      port,
      roomName: 'lab',
      maxUsers: 10,
      passwordRequired: false,
    });

    expect(alice.app.host.state()).toMatchObject({ addresses: [{ display: `127.0.0.1:${port}` }] });
    const mine = await alice.ok('room.join', { host: '127.0.0.1', port, nick: 'alice' });
    expect(mine).toMatchObject({ roomName: 'lab', nick: 'alice', maxUsers: 10 });
    const bobs = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    const { roomId } = bobs;
    expect(roomId).toBeTruthy();
    expect(bobs.users.map((u) => u.nick).sort()).toEqual(['alice', 'bob']);
    await alice.waitFor('users', (p) => p.users.some((u) => u.nick === 'bob'));
    await alice.waitFor('host', (h) => h.running && h.userCount === 2);

    await bob.ok('room.say', { roomId, text: 'hello room' });
    const got = await alice.waitFor('room', isMsg('hello room'));
    expect(got).toMatchObject({ from: 'bob', scope: 'room', roomId: mine.roomId });

    await alice.ok('room.whisper', { roomId: mine.roomId, to: 'bob', text: 'psst' });
    expect(await bob.waitFor('room', isMsg('psst'))).toMatchObject({
      from: 'alice',
      scope: 'whisper',
      to: 'bob',
      roomId,
    });

    expect((await bob.ok('room.list', { roomId })).users).toHaveLength(2);
    expect((await bob.ok('room.ping', { roomId })).rttMs).toBeGreaterThanOrEqual(0);
    expect(await bob.call('room.ping', { roomId: 'another-room' })).toMatchObject({
      ok: false,
      error: { code: 'not_connected' },
    });
    expect(await bob.call('room.ping')).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
    const connected = await bob.waitFor('connection', (c) => c.phase === 'connected');
    expect(connected).toMatchObject({ roomId, host: '127.0.0.1', port, nick: 'bob', roomName: 'lab' });
    expect(await bob.waitFor('users', (u) => u.users.length === 2)).toMatchObject({ roomId });
    // a service that does not know the room (a transfer notice) has the current room's id added
    bob.app.emit('room', { t: 'notice', code: 'app.offer_refused', text: 'carol: away' });
    expect(await bob.waitFor('room', (e) => e.t === 'notice' && e.code === 'app.offer_refused')).toMatchObject({
      roomId,
    });

    // the join was remembered
    expect((await bob.ok('settings.get')).recentRooms[0]).toMatchObject({
      host: '127.0.0.1',
      port,
      nick: 'bob',
      name: 'lab',
    });
  });

  it('reports typed join failures: refused, password required, wrong password, nick taken, room full, bad nick', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const carol = await newApp('carol');

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await bob.call('room.join', { host: '127.0.0.1', port: deadPort, nick: 'bob' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/firewall|running/);

    const port = await hostRoom(alice, { password: 'sesame', maxUsers: 2 });
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob' })).toMatchObject({
      ok: false,
      error: { code: 'password_required' },
    });
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob', password: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_password' },
    });
    expect(
      await bob.call('room.join', { host: '127.0.0.1', port, nick: 'has space', password: 'sesame' }),
    ).toMatchObject({ ok: false, error: { code: 'nick_invalid' } });

    await alice.ok('room.join', { host: '127.0.0.1', port, nick: 'alice', password: 'sesame' });
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'ALICE', password: 'sesame' })).toMatchObject({
      ok: false,
      error: { code: 'nick_taken' },
    });
    await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob', password: 'sesame' });
    expect(await carol.call('room.join', { host: '127.0.0.1', port, nick: 'carol', password: 'sesame' })).toMatchObject(
      { ok: false, error: { code: 'room_full' } },
    );

    // after a failed join the app can still join elsewhere; a second join while connected is refused
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob2', password: 'sesame' })).toMatchObject({
      ok: false,
      error: { code: 'already_connected' },
    });
  });

  it("passes the host form's history size to the room (its welcome says how many it keeps); refuses one out of range", async () => {
    const alice = await newApp('alice');
    expect(await alice.call('host.start', { port: 0, maxUsers: 5, history: 100_001 })).toMatchObject({ ok: false });
    const port = await hostRoom(alice, { history: 7 });
    const probe = await FramedTestClient.connect(port, false);
    probe.socket.write(Buffer.from('SBNG'));
    probe.send({ t: 'hello', v: 1 });
    expect(await probe.nextOf('welcome')).toMatchObject({ history: { kept: 7 } });
    probe.close();
  });

  it('refuses commands when not in a room, and a second room on the same port', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    expect(await alice.call('room.say', { roomId: 'nowhere', text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'not_connected' },
    });
    const port = await hostRoom(alice);
    expect(await alice.call('host.start', { port: 0, maxUsers: 5 })).toMatchObject({
      ok: false,
      error: { code: 'already_hosting' },
    });
    expect(await bob.call('host.start', { port, maxUsers: 5 })).toMatchObject({
      ok: false,
      error: { code: 'port_in_use' },
    });
  });

  it('away mode, 1:1 request accepted, and the missed count on return', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    const a = (await alice.ok('room.join', { host: '127.0.0.1', port, nick: 'alice' })).roomId;
    const b = (await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' })).roomId;

    await bob.ok('room.sleep', { roomId: b, text: 'lunch' });
    await alice.waitFor('users', (p) =>
      p.users.some((u) => u.nick === 'bob' && u.status === 'away' && u.awayText === 'lunch'),
    );
    await alice.ok('room.say', { roomId: a, text: 'one' });
    await alice.ok('room.say', { roomId: a, text: 'two' });
    await bob.ok('room.wakeup', { roomId: b });
    expect(await bob.waitFor('room', (e) => e.t === 'awake')).toEqual({ t: 'awake', missed: 2, held: 2, roomId: b });

    await alice.ok('room.with', { roomId: a, to: 'bob' });
    expect(alice.app.chat.snapshot()?.pendingWith).toBe('bob');
    await bob.waitFor('room', (e) => e.t === 'with.request' && e.from === 'alice');
    await bob.ok('room.withAnswer', { roomId: b, from: 'alice', accept: true });
    await alice.waitFor('room', (e) => e.t === 'with.started' && e.peer === 'bob');
    expect(alice.app.chat.snapshot()).toMatchObject({ dmPeer: 'bob' });
    expect(alice.app.chat.snapshot()?.pendingWith).toBeUndefined();
    await alice.ok('room.say', { roomId: a, text: 'just us' });
    expect(await bob.waitFor('room', isMsg('just us'))).toMatchObject({ scope: 'dm' });
    await bob.ok('room.end', { roomId: b });
    await alice.waitFor('room', (e) => e.t === 'with.ended');
    expect(alice.app.chat.snapshot()?.dmPeer).toBeUndefined();
  });

  it('stopping the room tells the members why, and leaving returns to idle', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    const { roomId } = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    await alice.ok('host.stop', { message: 'Class is over.' });
    expect(await bob.waitFor('room', (e) => e.t === 'notice' && e.code === 'host_stopping')).toMatchObject({
      text: 'Class is over.',
    });
    await bob.waitFor('connection', (c) => c.phase === 'closed' && c.reason === 'server_shutdown');
    expect(alice.app.host.state()).toEqual({ running: false });
    await bob.ok('room.leave', { roomId });
    expect(bob.app.chat.connection.phase).toBe('idle');
    expect(await bob.waitFor('users', (u) => u.users.length === 0)).toEqual({ roomId, users: [] });
    expect(await bob.call('room.say', { roomId, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_connected' },
    });
  });
});
