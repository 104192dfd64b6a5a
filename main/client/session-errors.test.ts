import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError } from './errors.js';
import { createClientSession } from './session.js';
import type { DisconnectedEvent } from './session-types.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server on 127.0.0.1:0 that does whatever `onSocket` says with each connection. */
async function rawServer(onSocket: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as net.AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ClientSession connection errors', () => {
  it('reports a refused connection with what to check, and does not retry a first connect', async () => {
    const port = await freePort();
    const session = createClientSession({ host: '127.0.0.1', port, nick: 'atom' });
    const disconnected: DisconnectedEvent[] = [];
    session.on('disconnected', (event) => disconnected.push(event));
    const error = await session.connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'refused' });
    expect((error as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*firewall`));
    expect(session.state).toBe('closed');
    expect(disconnected).toEqual([expect.objectContaining({ reason: 'connection_lost', willReconnect: false })]);
  });

  it('times out when the host accepts but never welcomes us', async () => {
    const port = await rawServer(() => {});
    const session = createClientSession({ host: '127.0.0.1', port, nick: 'atom', connectTimeoutMs: 300 });
    const error = await session.connect().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'timeout', name: 'ConnectionError' });
    expect((error as Error).message).toMatch(/did not answer within/);
    expect(session.state).toBe('closed');
  });

  it('says so when something that is not a room answers', async () => {
    const port = await rawServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const error = await createClientSession({ host: '127.0.0.1', port, nick: 'atom' })
      .connect()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'not_a_room' });
    expect((error as Error).message).toMatch(/right port/);
  });

  it('refuses commands before it is connected', async () => {
    const session = createClientSession({ host: '127.0.0.1', port: 1, nick: 'atom' });
    await expect(session.say('hi')).rejects.toMatchObject({ code: 'not_connected' });
    await expect(session.ping()).rejects.toMatchObject({ code: 'not_connected' });
  });

  it('can be closed while connecting; connect() then rejects and nothing is left open', async () => {
    let accepted!: () => void;
    const wasAccepted = new Promise<void>((resolve) => {
      accepted = resolve;
    });
    const port = await rawServer(() => accepted());
    const session = createClientSession({ host: '127.0.0.1', port, nick: 'atom', connectTimeoutMs: 30_000 });
    const connecting = session.connect().catch((caught: unknown) => caught);
    await wasAccepted;
    await session.close();
    expect(await connecting).toMatchObject({ name: 'ConnectionError', code: 'closed' });
    expect(session.state).toBe('closed');
  });
});
