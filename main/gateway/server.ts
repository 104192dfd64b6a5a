/**
 * The room server: `createRoomServer(options)`, Node only (runs inside the Electron main process or headless).
 *
 *   const server = createRoomServer({ roomName: 'lab', password: 'pw' });
 *   server.on('log', (entry) => console.log(entry.text));
 *   const address = await server.listen(30000, '0.0.0.0');
 *   ...
 *   await server.close();          // tells every client `bye {reason:'server_shutdown'}`
 *
 * Files:  transport.ts (what kind of socket is this? the one place that decides; TLS goes here) → connection.ts
 * (queue, batching, accounting) → framed-session.ts / text-session.ts (wire ↔ room; text-format.ts, text-lines.ts,
 * text-encoding.ts for plain text) → the rooms, reached through `RoomHub` (main/rooms/room-hub.ts). backpressure.ts,
 * keepalive.ts, rate-limit.ts and contain.ts (one client's exception never reaches the event loop) hold the
 * robustness policies. test-support.ts has tiny framed and plain-text clients for tests.
 *
 * Plug-in points for file transfer (issue 3), set with `options.hooks` or `server.setHooks()`:
 * - `onDataConnection(credential, socket, leftover)`: a connection that opened with the preamble and then the frame
 *   `{t:'data', ticket}` or `{t:'data', token}` (credential `{ticket}` / `{token}`). The plugin owns the socket from then on. Default: `error bad_token` and close.
 * - `fileHandler(request)`: every `file.*` frame from a logged-in framed client, with `request.member`,
 *   `request.room`, `request.hub`, `request.reply(result)` and `request.fail(code, message)`. Default: `error
 *   transfer_unsupported`.
 * - `server.hub` (and `server.room`, the default room): `room.find(nick)` / `room.member(id)` → Member with `id`,
 *   `send(event)`, `isTextClient` (plain-text clients cannot take files: refuse offers to them with
 *   `transfer_unsupported`), and `hub.on('left' | 'renamed' | 'joined' | 'message', listener)`.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { CONSENT_TIMEOUT_MS } from '../protocol/limits.js';
import { createIdentitySync, type Identity } from '../security/identity.js';
import { serverTlsOptions } from '../security/tls-options.js';
import { DEFAULT_FLOW, FlowControl, type FlowOptions } from './backpressure.js';
import { Connection } from './connection.js';
import { FlushScheduler } from './flush-scheduler.js';
import { consoleReporter, contained, type Reporter } from './contain.js';
import type { ServerContext, ServerHooks } from './context.js';
import { FramedSession, refuseFiles } from './framed-session.js';
import { DEFAULT_KEEPALIVE, Keepalive } from './keepalive.js';
import { createRateLimiter, DEFAULT_RATE_PER_SECOND, type RateLimitSetting } from './rate-limit.js';
import { DEFAULT_ROOM_ID, type RoomId } from '../rooms/ids.js';
import { REPLAY_BUDGET_BYTES } from '../rooms/room-history.js';
import { Room, type RoomOptions } from '../rooms/room.js';
import { LocalRoomHub, type RoomHub } from '../rooms/room-hub.js';
import { TextSession, textGreeting } from './text-session.js';
import { acceptConnection, refuseDataConnection, type ChannelSecurity, type DataCredential } from './transport.js';
import { PasswordGuard, type ConnectionSlot, type PasswordGuardOptions } from '../security/password-guard.js';
import { connectionAdmission, ENCRYPTION_REQUIRED_LINE, loginAttemptsFrom } from './access-policy.js';
import type { PlainTextPolicy } from './context.js';
import { RoomDirectory } from './room-directory.js';
import { DEFAULT_MAX_ROOMS, newRoomSettings, roomSettings, type RoomSpec } from './room-specs.js';
import { newRunId } from './welcome.js';

export type { RoomSpec } from './room-specs.js';
export { RoomSpecError } from './room-specs.js';

/** A room created on first join is forgotten after this long with nobody in it (PROTOCOL.md section 19.2). */
export const FORGET_ROOM_AFTER_MS = 10 * 60_000;

export const SERVER_NAME = 'Sarangbang 0.1.0';
const DEFAULT_FLUSH_INTERVAL_MS = 2;

/** Client-chosen text for the host's terminal: no control or format characters (escape sequences). */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, '?');
}

