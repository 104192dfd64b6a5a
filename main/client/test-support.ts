/** Shared by the client tests: a real room server on 127.0.0.1:0 and sessions that are closed after each test. */
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../gateway/server.js';
import { createIdentitySync, type Identity } from '../security/identity.js';
import { serverTlsOptions } from '../security/tls-options.js';
import { createClientSession, type ClientSession } from './session.js';
import type { SessionEvents, SessionOptions } from './session-types.js';

export interface Harness {
  startServer(options?: RoomServerOptions, port?: number): Promise<{ server: RoomServer; port: number }>;
  session(port: number, nick: string, options?: Partial<SessionOptions>): ClientSession;
  join(port: number, nick: string, options?: Partial<SessionOptions>): Promise<ClientSession>;
  /** A TLS listener with `identity` that answers nothing and counts the decrypted bytes clients send it. */
  recordingHost(identity: Identity, port?: number): Promise<{ port: number; received: () => number }>;
  cleanup(): Promise<void>;
}

export function createHarness(): Harness {
  const servers = new Set<RoomServer>();
  const sessions = new Set<ClientSession>();
  // One host identity for the harness: a host restarted on the same port is the same host (as with its identity file).
  const identity = createIdentitySync('test room');
  const listeners = new Set<{ close(): Promise<void> }>();
  const harness: Harness = {
    async recordingHost(hostIdentity, port = 0) {
      let bytes = 0;
      const sockets = new Set<tls.TLSSocket>();
      const server = tls.createServer(serverTlsOptions(hostIdentity), (socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listeners.add({
        close: async () => {
          for (const socket of sockets) socket.destroy();
          await new Promise((resolve) => server.close(resolve));
        },
      });
      return { port: (server.address() as AddressInfo).port, received: () => bytes };
    },
    async startServer(options = {}, port = 0) {
      const server = createRoomServer({ identity, ...options });
      const address = await server.listen(port, '127.0.0.1');
      servers.add(server);
      return { server, port: address.port };
    },
    session(port, nick, options = {}) {
      const session = createClientSession({ host: '127.0.0.1', port, nick, rttIntervalMs: 0, ...options });
      sessions.add(session);
      return session;
    },
    async join(port, nick, options) {
      const session = harness.session(port, nick, options);
      await session.connect();
      return session;
    },
    async cleanup() {
      await Promise.all([...sessions].map((session) => session.close()));
      await Promise.all([...servers].map((server) => server.close()));
      await Promise.all([...listeners].map((listener) => listener.close()));
      listeners.clear();
      sessions.clear();
      servers.clear();
    },
  };
  return harness;
}

/** Resolves with the next event of this type that passes `filter`. Rejects after `timeoutMs` (generous). */
export function nextEvent<K extends keyof SessionEvents>(
  session: ClientSession,
  type: K,
  filter: (event: SessionEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<SessionEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no "${String(type)}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = session.on(type, (event) => {
      if (!filter(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}
