/**
 * The probe's exchange with a many-room server on 127.0.0.1 (docs/PROTOCOL.md 18.5 and 19.6): a welcome with `rooms`
 * makes the probe ask `rooms` before its `bye`, and the found room carries the list; nobody joins anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomServer, type RoomServer } from '../gateway/server.js';
import { probeRoom } from './subnet-probe.js';

const servers: RoomServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof createRoomServer>[0]): Promise<{ server: RoomServer; port: number }> {
  const server = createRoomServer(options);
  servers.push(server);
  return { server, port: (await server.listen(0, '127.0.0.1')).port };
}

describe('probeRoom and many rooms', () => {
  it('lists the rooms of a many-room server and creates or joins nothing', async () => {
    const { server, port } = await start({
      rooms: [{ name: 'lobby' }, { name: 'math', password: 'pw' }],
      allowNewRooms: true,
    });
    const found = await probeRoom('127.0.0.1', port);
    expect(found).toMatchObject({
      name: 'lobby',
      fingerprint: server.identity.fingerprint,
      rooms: {
        count: 2,
        allowNew: true,
        list: [
          { name: 'lobby', people: 0, maxUsers: 100, passwordRequired: false },
          { name: 'math', people: 0, maxUsers: 100, passwordRequired: true },
        ],
      },
    });
    expect(server.rooms.list()).toHaveLength(2);
    expect(server.stats().members).toBe(0);
  });

  it('finds a one-room server without a rooms object', async () => {
    const { port } = await start({ roomName: 'lab' });
    const found = await probeRoom('127.0.0.1', port);
    expect(found?.name).toBe('lab');
    expect(found).not.toHaveProperty('rooms');
  });
});
