/** Shared by the client tests: a real room server on 127.0.0.1:0 and sessions that are closed after each test. */
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../gateway/server.js';
import { createClientSession, type ClientSession } from './session.js';
import type { SessionEvents, SessionOptions } from './session-types.js';

export interface Harness {
  startServer(options?: RoomServerOptions, port?: number): Promise<{ server: RoomServer; port: number }>;
  session(port: number, nick: string, options?: Partial<SessionOptions>): ClientSession;
  join(port: number, nick: string, options?: Partial<SessionOptions>): Promise<ClientSession>;
  cleanup(): Promise<void>;
}

export function createHarness(): Harness {
  const servers = new Set<RoomServer>();
  const sessions = new Set<ClientSession>();
  const harness: Harness = {
    async startServer(options = {}, port = 0) {
      const server = createRoomServer(options);
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
