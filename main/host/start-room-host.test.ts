import { afterEach, describe, expect, it } from 'vitest';
import { ClientSession } from '../client/session.js';
import { FramedTestClient } from '../gateway/test-support.js';
import { createIdentity } from '../security/identity.js';
import { startRoomHost, type RoomHost } from './start-room-host.js';

const hosts: RoomHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

describe('startRoomHost', () => {
  it('listens with the relay plugged in: a file request reaches the relay, not the refusal default', async () => {
    const host = await startRoomHost({ port: 0, host: '127.0.0.1', roomName: 'lab' });
    hosts.push(host);
    expect(host.server.room.options.name).toBe('lab');
    const ann = await FramedTestClient.login(host.address.port, 'ann');
    const answer = await ann.request('file.offer', {
      to: 'nobody',
      files: [{ name: 'a.txt', size: 1, sha256: 'a'.repeat(64) }],
    });
    expect(answer).toMatchObject({ t: 'error', code: 'no_such_user' });
    ann.close();
  });

  it('serves TLS with the identity it was given', async () => {
    const identity = await createIdentity('lab');
    const host = await startRoomHost({ port: 0, host: '127.0.0.1', identity });
    hosts.push(host);
    expect(host.server.identity).toBe(identity);
    const session = new ClientSession({ host: '127.0.0.1', port: host.address.port, nick: 'ann', reconnect: false });
    await session.connect();
    expect(session.security).toMatchObject({ encrypted: true, hostCode: identity.code });
    await session.close();
  });

  it('closes what it started and throws when the port is taken', async () => {
    const first = await startRoomHost({ port: 0, host: '127.0.0.1' });
    hosts.push(first);
    const taken = startRoomHost({ port: first.address.port, host: '127.0.0.1', relay: { byteRelay: 'in-process' } });
    await expect(taken).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
