/**
 * Browser mode: the app without Electron, for development and end-to-end tests. One loopback HTTP server serves the
 * built renderer and, on the same port, a WebSocket that speaks the IPC contract (wire format: see the top of
 * contract/ipc-contract.ts) to the SAME handler table Electron uses. The WebSocket path carries a random token
 * (wrong token: 401) and optionally a profile name: `ws://127.0.0.1:PORT/TOKEN/PROFILE`. Each profile is its own
 * DesktopApp (own settings, session, hosted room), so several pages act as different users; a page that reconnects
 * under the same profile (a reload) gets the same app back, still in its room. Without a profile a page gets a fresh
 * one.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { SessionOptions } from '../../client/session-types.js';
import { createBrowserPlatform, type BrowserPlatform } from './browser-platform.js';
import { BridgeConnection } from './bridge-connection.js';
import { DesktopApp } from '../desktop-app.js';
import { embeddedServerStarter } from '../embedded-server.js';
import { forkRoomProcess } from '../../host/fork-room-process.js';
import { roomProcessStarter, withInProcessFallback } from '../room-process-server.js';
import { createHandlers } from '../handlers.js';
import type { RoomFinder } from '../room-finder.js';
import { previewRoute } from './preview-route.js';
import { staticFileHandler } from './static-files.js';
import { BROWSER_UPLOAD_LIMIT } from './uploads.js';

export interface BrowserAppOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Root for per-profile data (settings, uploads, default downloads). */
  profileDir: string;
  /** HTTP/WebSocket port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Where rooms hosted from a page listen. Default 127.0.0.1 (this machine only); '0.0.0.0' to share on the LAN. */
  hostListenAddress?: string;
  version?: string;
  sessionOptions?: Partial<SessionOptions>;
  log?: (line: string) => void;
  /** Other page origins allowed to open the WebSocket (e.g. a Vite dev server during development). */
  extraOrigins?: string[];
  /**
   * How pages find rooms on the network (network-room-finder.ts). Absent: their list stays empty and nothing is sent
   * (tests run here; discovery e2e gives it inside a network namespace).
   */
  finder?: RoomFinder;
}

export interface BrowserProfile {
  app: DesktopApp;
  platform: BrowserPlatform;
}

export interface BrowserApp {
  /** Page URL with a fresh profile per page load. */
  url: string;
  /** Page URL for a named profile (letters, digits, `-`, `_`; up to 32). */
  urlFor(profile: string): string;
  /** The WebSocket URL (with token) that `url` carries. */
  bridgeUrl: string;
  /** The app behind a profile (created on first connection), e.g. to queue dialog answers in a test. */
  profile(name: string): Promise<BrowserProfile>;
  /**
   * Quits a profile's app as closing the desktop app would (its page is disconnected, its room left, its settings
   * and conversation store closed); the next page of that profile starts a new app from the same folder.
   */
  stopProfile(name: string): Promise<void>;
  close(): Promise<void>;
}

const PROFILE_NAME = /^[A-Za-z0-9_-]{1,32}$/;