export interface RoomServerOptions {
  /** The default room's name (any display name) when `rooms` is not given. Default "Sarangbang". */
  roomName?: string;
  /**
   * The rooms of a many-room server (section 19.5); their unset fields take the options below (`maxUsers`,
   * `password`, `history`, `bannedWords`, `plainText`). Bad names or two names of one room throw `RoomSpecError`.
   */
  rooms?: RoomSpec[];
  /** Which of `rooms` is the default room (clients that name none enter it). Default: the first. */
  defaultRoom?: string;
  /** A valid unknown room name creates a room on first join (server limits, no password). Default false. */
  allowNewRooms?: boolean;
  /** Most rooms in all, created ones included. Default 1000. */
  maxRooms?: number;
  /** A room created on first join is forgotten after this long empty. Default 10 min (for tests). */
  forgetRoomAfterMs?: number;
  maxUsers?: number;
  password?: string;
  bannedWords?: readonly string[];
  /** Messages a second per client (burst: twice that), or 'off'. Default 20. */
  rateLimit?: RateLimitSetting;
  /** Chat messages each room keeps for late joiners, reconnects and members back from away (0: off). Default 1000. */
  history?: number;
  /** Framed clients must log in within this time. Default 30 s. */
  loginTimeoutMs?: number;
  /** Plain-text clients must send a first line within this time. Default 5 min. */
  textLoginTimeoutMs?: number;
  /** Silence after which a new connection is greeted as a plain-text client. Default 1 s. */
  textGreetingMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveTimeoutMs?: number;
  /** How long a 1:1 request waits for an answer. Default 60 s. */
  consentTimeoutMs?: number;
  /** Queue bounds and timings of the push-back / slow-consumer policy. */
  flow?: Partial<FlowOptions>;
  /** While busy, socket writes happen at most once per this many ms (messages share a write). Default 2; 0 = every event-loop turn. */
  flushIntervalMs?: number;
  hooks?: Partial<ServerHooks>;
  /**
   * Unencrypted clients (plain text, cleartext framed): 'allow' or 'refuse'. Default: 'allow' in an open room,
   * 'refuse' in a password room (`defaultPlainText`, access-policy.ts).
   */
  plainText?: PlainTextPolicy;
  /**
   * Online-guessing limits per remote address (docs/PROTOCOL.md "Guessing limits"): growing waits after 3 wrong
   * passwords, at most 16 unauthenticated connections. Tune them (and the clock, for tests) here, or 'off'.
   */
  passwordGuard?: PasswordGuardOptions | 'off';
  /** The host's identity (its TLS certificate; room code = identity.code). Default: one per process, in memory only. */
  identity?: Identity;
  /**
   * Makes the hub the rooms live in from what each room is made of (`roomOptions(id)`). Default: a LocalRoomHub;
   * a cluster (main/cluster/) passes its own.
   */
  hub?: (roomOptions: (id: RoomId) => RoomOptions, report: Reporter) => RoomHub;
  /** The history run named in the welcome. Default: a fresh one (a cluster shares one run among its instances). */
  run?: string;
}

export type LogKind = 'listening' | 'join' | 'leave' | 'rename' | 'error' | 'closed';

export interface LogEntry {
  ts: number;
  kind: LogKind;
  text: string;
  nick?: string;
  address?: string;
}

export interface RoomServer {
  /** Every room of this server. */
  readonly hub: RoomHub;
  /** Which name is which room, each room's settings (the `rooms` listing). */
  readonly rooms: RoomDirectory;
  /** The default room (DEFAULT_ROOM_ID). */
  readonly room: Room;
  /** The host's identity: its fingerprint and room code. */
  readonly identity: Identity;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  address(): AddressInfo | undefined;
  /** Stops accepting, says goodbye to every client and closes. Resolves when every socket is closed. */
  close(): Promise<void>;
  on(event: 'log', listener: (entry: LogEntry) => void): () => void;
  setHooks(hooks: Partial<ServerHooks>): void;
  /** The hooks in place now (a wrapper, such as a cluster's file rule, goes around them). */
  hooks(): Readonly<ServerHooks>;
  /** Number of open chat connections (logged in or not). */
  connectionCount(): number;
  /** Diagnostics: open chat connections, members, and the most bytes one connection has had queued. */
  stats(): { connections: number; members: number; peakQueuedBytes: number };
  /** Connections accepted since start from other machines (not loopback): a guest's probe or join reached us. */
  remoteConnectionsSeen(): number;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.replace(/^::ffff:/i, '');
  return bare === '::1' || bare.startsWith('127.');
}

