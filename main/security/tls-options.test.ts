import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, loadOrCreateIdentity } from './identity.js';
import { channelBinding, clientTlsOptions, peerFingerprint, serverTlsOptions, TLS_FIRST_BYTE } from './tls-options.js';

let dir: string;
let host: Identity;
let member: Identity;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-tls-'));
  host = await loadOrCreateIdentity(join(dir, 'host.json'), 'host');
  member = await loadOrCreateIdentity(join(dir, 'member.json'), 'member');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real TLS server on 127.0.0.1:0; returns the server-side socket of the first connection and a client. */
async function handshake(client: tls.ConnectionOptions) {
  const server = tls.createServer(serverTlsOptions(host));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'secureConnection') as Promise<[tls.TLSSocket]>;
  const { port } = server.address() as AddressInfo;
  const socket = tls.connect({ host: '127.0.0.1', port, ...client });
  socket.on('error', () => undefined);
  await once(socket, 'secureConnect');
  const [serverSide] = await accepted;
  const close = async () => {
    socket.destroy();
    serverSide.destroy();
    server.close();
    await once(server, 'close');
  };
  return { socket, serverSide, close };
}

describe('TLS options', () => {
  it('connect with both identities over TLS 1.3 and ALPN sarangbang; each side sees the other fingerprint', async () => {
    const { socket, serverSide, close } = await handshake(clientTlsOptions(member));
    try {
      expect(socket.getProtocol()).toBe('TLSv1.3');
      expect(socket.alpnProtocol).toBe('sarangbang');
      expect(serverSide.alpnProtocol).toBe('sarangbang');
      expect(peerFingerprint(socket)).toBe(host.fingerprint);
      expect(peerFingerprint(serverSide)).toBe(member.fingerprint);
      expect(host.fingerprint).not.toBe(member.fingerprint);
    } finally {
      await close();
    }
  });

  it('gives both ends the same channel bindings, distinct per purpose and per connection', async () => {
    const first = await handshake(clientTlsOptions(member));
    const second = await handshake(clientTlsOptions(member));
    try {
      const pake = channelBinding(first.socket, 'pake');
      expect(pake).toHaveLength(32);
      expect(channelBinding(first.serverSide, 'pake').equals(pake)).toBe(true);
      const data = channelBinding(first.socket, 'data');
      expect(channelBinding(first.serverSide, 'data').equals(data)).toBe(true);
      expect(data.equals(pake)).toBe(false);
      expect(channelBinding(second.socket, 'pake').equals(pake)).toBe(false);
      // The published definition says "no context": in TLS 1.3 that is the same value as an empty context.
      const noContext = (first.socket.exportKeyingMaterial as (length: number, label: string) => Buffer).call(
        first.socket,
        32,
        'EXPORTER-sarangbang-pake',
      );
      expect(noContext.equals(pake)).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('lets a client without a certificate in, with no fingerprint', async () => {
    const { key: _key, cert: _cert, ...anonymous } = clientTlsOptions(member);
    const { serverSide, socket, close } = await handshake(anonymous);
    try {
      expect(peerFingerprint(serverSide)).toBeUndefined();
      expect(peerFingerprint(socket)).toBe(host.fingerprint);
    } finally {
      await close();
    }
  });

  it('refuses TLS 1.2', async () => {
    const server = tls.createServer(serverTlsOptions(host));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    server.on('tlsClientError', () => undefined);
    const { port } = server.address() as AddressInfo;
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, maxVersion: 'TLSv1.2' });
    const [error] = (await once(socket, 'error')) as [Error];
    expect(error.message).toMatch(/version|protocol/i);
    socket.destroy();
    server.close();
    await once(server, 'close');
  });

  it('work on a shared port: the host peeks 0x16 and wraps the plain socket in a server TLSSocket', async () => {
    const wrapped = new Promise<tls.TLSSocket>((resolve) => {
      const server = createServer((raw: Socket) => {
        raw.once('data', (chunk: Buffer) => {
          expect(chunk[0]).toBe(TLS_FIRST_BYTE);
          raw.pause();
          raw.unshift(chunk);
          const secure = new tls.TLSSocket(raw, { isServer: true, ...serverTlsOptions(host) });
          secure.on('error', () => undefined);
          secure.once('secure', () => resolve(secure));
          server.close();
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        const client = tls.connect({ host: '127.0.0.1', port, ...clientTlsOptions(member) });
        client.on('error', () => undefined);
        client.once('secureConnect', () => {
          expect(peerFingerprint(client)).toBe(host.fingerprint);
          client.write('SBNG');
          clientSocket = client;
        });
      });
    });
    let clientSocket: tls.TLSSocket | undefined;
    const serverSide = await wrapped;
    try {
      expect(peerFingerprint(serverSide)).toBe(member.fingerprint);
      expect(serverSide.alpnProtocol).toBe('sarangbang');
      const [data] = (await once(serverSide, 'data')) as [Buffer];
      expect(data.toString()).toBe('SBNG');
      expect(clientSocket && channelBinding(clientSocket, 'pake').equals(channelBinding(serverSide, 'pake'))).toBe(
        true,
      );
    } finally {
      clientSocket?.destroy();
      serverSide.destroy();
    }
  });
});
