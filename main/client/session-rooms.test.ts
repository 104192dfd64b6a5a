/**
 * The client session on a many-room server (docs/PROTOCOL.md section 19) over TLS: `room` enters a named room (and
 * the same one again after a reconnect), a password room among open rooms is proved with CPace against that room's
 * password, and `rooms()` / `serverRooms` show the server's rooms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.js';
import { createHarness, nextEvent } from './test-support.js';

const harness = createHarness();
afterEach(() => harness.cleanup());

const rooms = [{ name: 'lobby' }, { name: 'math' }, { name: 'secret', password: 'pw' }];

describe('ClientSession on a many-room server', () => {
  it('enters the named room, lists the rooms, and comes back to the same room after a reconnect', async () => {
    const { port, server } = await harness.startServer({ rooms });
    const ann = await harness.join(port, 'ann', { room: 'math' });
    expect(ann.room?.name).toBe('math');
    expect(ann.serverRooms).toEqual({ count: 3, allowNew: false });
    const page = await ann.rooms();
    expect(page).toEqual({
      rooms: [
        { name: 'lobby', people: 0, maxUsers: 100, passwordRequired: false },
        { name: 'math', people: 1, maxUsers: 100, passwordRequired: false },
        { name: 'secret', people: 0, maxUsers: 100, passwordRequired: true },
      ],
      total: 3,
      default: 'lobby',
      allowNew: false,
    });
    const math = server.rooms.room(server.rooms.list()[1]!.id)!;
    math.find('ann')!.endpoint.disconnect('internal', 'test drop');
    const back = await nextEvent(ann, 'connected', (event) => event.reconnected);
    expect(back.room.name).toBe('math');
    expect(math.find('ann')).toBeDefined();
    const lobby = await harness.join(port, 'bob');
    expect(lobby.room?.name).toBe('lobby');
    expect(lobby.serverRooms).toEqual({ count: 3, allowNew: false });
  });

  it("proves a password room's own password with CPace over TLS, among open rooms", async () => {
    const { port } = await harness.startServer({ rooms });
    const open = await harness.join(port, 'ann', { room: 'lobby' });
    expect(open.security.encrypted).toBe(true);
    const wrong = await harness
      .session(port, 'bob', { room: 'secret', password: 'nope', reconnect: false })
      .connect()
      .catch((caught: unknown) => caught);
    expect(wrong).toBeInstanceOf(ProtocolError);
    expect(wrong).toMatchObject({ code: 'wrong_password' });
    const right = await harness.join(port, 'cleo', { room: 'secret', password: 'pw' });
    expect(right.room).toMatchObject({ name: 'secret', passwordRequired: true });
  });

  it('a one-room server has no serverRooms; a bad room name fails the connect with its code', async () => {
    const { port } = await harness.startServer({ roomName: 'lab' });
    const ann = await harness.join(port, 'ann');
    expect(ann.serverRooms).toBeUndefined();
    const missing = await harness
      .session(port, 'bob', { room: 'math', reconnect: false })
      .connect()
      .catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ code: 'no_such_room' });
  });
});
