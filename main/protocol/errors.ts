/**
 * Stable error codes. Clients switch on these; the accompanying `message` is a human sentence that may change.
 * Documented in docs/PROTOCOL.md, section "Error codes".
 */
/** Framing and session codes: the server closes the connection after these (the error frame carries `fatal: true`). */
const SESSION_FATAL_CODES = [
  'bad_frame',
  'frame_too_large',
  'line_too_long',
  'bad_preamble',
  'version_unsupported',
  'login_timeout',
  'keepalive_timeout',
  'slow_consumer',
  // access policy (docs/PROTOCOL.md, "Guessing limits" and section 14)
  'too_many_attempts',
  'too_many_connections',
  'encryption_required',
] as const;

export const ERROR_CODES = [
  ...SESSION_FATAL_CODES,
  // requests
  'bad_request',
  'unknown_type',
  'not_logged_in',
  'already_logged_in',
  'nick_invalid',
  'nick_taken',
  'room_full',
  'wrong_password',
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
  'request_pending',
  // many rooms (PROTOCOL.md section 19): room_invalid and no_such_room are fatal at hello, not for plain-text /join
  'room_invalid',
  'no_such_room',
  'too_many_rooms',
  'already_in_room',
  // access (issue 11): too many password guesses from one address (fatal; the frame carries retryAfterMs)
  'too_many_attempts',
  // files
  'no_such_offer',
  'no_such_transfer',
  'file_too_large',
  'transfer_unsupported',
  'bad_token',
  // cluster (section 20): the instance cannot reach the cluster's Redis; the request was not carried out
  'cluster_paused',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Codes after which the server always closes the connection (the error frame carries `fatal: true`). */
export const FATAL_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([...SESSION_FATAL_CODES, 'internal']);
