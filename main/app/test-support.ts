/**
 * Test helper (used by main/app tests and by the browser-mode bridge tests): a real DesktopApp on a browser platform
 * in a temp profile, with its events recorded and `call(channel, payload)` going through dispatch like the UI does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload, InvokeChannel, InvokeResponse, Reply } from '@contract/ipc-contract';
import { createBrowserPlatform, type BrowserPlatform } from './browser/browser-platform.js';
import { DesktopApp } from './desktop-app.js';
import { dispatch, type HandlerTable } from './dispatch.js';
import { embeddedServerStarter } from './embedded-server.js';
import { createHandlers } from './handlers.js';
import type { EmbeddedServerOptions, StartServer } from './room-host.js';

export interface RecordedEvent {
  event: EventName;
  payload: unknown;
}

export interface TestApp {
  app: DesktopApp;
  platform: BrowserPlatform;
  handlers: HandlerTable;
  profileDir: string;
  events: RecordedEvent[];
  call<C extends InvokeChannel>(channel: C, payload?: unknown): Promise<Reply<InvokeResponse<C>>>;
  /** Like call, but throws unless ok. */
  ok<C extends InvokeChannel>(channel: C, payload?: unknown): Promise<InvokeResponse<C>>;
  waitFor<E extends EventName>(
    event: E,
    predicate?: (payload: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

/** A hosting request for a room on 127.0.0.1 with a port the system picks, not announced. */
export const LOOPBACK_ROOM: EmbeddedServerOptions = {
  host: '127.0.0.1',
  port: 0,
  maxUsers: 5,
  roomName: 'lab',
  bannedWords: [],
  announce: false,
};

/**
 * A test app on a fresh profile folder, or on `profileDir` to start an app again where an earlier one left off;
 * hosting rooms with `startServer` (in the test process unless told otherwise).
 */
export async function createTestApp(
  name = 'user',
  profileDir?: string,
  startServer: StartServer = embeddedServerStarter({ textGreetingMs: 60_000 }),
): Promise<TestApp> {
  profileDir ??= await mkdtemp(join(tmpdir(), `sb-app-${name}-`));
  const platform = createBrowserPlatform({ profileDir, version: '0.0.0-test' });
  const events: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  const app = await DesktopApp.create({
    platform,
    startServer,
    hostListenAddress: '127.0.0.1',
    sessionOptions: { connectTimeoutMs: 5_000, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } },
    sink: (batch) => {
      events.push(...batch);
      for (const wake of [...waiters]) wake();
    },
  });
  const handlers = createHandlers(app);
  const call = ((channel: InvokeChannel, payload?: unknown) =>
    dispatch(handlers, channel, payload, () => undefined)) as TestApp['call'];
  return {
    app,
    platform,
    handlers,
    profileDir,
    events,
    call,
    async ok(channel, payload) {
      const reply = await call(channel, payload);
      if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code}: ${reply.error.message}`);
      return reply.result;
    },
    waitFor(event, predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          for (; seen < events.length; seen++) {
            const e = events[seen];
            if (e && e.event === event && predicate(e.payload as never)) {
              cleanup();
              resolve(e.payload as never);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${event}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await app.dispose();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** A TCP relay to a room on 127.0.0.1: its connections can be dropped without a word from the host (a network loss). */
export interface Relay {
  port: number;
  /** Drops every connection through it; new ones still pass. */
  cut(): void;
  /** Drops every connection and refuses new ones (resets them) until `up()`. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((inbound) => {
    if (refusing) {
      inbound.resetAndDestroy();
      return;
    }
    const outbound = connect(targetPort, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut,
    down: () => {
      refusing = true;
      cut();
    },
    up: () => {
      refusing = false;
    },
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
