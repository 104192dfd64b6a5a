/**
 * Many rooms on one server (docs/PROTOCOL.md section 19) for framed clients over real sockets: hello.room chooses
 * the room, rooms share nothing (chat, nicknames, list, whispers, history), errors at hello, rooms created on first
 * join (and forgotten when idle), and the paged `rooms` request.
 */
import { describe, expect, it } from 'vitest';
import { FramedTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ rateLimit: 'off', textGreetingMs: 100_000 });
const lab = { rooms: [{ name: 'lobby' }, { name: 'Math' }, { name: 'physics' }] };

describe('many rooms: framed clients', () => {
  it('keeps two rooms apart: chat, nicknames, the list, whispers and history', async () => {
    const port = await room.start(lab);
    const ann = await room.login(port, 'ann', undefined, 'math');
    expect(ann.welcome).toMatchObject({ room: { name: 'Math', people: 0 }, rooms: { count: 3, allowNew: false } });
    await ann.ok('say', { text: 'integrals' });
    // The same nickname in another room is fine; the other room's history is not replayed here.
    const ann2 = await room.login(port, 'ann', undefined, 'physics');
    const bob = await room.login(port, 'bob', undefined, 'PHYSICS');
    expect(bob.welcome).toMatchObject({ room: { name: 'physics', people: 1 } });
    await bob.ok('say', { text: 'quarks' });
    const quarks = await ann2.next((frame) => frame.t === 'msg' && frame.text === 'quarks');
    expect(quarks.from).toBe('bob');
    expect(await ann2.request('whisper', { to: 'cleo', text: 'hi' })).toMatchObject({ code: 'no_such_user' });
    const cleo = await room.login(port, 'cleo', undefined, 'math');
    expect(await bob.request('whisper', { to: 'cleo', text: 'psst' })).toMatchObject({ code: 'no_such_user' });
    expect((await bob.ok('list')).users).toEqual([
      expect.objectContaining({ nick: 'ann' }),
      expect.objectContaining({ nick: 'bob' }),
    ]);
    // cleo, late in math, gets math's history only.
    const hist = await cleo.next((frame) => frame.t === 'msg' && frame.hist === true);
    expect(hist.text).toBe('integrals');
    await ann.ok('say', { text: 'limits' });
    await cleo.next((frame) => frame.t === 'msg' && frame.text === 'limits');
    await bob.ok('say', { text: 'bosons' });
    await ann2.next((frame) => frame.t === 'msg' && frame.text === 'bosons');
    const seenInMath = [...ann.unread(), ...cleo.unread()].filter((frame) => frame.t === 'msg').map((f) => f.text);
    expect(seenInMath).not.toContain('quarks');
    expect(seenInMath).not.toContain('bosons');
    expect(
      ann2
        .unread()
        .filter((frame) => frame.t === 'msg')
        .map((f) => f.text),
    ).not.toContain('limits');
    expect(room.server.rooms.list().map((each) => [each.info.name, each.info.people])).toEqual([
      ['lobby', 0],
      ['Math', 2],
      ['physics', 2],
    ]);
  });

  it('a client naming no room enters the default room; a one-room server sends no rooms object', async () => {
    let port = await room.start(lab);
    const plain = await room.login(port, 'ann');
    expect(plain.welcome).toMatchObject({ room: { name: 'lobby' } });
    expect(room.server.room.find('ann')).toBeDefined();
    await room.server.close();
    port = await room.start({ roomName: 'My lab!' });
    const one = await room.track(await FramedTestClient.connect(port, { room: 'my LAB!' }));
    expect(one.welcome).toMatchObject({ room: { name: 'My lab!' } });
    expect(one.welcome).not.toHaveProperty('rooms');
    expect(await one.ok('rooms')).toEqual({
      rooms: [{ name: 'My lab!', people: 0, maxUsers: 100, passwordRequired: false }],
      total: 1,
      default: 'My lab!',
      allowNew: false,
    });
  });

  it('ends the connection at hello for a bad or unknown room name', async () => {
    const port = await room.start(lab);
    for (const [name, code] of [
      ['.hidden', 'room_invalid'],
      ['two words', 'room_invalid'],
      ['chemistry', 'no_such_room'],
      [7, 'bad_request'],
      ['x'.repeat(129), 'bad_request'],
    ] as const) {
      const client = await room.track(await FramedTestClient.connect(port, false));
      client.socket.write(Buffer.from('SBNG'));
      client.send({ t: 'hello', v: 1, room: name });
      expect(await client.nextOf('error')).toMatchObject({ code, fatal: true });
      await client.closed();
    }
  });

  it('with allowNewRooms creates a room at login, not at hello, up to maxRooms, and forgets it when idle', async () => {
    const port = await room.start({ ...lab, allowNewRooms: true, maxRooms: 4, forgetRoomAfterMs: 200 });
    const probe = await room.track(await FramedTestClient.connect(port, { room: 'chemistry' }));
    expect(probe.welcome).toMatchObject({
      room: { name: 'chemistry', people: 0, passwordRequired: false },
      rooms: { count: 3, allowNew: true },
    });
    probe.close();
    expect(room.server.rooms.list()).toHaveLength(3);
    const ann = await room.login(port, 'ann', undefined, 'chemistry');
    expect(room.server.rooms.list().map((each) => each.info.name)).toContain('chemistry');
    const late = await room.track(await FramedTestClient.connect(port, { room: 'biology' }));
    expect(late.welcome).toMatchObject({ rooms: { count: 4, allowNew: true } });
    expect(await late.request('login', { nick: 'bob' })).toMatchObject({ t: 'error', code: 'too_many_rooms' });
    ann.close();
    await expect.poll(() => room.server.rooms.list().length, { timeout: 5000 }).toBe(3);
    expect(await late.request('login', { nick: 'bob' })).toMatchObject({ t: 'ok' });
    // File rooms are never forgotten.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(room.server.rooms.list().map((each) => each.info.name)).toEqual(['biology', 'lobby', 'Math', 'physics']);
  });

  it('pages the rooms request, before and after login', async () => {
    const rooms = Array.from({ length: 150 }, (_, i) => ({ name: `r${String(i).padStart(3, '0')}` }));
    const port = await room.start({ rooms, defaultRoom: 'r149' });
    const client = await room.track(await FramedTestClient.connect(port));
    expect(client.welcome).toMatchObject({ room: { name: 'r149' }, rooms: { count: 150 } });
    const first = await client.ok('rooms');
    expect(first).toMatchObject({ total: 150, default: 'r149', allowNew: false, next: 'r099' });
    expect((first.rooms as unknown[]).length).toBe(100);
    await client.ok('login', { nick: 'ann' });
    const second = await client.ok('rooms', { after: first.next });
    expect(second).not.toHaveProperty('next');
    const names = [...(first.rooms as { name: string }[]), ...(second.rooms as { name: string }[])].map((r) => r.name);
    expect(names).toEqual(rooms.map((r) => r.name));
    expect(second.rooms).toContainEqual({ name: 'r149', people: 1, maxUsers: 100, passwordRequired: false });
  });

  it('a password room among open rooms asks its own password (cleartext framed)', async () => {
    const port = await room.start({
      rooms: [{ name: 'lobby' }, { name: 'secret', password: 'pw', plainText: 'allow' }],
    });
    const open = await room.login(port, 'ann');
    expect(open.welcome).toMatchObject({ room: { passwordRequired: false } });
    const guest = await room.track(await FramedTestClient.connect(port, { room: 'secret' }));
    expect(guest.welcome).toMatchObject({ room: { name: 'secret', passwordRequired: true } });
    expect(await guest.request('login', { nick: 'bob', password: 'nope' })).toMatchObject({ code: 'wrong_password' });
    expect(await guest.request('login', { nick: 'bob', password: 'pw' })).toMatchObject({ t: 'ok' });
  });

  it('refuses a cleartext framed client at hello in a room that refuses unencrypted clients', async () => {
    const port = await room.start({ rooms: [{ name: 'lobby' }, { name: 'secret', password: 'pw' }] });
    await room.login(port, 'ann');
    const client = await room.track(await FramedTestClient.connect(port, false));
    client.socket.write(Buffer.from('SBNG'));
    client.send({ t: 'hello', v: 1, room: 'secret' });
    expect(await client.nextOf('error')).toMatchObject({ code: 'encryption_required', fatal: true });
    await client.closed();
  });
});