export async function startBrowserApp(options: BrowserAppOptions): Promise<BrowserApp> {
  const token = randomBytes(24).toString('base64url');
  const log = options.log ?? (() => undefined);
  const profiles = new Map<string, Promise<BrowserProfile & { connection?: BridgeConnection }>>();
  let anonymous = 0;
  let origin = '';
  let allowedOrigins = new Set<string>();

  const profile = (name: string): Promise<BrowserProfile & { connection?: BridgeConnection }> => {
    let entry = profiles.get(name);
    if (!entry) {
      entry = (async () => {
        const platform = createBrowserPlatform({
          profileDir: join(options.profileDir, name),
          version: options.version ?? '0.0.0-browser',
        });
        const holder: BrowserProfile & { connection?: BridgeConnection } = {
          platform,
          app: undefined as unknown as DesktopApp,
        };
        holder.app = await DesktopApp.create({
          platform,
          // As the desktop app hosts: the room in a process of its own (here a Node child), in-process only if that fails.
          startServer: withInProcessFallback(roomProcessStarter(forkRoomProcess), embeddedServerStarter(), (error) =>
            console.warn(`[host] hosting in the bridge's process: ${error.message}`),
          ),
          hostListenAddress: options.hostListenAddress ?? '127.0.0.1',
          ...(options.sessionOptions ? { sessionOptions: options.sessionOptions } : {}),
          ...(options.finder ? { finder: options.finder } : {}),
          sink: (events) => holder.connection?.sendEvents(events),
        });
        return holder;
      })();
      profiles.set(name, entry);
    }
    return entry;
  };

  let allowedHosts: string[] = [];
  const files = staticFileHandler(options.rendererDir, () => allowedHosts);
  const previews = previewRoute(async (id) => {
    for (const entry of profiles.values()) {
      const { app } = await entry;
      if (app.previews.has(id)) return app.previews;
    }
    return undefined;
  });
  const http = createServer((req, res) => void (previews(req, res, () => allowedHosts) || files(req, res)));
  const wss = new WebSocketServer({ noServer: true, maxPayload: BROWSER_UPLOAD_LIMIT + 64 * 1024 });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const [, gotToken, name, extra] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    const remote = req.socket.remoteAddress ?? '';
    if (remote !== '127.0.0.1' && remote !== '::1' && remote !== '::ffff:127.0.0.1') return refuse(403, 'Forbidden');
    if (gotToken !== token || extra !== undefined) return refuse(401, 'Unauthorized');
    if (req.headers.origin !== undefined && !allowedOrigins.has(req.headers.origin)) return refuse(403, 'Forbidden');
    if (name !== undefined && !PROFILE_NAME.test(name)) return refuse(400, 'Bad Request');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const profileName = name ?? `page-${++anonymous}`;
      void attach(ws, profileName);
    });
  });

  async function attach(ws: WebSocket, name: string): Promise<void> {
    // The page may send before its app exists (first connection of a profile): hold those messages.
    const early: [RawData, boolean][] = [];
    const hold = (data: RawData, isBinary: boolean): void => void early.push([data, isBinary]);
    ws.on('message', hold);
    const entry = await profile(name);
    ws.off('message', hold);
    entry.connection?.close(4000, 'Replaced by a newer page for the same profile');
    entry.app.rendererGone();
    const connection = new BridgeConnection(
      ws,
      createHandlers(entry.app),
      entry.app,
      join(options.profileDir, name, 'uploads'),
    );
    entry.connection = connection;
    for (const [data, isBinary] of early) ws.emit('message', data, isBinary);
    log(`[bridge] page connected as profile ${name}`);
    ws.on('close', () => {
      if (entry.connection !== connection) return;
      entry.connection = undefined;
      entry.app.rendererGone();
      log(`[bridge] page of profile ${name} disconnected`);
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  allowedOrigins = new Set([origin, `http://localhost:${port}`, ...(options.extraOrigins ?? [])]);
  const bridgeUrl = `ws://127.0.0.1:${port}/${token}`;
  const pageUrl = (ws: string): string => `${origin}/?bridge=${encodeURIComponent(ws)}`;

  return {
    url: pageUrl(bridgeUrl),
    bridgeUrl,
    urlFor(name) {
      if (!PROFILE_NAME.test(name))
        throw new Error(`Profile names are 1–32 letters, digits, - or _: ${JSON.stringify(name)}`);
      return pageUrl(`${bridgeUrl}/${name}`);
    },
    async profile(name) {
      const { app, platform } = await profile(name);
      return { app, platform };
    },
    async stopProfile(name) {
      const entry = profiles.get(name);
      if (!entry) return;
      profiles.delete(name);
      const stopped = await entry;
      stopped.connection?.close(4001, 'The app was stopped');
      stopped.connection = undefined;
      await stopped.app.dispose();
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closing = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await Promise.all([...profiles.values()].map(async (entry) => (await entry).app.dispose()));
      await closing;
    },
  };
}
