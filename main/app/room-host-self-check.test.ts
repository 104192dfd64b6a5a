// The hosting panel's self-check: where the room listens, whether it is announced (and why not), the firewall answer,
// and visitors from other machines; a real room server on loopback counts no visitors.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomServer, type RoomServer } from '../gateway/server.js';
import { AppFailure } from './app-error.js';
import { RoomHost, type EmbeddedServer, type StartServer } from './room-host.js';

function fakeServer(patch: Partial<EmbeddedServer> = {}): StartServer {
  return async (options) => ({
    port: options.port || 30000,
    roomCode: 'K7QX-2M9D-4HBT-Z0PA-8E3C',
    userCount: () => 1,
    close: async () => undefined,
    ...patch,
  });
}

const request = { port: 30000, maxUsers: 10 };

describe('RoomHost.selfCheck', () => {
  it('reports the interfaces the room is announced on, the firewall and visitors', async () => {
    const host = new RoomHost(
      fakeServer({ announcedOn: () => ['eth0', 'wlan0'], remoteConnectionsSeen: () => 3 }),
      () => undefined,
      '0.0.0.0',
    );
    await host.start(request, 'room');
    const check = await host.selfCheck(async () => 'allowed');
    expect(check).toMatchObject({
      listenHost: '0.0.0.0',
      announced: true,
      announcedOn: ['eth0', 'wlan0'],
      firewall: 'allowed',
      remoteConnections: 3,
    });
    expect(check.notAnnouncedReason).toBeUndefined();
    expect(host.state()).toMatchObject({ announced: true });
  });

  it('says why a room is not announced: turned off, loopback only, or nothing to announce on', async () => {
    const off = new RoomHost(fakeServer({ announcedOn: () => null }), () => undefined, '0.0.0.0');
    await off.start({ ...request, announce: false }, 'room');
    expect(await off.selfCheck(async () => 'n/a')).toMatchObject({ announced: false, notAnnouncedReason: 'off' });

    const loopback = new RoomHost(fakeServer({ announcedOn: () => null }), () => undefined, '127.0.0.1');
    await loopback.start(request, 'room');
    expect(await loopback.selfCheck(async () => 'n/a')).toMatchObject({ notAnnouncedReason: 'loopback' });

    const failed = new RoomHost(fakeServer({ announcedOn: () => null }), () => undefined, '0.0.0.0');
    await failed.start(request, 'room');
    expect(await failed.selfCheck(async () => 'n/a')).toMatchObject({ notAnnouncedReason: 'failed' });
  });

  it('never asks the server to announce when announcing is not allowed (tests outside namespaces)', async () => {
    const asked: boolean[] = [];
    const start: StartServer = async (options) => {
      asked.push(options.announce);
      return fakeServer({ announcedOn: () => null })(options);
    };
    await new RoomHost(start, () => undefined, '0.0.0.0').start(request, 'room');
    const host = new RoomHost(start, () => undefined, '0.0.0.0', undefined, false);
    await host.start({ ...request, announce: true }, 'room');
    expect(asked).toEqual([true, false]);
    expect(await host.selfCheck(async () => 'n/a')).toMatchObject({ notAnnouncedReason: 'off' });
  });

  it('turns a failing firewall question into unknown, and refuses when no room runs', async () => {
    const host = new RoomHost(fakeServer(), () => undefined, '0.0.0.0');
    await expect(host.selfCheck(async () => 'n/a')).rejects.toBeInstanceOf(AppFailure);
    await host.start(request, 'room');
    expect((await host.selfCheck(() => Promise.reject(new Error('netsh')))).firewall).toBe('unknown');
  });
});

describe('RoomServer.remoteConnectionsSeen', () => {
  let server: RoomServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('does not count connections from this machine', async () => {
    server = createRoomServer({ roomName: 'lab' });
    const { port } = await server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve();
      });
      socket.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.remoteConnectionsSeen()).toBe(0);
  });
});
