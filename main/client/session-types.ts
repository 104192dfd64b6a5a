/** Public types of the client session: options, events, and the typed request helpers. */
import type { FrameObject } from '../protocol/codec.js';
import type {
  ClientRequest,
  LeaveReason,
  RequestType,
  ServerMessage,
  UserInfo,
  WelcomeMessage,
} from '../protocol/messages.js';
import type { Identity } from '../security/identity.js';
import type { KnownHostsLike } from '../security/known-hosts.js';
import type { BackoffOptions } from './backoff.js';
import type { SessionError } from './errors.js';
import type { OutboxEvent } from './outbox.js';

/**
 * How the session secures its connection. Default (option absent): TLS with a fresh in-memory identity and an
 * in-memory pin store. `{insecure: true}`: cleartext TCP (old hosts, tests; say so to the user).
 */
export type SessionSecurityOptions =
  | {
      /** Our identity: its certificate is our TLS client certificate (the host stamps our `fp` from it). */
      identity: Identity;
      /** Where hosts are pinned (trust on first use). */
      knownHosts: KnownHostsLike;
      /** A room code to verify the host against on this contact (it must match; then it is pinned). */
      code?: string;
      /** The user chose to trust a host whose identity changed: re-pin it (first connect only). */
      trustNewIdentity?: boolean;
    }
  | { insecure: true };

/** What the session knows about its connection's security. */
export interface SessionSecurity {
  encrypted: boolean;
  /** The host's fingerprint (hex SHA-256 of its certificate's SPKI) and room code, on TLS. */
  hostFingerprint?: string;
  hostCode?: string;
  /** How the host was verified: with the room code, against a pin, or pinned now (first use). */
  verified?: 'code' | 'pinned' | 'first-use';
}

export interface SessionOptions {
  host: string;
  port: number;
  nick: string;
  password?: string;
  /** Client name and version sent in `hello`, for the host's log. */
  app?: string;
  /**
   * The room to enter on a many-room server (`hello.room`, PROTOCOL.md section 19.2), kept across reconnects.
   * Absent or "": the server's default room.
   */
  room?: string;
  /** Limit for TCP connect + welcome + login together. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long a request waits for its `ok`/`error`. Default 15 s. */
  requestTimeoutMs?: number;
  /** Reconnect after a lost connection, with these backoff settings. `false` turns it off. Default on. */
  reconnect?: BackoffOptions | false;
  /**
   * Reconnect also when the host said it closed the room (`bye` with reason `server_shutdown`), waiting for it to
   * come back. Default true (the terminal client); the desktop app sets false and shows the room as closed.
   */
  reconnectAfterShutdown?: boolean;
  /** How often the RTT is measured with a ping; 0 turns it off. Default 10 s. */
  rttIntervalMs?: number;
  /** A connection whose RTT ping gets no pong this long is considered dead and reconnected. Default 20 s. */
  deadAfterMs?: number;
  /** TLS, identity and host verification; see SessionSecurityOptions. */
  security?: SessionSecurityOptions;
  /** How many recent messages the first login asks the host to replay (absent: the host's default). */
  historyMax?: number;
  /** Unsent messages fail (`offline`) after this long without a connection. Default 10 min. */
  outboxOfflineMs?: number;
}

export type SessionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Why the session lost its connection: the server's `bye` reason, or one of ours. */
export type DisconnectReason = LeaveReason | 'closed' | 'connection_lost' | 'login_failed' | 'gave_up';

export interface ConnectedEvent {
  nick: string;
  users: UserInfo[];
  room: WelcomeMessage['room'];
  server: string;
  /** True when this is a reconnect after a lost connection (refresh any state shown). */
  reconnected: boolean;
  /** Encrypted or not, and how the host was verified. */
  security: SessionSecurity;
  /** `count` replayed messages (`msg` with `hist`) follow this event; `truncated`: older ones asked for are gone. */
  replay?: { count: number; truncated: boolean };
}

export interface DisconnectedEvent {
  reason: DisconnectReason;
  /** A sentence for the user. */
  message: string;
  error?: SessionError;
  /** True when the session will try to reconnect (a `reconnecting` event follows). */
  willReconnect: boolean;
}

export interface ReconnectingEvent {
  /** 1 for the first retry. */
  attempt: number;
  inMs: number;
  /** Why the previous attempt failed (for example ProtocolError `nick_taken` when someone took our nick). */
  error?: SessionError;
}

/** One event per server message type (keyed by `t`), typed from messages.ts. */
export type ServerEvents = { [M in ServerMessage as M['t']]: M };

export interface SessionEvents extends ServerEvents {
  connecting: { attempt: number };
  connected: ConnectedEvent;
  reconnecting: ReconnectingEvent;
  disconnected: DisconnectedEvent;
  /** A new round-trip time measurement, in milliseconds. */
  rtt: { ms: number };
  /** Our own nickname changed (after `rename`). */
  nick: { nick: string };
  /** Every frame the server sends, whatever its type, after its typed event. For code that handles new types. */
  message: FrameObject;
  /** A message in the outbox changed state: `sending` (queued), `sent` (with `mid`) or `failed` (with `error`). */
  outbox: OutboxEvent;
}

/** The fields of a request of type T, without `t` and `id` (the session adds them). */
export type RequestFields<T extends RequestType> = Omit<Extract<ClientRequest, { t: T }>, 't' | 'id'>;

/** The whole user list, gathered from the server's pages. */
export interface UserList {
  users: UserInfo[];
}

/** Login as callers see it: our nickname, the whole user list, and the replay that follows. */
export interface LoginResult extends UserList {
  nick: string;
  replay?: { count: number; truncated: boolean };
}
