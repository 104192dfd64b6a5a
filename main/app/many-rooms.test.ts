// The app on a many-room host (docs/PROTOCOL.md section 19), through the app services and a real server on 127.0.0.1:
// the join form's question "which rooms?" (never a login), joining a named room and chatting only there, what is
// remembered (recent rooms, the conversation store's key), the host's refusals as typed failures, and the app's own
// embedded host staying one room.
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '@contract/ipc-contract';
import { startRoomHost, type RoomHost } from '../host/start-room-host.js';
import { createTestApp, type TestApp } from './test-support.js';

const apps: TestApp[] = [];
const hosts: RoomHost[] = [];
async function newApp(name: string): Promise<TestApp> {
  const t = await createTestApp(name);
  apps.push(t);
  await t.ok('app.ready');
  return t;
}
async function manyRooms(extra: Parameters<typeof startRoomHost>[0] = {}): Promise<number> {
  const host = await startRoomHost({
    port: 0,
    host: '127.0.0.1',
    textGreetingMs: 60_000,
    rooms: [{ name: 'lobby' }, { name: 'math', maxUsers: 5 }, { name: '수학반', password: 'sesame' }],
    ...extra,
  });
  hosts.push(host);
  return host.address.port;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.close()));
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

const isMsg = (text: string) => (e: RoomEvent) => e.t === 'msg' && e.text === text;

describe('the app on a many-room host', () => {
  it('lists the rooms without logging in, joins the one chosen, and chats only there', async () => {
    const port = await manyRooms();
    const bob = await newApp('bob');
    const carol = await newApp('carol');
    const rooms = await bob.ok('discovery.rooms', { host: '127.0.0.1', port });
    expect(rooms).toMatchObject({
      defaultRoom: 'lobby',
      count: 3,
      allowNew: false,
      rooms: [
        { name: 'lobby', people: 0, maxUsers: 100, passwordRequired: false },
        { name: 'math', people: 0, maxUsers: 5, passwordRequired: false },
        { name: '수학반', people: 0, maxUsers: 100, passwordRequired: true },
      ],
    });
    expect(rooms?.roomCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    // Asking created nothing and joined nobody.
    expect(hosts[0]!.server.rooms.list().map((r) => r.info.people)).toEqual([0, 0, 0]);

    const math = await bob.ok('room.join', {
      host: '127.0.0.1',
      port,
      nick: 'bob',
      room: 'MATH',
      code: rooms?.roomCode,
    });
    expect(math).toMatchObject({ roomName: 'math', maxUsers: 5 });
    expect(math.roomKey).toBe(`code:${rooms?.roomCode}#math`);
    const lobby = await carol.ok('room.join', { host: '127.0.0.1', port, nick: 'carol' });
    expect(lobby).toMatchObject({ roomName: 'lobby', maxUsers: 100 });
    expect(lobby.roomKey).toBe(`code:${rooms?.roomCode}#lobby`);
    expect(math.users.map((u) => u.nick)).toEqual(['bob']);

    await carol.ok('room.say', { roomId: lobby.roomId, text: 'hello lobby' });
    await carol.waitFor('room', isMsg('hello lobby'));
    await bob.ok('room.say', { roomId: math.roomId, text: 'hello math' });
    await bob.waitFor('room', isMsg('hello math'));
    expect(
      bob.events.some((e) => e.event === 'room' && (e.payload as RoomEvent & { text?: string }).text === 'hello lobby'),
    ).toBe(false);
    expect(
      carol.events.some(
        (e) => e.event === 'room' && (e.payload as RoomEvent & { text?: string }).text === 'hello math',
      ),
    ).toBe(false);

    // Each room's conversation is stored apart, and the rooms I joined are remembered with their room.
    const stored = await bob.ok('history.page', { roomKey: math.roomKey, limit: 10 });
    expect(stored.entries.map((e) => (e.kind === 'msg' ? e.text : e.kind))).toContain('hello math');
    expect((await bob.ok('settings.get')).recentRooms[0]).toMatchObject({
      host: '127.0.0.1',
      port,
      room: 'math',
      name: 'math',
    });
    expect((await carol.ok('settings.get')).recentRooms[0]).not.toHaveProperty('room');
  });

  it('joins a password room with that room’s password', async () => {
    const port = await manyRooms();
    const bob = await newApp('bob');
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob', room: '수학반' })).toMatchObject({
      ok: false,
      error: { code: 'password_required' },
    });
    const joined = await bob.ok('room.join', {
      host: '127.0.0.1',
      port,
      nick: 'bob',
      room: '수학반',
      password: 'sesame',
    });
    expect(joined.roomName).toBe('수학반');
  });

  it('says no_such_room, room_invalid and too_many_rooms as typed failures', async () => {
    const port = await manyRooms({ allowNewRooms: true, maxRooms: 3 });
    const closed = await manyRooms();
    const bob = await newApp('bob');
    expect(await bob.call('room.join', { host: '127.0.0.1', port: closed, nick: 'bob', room: 'art' })).toMatchObject({
      ok: false,
      error: { code: 'no_such_room' },
    });
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob', room: 'a b' })).toMatchObject({
      ok: false,
      error: { code: 'room_invalid' },
    });
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob', room: '가'.repeat(50) })).toMatchObject({
      ok: false,
      error: { code: 'room_invalid' },
    });
    expect(await bob.ok('discovery.rooms', { host: '127.0.0.1', port })).toMatchObject({ count: 3, allowNew: true });
    expect(await bob.call('room.join', { host: '127.0.0.1', port, nick: 'bob', room: 'art' })).toMatchObject({
      ok: false,
      error: { code: 'too_many_rooms' },
    });
    // The refusals left nothing behind: the app joins a listed room next.
    expect((await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob', room: 'math' })).roomName).toBe('math');
  });

  it('a one-room host (the app’s own) has no rooms to choose, and its room is joined as before', async () => {
    const alice = await newApp('alice');
    const state = await alice.ok('host.start', { port: 0, maxUsers: 10, roomName: 'lab' });
    if (!state.running) throw new Error('not running');
    const bob = await newApp('bob');
    expect(await bob.ok('discovery.rooms', { host: '127.0.0.1', port: state.port })).toBeNull();
    const joined = await bob.ok('room.join', { host: '127.0.0.1', port: state.port, nick: 'bob' });
    expect(joined.roomKey).toBe(`code:${state.roomCode}`);
    expect(joined.roomName).toBe('lab');
    // Nobody answers: nothing to choose either.
    await alice.ok('host.stop', {});
    expect(await bob.ok('discovery.rooms', { host: '127.0.0.1', port: state.port })).toBeNull();
  });
});