let ephemeral: Identity | undefined;

/**
 * The identity of servers started without one: made once per process and kept in memory only, so a room restarted
 * on the same port in the same process keeps its room code (clients that pinned it reconnect) while nothing is
 * written to disk.
 */
function processIdentity(): Identity {
  ephemeral ??= createIdentitySync('Sarangbang room');
  return ephemeral;
}

export function createRoomServer(options: RoomServerOptions = {}): RoomServer {
  const identity = options.identity ?? processIdentity();
  const tlsOptions = serverTlsOptions(identity);
  const logListeners = new Set<(entry: LogEntry) => void>();
  const log = (entry: Omit<LogEntry, 'ts'>): void => {
    for (const listener of logListeners)
      contained(consoleReporter, 'log listener', () => listener({ ts: Date.now(), ...entry }));
  };
  const report: Reporter = (error, where) =>
    log({
      kind: 'error',
      text: `${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    });
  const flow = { ...DEFAULT_FLOW, ...options.flow };
  const replayBytes = Math.min(REPLAY_BUDGET_BYTES, Math.floor(flow.hardBytes / 2));
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_PER_SECOND;
  const maxRooms = options.maxRooms ?? DEFAULT_MAX_ROOMS;
  const sharedRun = options.run;
  // Fails fast on bad settings (names, duplicates, history), before anything listens.
  const directory = new RoomDirectory({
    rooms: roomSettings(options, options.rooms, options.defaultRoom, maxRooms),
    newRoom: options.allowNewRooms ? newRoomSettings(options) : undefined,
    maxRooms,
    forgetAfterMs: options.forgetRoomAfterMs ?? FORGET_ROOM_AFTER_MS,
    welcome: { server: SERVER_NAME, rateLimit },
    // A cluster names one history run for all its instances.
    newRun: sharedRun === undefined ? newRunId : () => sharedRun,
  });
  const roomOptions = (id: RoomId): RoomOptions => {
    const settings = directory.settings(id);
    return {
      id,
      name: settings.name,
      maxUsers: settings.maxUsers,
      password: settings.password,
      bannedWords: settings.bannedWords,
      consentTimeoutMs: options.consentTimeoutMs ?? CONSENT_TIMEOUT_MS,
      history: settings.history,
      replayBytes,
      report: (error, where) => report(error, where),
    };
  };
  const hubReport: Reporter = (error, where) => report(error, where);
  const hub = options.hub
    ? options.hub(roomOptions, hubReport)
    : new LocalRoomHub((id) => new Room(roomOptions(id)), hubReport);
  directory.use(hub);
  const room = hub.room(DEFAULT_ROOM_ID);
  /** On a many-room server the log says which room (" math"); a one-room server's log is as before. */
  const where = (room: Room): string => (directory.many ? ` ${printable(room.options.name)}` : '');
  hub.on('joined', (m, room) =>
    log({
      kind: 'join',
      nick: m.nick,
      address: m.endpoint.remoteAddress,
      text: `${m.nick} joined${where(room)} from ${m.endpoint.remoteAddress} (${m.isTextClient ? 'plain text' : printable(m.endpoint.clientName ?? 'app')}); ${room.size} here`,
    }),
  );
  hub.on('left', (m, reason, room) =>
    log({
      kind: 'leave',
      nick: m.nick,
      address: m.endpoint.remoteAddress,
      text: `${m.nick} left${where(room)} (${reason}); ${room.size} here`,
    }),
  );
  hub.on('renamed', (m, from, room) =>
    log({ kind: 'rename', nick: m.nick, text: `${from} is now ${m.nick}${where(room)}` }),
  );

  const hooks: ServerHooks = { fileHandler: refuseFiles, onDataConnection: refuseDataConnection, ...options.hooks };
  const guard = options.passwordGuard === 'off' ? undefined : new PasswordGuard(options.passwordGuard);
  const admit = connectionAdmission(guard);
  const ctx: ServerContext = {
    hub,
    flow: new FlowControl(flow, Date.now, report),
    rooms: directory,
    keepalive: new Keepalive(
      {
        intervalMs: options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE.intervalMs,
        timeoutMs: options.keepaliveTimeoutMs ?? DEFAULT_KEEPALIVE.timeoutMs,
      },
      Date.now,
      report,
    ),
    serverVersion: SERVER_NAME,
    loginTimeoutMs: options.loginTimeoutMs ?? 30_000,
    textLoginTimeoutMs: options.textLoginTimeoutMs ?? 5 * 60_000,
    textGreetingMs: options.textGreetingMs ?? 1000,
    newRateLimiter: () => createRateLimiter(rateLimit),
    hooks,
    sessions: new Set(),
    loginAttempts: loginAttemptsFrom(guard),
    report,
  };

  // A plain-text client enters the default room: its policy decides at once (framed clients: their room's, at hello).
  const refusesPlainText = (channel: ChannelSecurity): boolean =>
    !channel.secure && directory.settings(DEFAULT_ROOM_ID).plainText === 'refuse';
  const flusher = new FlushScheduler(options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
  const sockets = new Set<Socket>();
  /** What the transport hands each kind of socket to; `admission` is the connection's place under the cap. */
  const handlersFor = (admission: ConnectionSlot | 'refused') => ({
    framed: (socket: Socket, leftover: Buffer, channel: ChannelSecurity) =>
      new FramedSession(new Connection(socket, ctx.flow, report, flusher), ctx, channel).start(leftover, admission),
    text: (socket: Socket, leftover: Buffer, channel: ChannelSecurity, greeted: boolean) => {
      socket.setKeepAlive(true, 30_000);
      new TextSession(new Connection(socket, ctx.flow, report, flusher), ctx, channel, greeted).start(
        leftover,
        admission,
      );
    },
    greeting: (channel: ChannelSecurity) =>
      refusesPlainText(channel)
        ? { bytes: Buffer.from(`* ${ENCRYPTION_REQUIRED_LINE}\r\n`), silentMs: ctx.loginTimeoutMs }
        : { bytes: textGreeting(ctx), silentMs: Math.max(0, ctx.textLoginTimeoutMs - ctx.textGreetingMs) },
    silent: (socket: Socket, channel: ChannelSecurity) => {
      if (refusesPlainText(channel)) return socket.destroy();
      socket.setKeepAlive(true, 30_000);
      const session = new TextSession(new Connection(socket, ctx.flow, report, flusher), ctx, channel, true);
      session.start(Buffer.alloc(0), admission);
      session.loginExpired();
    },
    data: (credential: DataCredential, socket: Socket, leftover: Buffer) => {
      if (admission !== 'refused') admission.release(); // a data connection is not a login
      sockets.delete(socket); // the data handler owns it now, and may pass it to another process
      ctx.hooks.onDataConnection(credential, socket, leftover);
    },
    error: ctx.report,
  });
  let remoteSeen = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    if (!isLoopbackAddress(socket.remoteAddress)) remoteSeen++;
    // Counted from accept, so connections still deciding what they are count too; released at login or close.
    const admission = admit(socket.remoteAddress ?? '?');
    socket.once('close', () => {
      sockets.delete(socket);
      if (admission !== 'refused') admission.release();
    });
    acceptConnection(socket, handlersFor(admission), {
      greetingMs: ctx.textGreetingMs,
      firstFrameTimeoutMs: ctx.loginTimeoutMs,
      tls: tlsOptions,
    });
  });
  server.on('error', (error) => ctx.report(error, 'listener'));

  let bound: AddressInfo | undefined;
  return {
    hub,
    rooms: directory,
    room,
    identity,
    listen(port = 30000, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        const fail = (error: Error): void => reject(error);
        server.once('error', fail);
        server.listen(port, host, () => {
          server.removeListener('error', fail);
          bound = server.address() as AddressInfo;
          log({ kind: 'listening', text: `listening on ${bound.address}:${bound.port}` });
          resolve(bound);
        });
      });
    },
    address: () => bound,
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      directory.stop();
      hub.close('server_shutdown', 'The server is shutting down.');
      for (const session of [...ctx.sessions]) session.disconnect('server_shutdown', 'The server is shutting down.');
      const grace = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, 2000);
      await stopped;
      clearTimeout(grace);
      ctx.flow.stop();
      ctx.keepalive.stop();
      log({ kind: 'closed', text: 'server closed' });
    },
    on(_event, listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    setHooks(next) {
      Object.assign(hooks, next);
    },
    hooks: () => ({ ...hooks }),
    connectionCount: () => ctx.sessions.size,
    stats: () => ({
      connections: ctx.sessions.size,
      members: hub.rooms().reduce((sum, each) => sum + each.size, 0),
      peakQueuedBytes: ctx.flow.peakQueuedBytes,
    }),
    remoteConnectionsSeen: () => remoteSeen,
  };
}
