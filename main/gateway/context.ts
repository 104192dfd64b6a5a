/** What every session of one server shares, and the plug-in points for file transfer. */
import type { Socket } from 'node:net';
import type { FrameObject } from '../protocol/codec.js';
import type { ErrorCode } from '../protocol/errors.js';
import type { LeaveReason, ServerMessage } from '../protocol/messages.js';
import type { FlowControl } from './backpressure.js';
import type { Keepalive } from './keepalive.js';
import type { RateLimiter } from './rate-limit.js';
import type { RoomDirectory } from './room-directory.js';
import type { DataCredential } from './transport.js';
import type { Member } from '../rooms/member.js';
import type { Room } from '../rooms/room.js';
import type { RoomHub } from '../rooms/room-hub.js';

/** A `file.*` request from a logged-in framed client, handed to the file-transfer plugin. */
export interface FileRequestContext {
  frame: FrameObject & { id?: number };
  member: Member;
  /** The room the member is in. */
  room: Room;
  /** Every room of this server (a plugin follows departures here). */
  hub: RoomHub;
  /** Answers the request with `ok {id, result}`. */
  reply(result: object): void;
  /** Answers the request with `error {id, code, message}` (not fatal). */
  fail(code: ErrorCode, message: string): void;
}

export type FileHandler = (request: FileRequestContext) => void | Promise<void>;

/**
 * A connection whose first frame after the preamble was `{t:'data', ticket}` (a member on TLS: the HMAC of its token
 * with its chat connection's CB_data) or `{t:'data', token}` (an unencrypted member). The handler owns the socket from
 * here on: it arrives paused (call `resume()` or pipe it), with no `data` listener and only a no-op `error`
 * listener; `leftover` holds bytes that arrived after that frame. The handler answers with a frame of its own or
 * closes the socket. Data sockets are outside chat flow control, and the server forgets them at hand-off (the
 * handler may even pass them to another process): `server.close()` never closes them, so a plugin closes its own on
 * shutdown.
 */
export type DataConnectionHandler = (credential: DataCredential, socket: Socket, leftover: Buffer) => void;

export interface ServerHooks {
  fileHandler: FileHandler;
  onDataConnection: DataConnectionHandler;
}

export interface Session {
  /** Says goodbye with `reason` and closes (used at server shutdown). */
  disconnect(reason: LeaveReason, message: string): void;
}

/** The login-attempt hook of a password room (main/security/password-guard.ts behind it), keyed by remote IP. */
export interface LoginAttempts {
  /** Whether a password from `address` may be checked now; if not, the login is refused `too_many_attempts`. */
  check(address: string): { allowed: true } | { allowed: false; retryAfterMs: number };
  failed(address: string): void;
  succeeded(address: string): void;
}

/** Whether unencrypted clients (plain text, cleartext framed) may stay. */
export type PlainTextPolicy = 'allow' | 'refuse';

export interface ServerContext {
  /** Where sessions find their room. */
  hub: RoomHub;
  /** Which name is which room, each room's settings and welcome (one room unless the server hosts many). */
  rooms: RoomDirectory;
  flow: FlowControl;
  keepalive: Keepalive;
  serverVersion: string;
  loginTimeoutMs: number;
  textLoginTimeoutMs: number;
  /** Silence after which an undecided connection is treated as plain text and greeted. */
  textGreetingMs: number;
  newRateLimiter: () => RateLimiter;
  hooks: ServerHooks;
  sessions: Set<Session>;
  loginAttempts: LoginAttempts;
  report(error: unknown, where: string): void;
}

export type { ServerMessage };
