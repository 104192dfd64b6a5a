/**
 * The two kinds of failure a session reports. `ProtocolError`: the server answered a request with an `error` (its
 * stable `code` is what the UI switches on). `ConnectionError`: we could not reach the room or lost it; its message
 * says what to check, because "connection refused" alone helps nobody.
 */
import type { FrameObject } from '../protocol/codec.js';
import { isErrorCode, type ErrorCode } from '../protocol/errors.js';

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** True when the server closes the connection after this error. */
    readonly fatal = false,
    /** `too_many_attempts`, `rate_limited`: how long to wait before trying again, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export type ConnectionErrorCode =
  /** Nobody listens on that port (ECONNREFUSED). */
  | 'refused'
  /** No TCP answer, or no welcome/login answer, within the connect timeout. */
  | 'timeout'
  /** The host name could not be resolved. */
  | 'host_not_found'
  /** No route to the host / network down. */
  | 'unreachable'
  /** Something answered, but it does not speak the Sarangbang protocol. */
  | 'not_a_room'
  /** The connection closed (before an answer arrived, or while idle). */
  | 'closed'
  /** A command was used while the session is not logged in (connecting, reconnecting or closed). */
  | 'not_connected'
  /** A request got no answer in time. */
  | 'request_timeout'
  /** The host's identity is not the one pinned for this host:port (details: IdentityChangedDetails). Nothing sent. */
  | 'identity_changed'
  /** The host's identity does not match the room code we were given (details: IdentityMismatchDetails). Nothing sent. */
  | 'identity_mismatch'
  /** In a password room, the host could not prove it knows the password (CPace tagS missing or wrong). */
  | 'host_impostor'
  /** An outbox message was not sent: no connection for too long, or the session closed first. */
  | 'offline'
  /** An outbox message was deleted (`discard`) before it was sent. */
  | 'discarded';

/** `identity_changed`: the pinned identity and the one the host presented now. */
export interface IdentityChangedDetails {
  oldCode: string;
  newCode: string;
  oldFingerprint: string;
  newFingerprint: string;
}

/** `identity_mismatch`: the code we were given and the host's actual room code. */
export interface IdentityMismatchDetails {
  expectedCode: string;
  actualCode: string;
}

export type ConnectionErrorDetails = IdentityChangedDetails | IdentityMismatchDetails;

export class ConnectionError extends Error {
  /** More about `identity_changed` / `identity_mismatch`. */
  readonly details: ConnectionErrorDetails | undefined;

  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    options?: { cause?: unknown; details?: ConnectionErrorDetails },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectionError';
    this.details = options?.details;
  }
}

/** Failures about who the host is: never retried (a reconnect stops), the user decides. */
const IDENTITY_CODES: ReadonlySet<ConnectionErrorCode> = new Set<ConnectionErrorCode>([
  'identity_changed',
  'identity_mismatch',
  'host_impostor',
]);

export function isIdentityError(error: unknown): error is ConnectionError {
  return error instanceof ConnectionError && IDENTITY_CODES.has(error.code);
}

export type SessionError = ProtocolError | ConnectionError;

/** The ProtocolError an `error` frame stands for (an unknown code reads as `internal`). */
export function errorFromFrame(frame: FrameObject): ProtocolError {
  const { code, message, fatal, retryAfterMs } = frame as {
    code?: unknown;
    message?: unknown;
    fatal?: unknown;
    retryAfterMs?: unknown;
  };
  const known = isErrorCode(code) ? code : 'internal';
  return new ProtocolError(
    known,
    typeof message === 'string' ? message : known,
    fatal === true,
    typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
  );
}

/** Why a connection closed before its welcome: the host's `bye`, the socket's error, or not a room at all. */
export function closedBeforeWelcome(
  where: string,
  bye: { message: string } | undefined,
  error: ConnectionError | undefined,
): ConnectionError {
  if (bye) return new ConnectionError('closed', bye.message);
  return (
    error ??
    new ConnectionError('not_a_room', `${where} closed the connection before welcoming us. Is this a Sarangbang room?`)
  );
}

/** A command used while the session is not logged in. */
export function notConnectedError(
  state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed',
): ConnectionError {
  const now =
    state === 'reconnecting' ? 'reconnecting to the room' : state === 'closed' ? 'closed' : 'not logged in yet';
  return new ConnectionError('not_connected', `Not connected: the session is ${now}.`);
}

/** Login refusals that can go away by themselves, so a reconnect keeps trying (a ghost of our old connection may
 * still hold the nick until the server's keepalive drops it). Network failures are always retried. */
const RETRYABLE_LOGIN_CODES: ReadonlySet<string> = new Set([
  'nick_taken',
  'room_full',
  'rate_limited',
  'login_timeout',
  'internal',
  // a cluster instance that cannot reach its Redis (PROTOCOL.md 20.5)
  'cluster_paused',
]);

export function isRetryableLoginError(error: SessionError): boolean {
  if (error instanceof ConnectionError) return !IDENTITY_CODES.has(error.code);
  return RETRYABLE_LOGIN_CODES.has(error.code);
}

export function asSessionError(error: unknown): SessionError {
  if (error instanceof ProtocolError || error instanceof ConnectionError) return error;
  return new ConnectionError('closed', error instanceof Error ? error.message : String(error), { cause: error });
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Turns a socket error into a ConnectionError whose message says what to check. */
export function describeSocketError(error: NodeJS.ErrnoException, host: string, port: number): ConnectionError {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new ConnectionError(
        'refused',
        `Nobody is accepting connections at ${where}. Check that the room is running there, the port is right, and the host's firewall allows port ${port}.`,
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConnectionError(
        'host_not_found',
        `The host name "${host}" could not be found. Try the host's IP address (the room shows it).`,
        { cause: error },
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new ConnectionError(
        'unreachable',
        `${where} cannot be reached from this machine. Are you on the same network? VPNs and Wi-Fi client isolation can block it.`,
        { cause: error },
      );
    case 'ETIMEDOUT':
      return connectTimeoutError(host, port, undefined, error);
    default:
      if (error.code?.startsWith('ERR_SSL_'))
        return new ConnectionError(
          'closed',
          `The encrypted connection to ${where} failed a check (${error.code}): bytes were altered on the way, or it is not a Sarangbang room. Someone on the network may be interfering.`,
          { cause: error },
        );
      return new ConnectionError('closed', `The connection to ${where} failed: ${error.message}`, { cause: error });
  }
}

export function connectTimeoutError(host: string, port: number, timeoutMs?: number, cause?: unknown): ConnectionError {
  const after = timeoutMs === undefined ? '' : ` within ${seconds(timeoutMs)}`;
  return new ConnectionError(
    'timeout',
    `No answer from ${host}:${port}${after}. The host may be on another network or behind a firewall, or Wi-Fi client isolation may block it.`,
    cause === undefined ? undefined : { cause },
  );
}
