/** Turns the client session's errors into the app's typed failures (codes from the IPC contract). */
import type { AppErrorCode, JoinFailure } from '@contract/ipc-contract';
import { ConnectionError, ProtocolError } from '../client/errors.js';
import { AppFailure } from './app-error.js';
import { errorDetails } from './session-security.js';

const PASSED_THROUGH: ReadonlySet<string> = new Set<AppErrorCode>([
  'text_empty',
  'text_too_long',
  'banned_word',
  'rate_limited',
  'no_such_user',
  'self_target',
  'user_away',
  'user_busy',
  'not_in_dm',
  'already_in_dm',
  'no_pending_request',
  'nick_invalid',
  'nick_taken',
  'room_full',
  'wrong_password',
  'version_unsupported',
  'no_such_offer',
  'no_such_transfer',
  'file_too_large',
  'transfer_unsupported',
  'encryption_required',
  'too_many_attempts',
  'too_many_connections',
  'no_such_room',
  'room_invalid',
  'too_many_rooms',
]);

/** Keyed by string so codes a newer session adds map to 'not_sarangbang' until listed here. */
const CONNECTION_TO_JOIN: Partial<Record<string, JoinFailure | 'not_connected'>> = {
  refused: 'refused',
  timeout: 'timeout',
  host_not_found: 'unreachable',
  unreachable: 'unreachable',
  not_a_room: 'not_sarangbang',
  closed: 'not_sarangbang',
  not_connected: 'not_connected',
  request_timeout: 'timeout',
  identity_changed: 'identity_changed',
  identity_mismatch: 'identity_mismatch',
  host_impostor: 'host_impostor',
};

/** A failed `room.join`: says what went wrong and, through its code, what the UI should offer. */
export function joinFailure(error: unknown, passwordGiven: boolean): AppFailure {
  if (error instanceof ConnectionError) {
    const code = CONNECTION_TO_JOIN[error.code] ?? 'not_sarangbang';
    return new AppFailure(code === 'not_connected' ? 'refused' : code, error.message, {
      cause: error,
      details: errorDetails(error),
    });
  }
  if (error instanceof ProtocolError) {
    if (error.code === 'wrong_password' && !passwordGiven) {
      return new AppFailure('password_required', 'This room has a password. Enter it to join.', { cause: error });
    }
    if (PASSED_THROUGH.has(error.code))
      return new AppFailure(error.code as AppErrorCode, error.message, { cause: error, details: errorDetails(error) });
    return new AppFailure('not_sarangbang', `The room refused the login: ${error.message}`, { cause: error });
  }
  return error instanceof AppFailure
    ? error
    : new AppFailure('internal', 'Joining failed unexpectedly.', { cause: error });
}

/** A failed room command. A frame too large to send is a message too long (the page words it, never the frame). */
export function commandFailure(error: unknown): unknown {
  if (error instanceof ProtocolError && error.code === 'frame_too_large') {
    return new AppFailure('text_too_long', 'The message is too long for this room.', { cause: error });
  }
  if (error instanceof ProtocolError) {
    const details = errorDetails(error);
    return new AppFailure(PASSED_THROUGH.has(error.code) ? (error.code as AppErrorCode) : 'internal', error.message, {
      cause: error,
      ...(details ? { details } : {}),
    });
  }
  if (error instanceof ConnectionError) {
    const code =
      error.code === 'request_timeout' ? 'timeout' : error.code === 'discarded' ? 'cancelled' : 'not_connected';
    return new AppFailure(code, error.message, { cause: error });
  }
  return error;
}
