/**
 * Shared by the client tests: a real room server on 127.0.0.1:0, sessions that are closed after each test, and a
 * relay between them that can cut the network.
 */
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { encodeFrame, FrameDecoder, type FrameObject } from '../protocol/codec.js';
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../gateway/server.js';
import { createIdentitySync, type Identity } from '../security/identity.js';
import { serverTlsOptions } from '../security/tls-options.js';
import { createClientSession, type ClientSession } from './session.js';
import type { SessionEvents, SessionOptions } from './session-types.js';

/** A TCP relay to a room: `cut()` drops every connection through it at once, as a network failure would. */
export interface Relay {
  port: number;
  cut(): void;
}

export interface Harness {
  startServer(options?: RoomServerOptions, port?: number): Promise<{ server: RoomServer; port: number }>;
  session(port: number, nick: string, options?: Partial<SessionOptions>): ClientSession;
  join(port: number, nick: string, options?: Partial<SessionOptions>): Promise<ClientSession>;
  /** A TLS listener with `identity` that answers nothing and counts the decrypted bytes clients send it. */
  recordingHost(identity: Identity, port?: number): Promise<{ port: number; received: () => number }>;
  /**
   * A relay to the room at `target`. With `cutAt` (cleartext only), the server's frames are read, and the first one
   * `cutAt` picks is not passed on: the connection is cut right there (the server did the work, the client never
   * hears of it).
   */
  relay(target: number, cutAt?: (frame: FrameObject) => boolean): Promise<Relay>;
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
    async relay(target, cutAt) {
      const pairs = new Set<[net.Socket, net.Socket]>();
      let pick = cutAt;
      const cutAll = (): void => {
        for (const pair of pairs) for (const socket of pair) socket.destroy();
        pairs.clear();
      };
      const server = net.createServer((client) => {
        const upstream = net.connect(target, '127.0.0.1');
        const pair: [net.Socket, net.Socket] = [client, upstream];
        pairs.add(pair);
        for (const socket of pair) {
          socket.on('error', () => undefined);
          socket.on('close', () => {
            pairs.delete(pair);
            for (const other of pair) other.destroy();
          });
        }
        client.pipe(upstream);
        if (!pick) {
          upstream.pipe(client);
          return;
        }
        const decoder = new FrameDecoder();
        upstream.on('data', (chunk: Buffer) => {
          for (const frame of decoder.push(chunk).frames) {
            if (pick?.(frame)) {
              pick = undefined;
              for (const socket of pair) socket.destroy();
              return;
            }
            client.write(encodeFrame(frame));
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      listeners.add({
        close: async () => {
          cutAll();
          await new Promise((resolve) => server.close(resolve));
        },
      });
      return { port: (server.address() as AddressInfo).port, cut: cutAll };
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
