/**
 * Who may stay and who may guess: the server's access policy, in the words the sessions use.
 * - `passwordLogin`: the one path a password login takes in a password room (framed `login`, plain-text `/login`):
 *   asks `ctx.loginAttempts` first (an attempt inside the wait is refused `too_many_attempts` without looking at the
 *   password), then joins, then tells the hook whether the password was right.
 * - `loginAttemptsFrom(guard)` / `connectionAdmission(guard)`: the hook and the per-address cap on unauthenticated
 *   connections, backed by main/security/password-guard.ts, or by nothing when the guard is off.
 * - The sentences a refused client gets.
 */
import type { ConnectionSlot, PasswordGuard } from '../security/password-guard.js';
import { RoomError } from '../rooms/room-error.js';
import type { LoginAttempts, PlainTextPolicy } from './context.js';

/** The default plain-text policy: 'allow' in an open room, 'refuse' in a password room (its members use TLS). */
export function defaultPlainText(passwordRoom: boolean): PlainTextPolicy {
  return passwordRoom ? 'refuse' : 'allow';
}

/** The one line a refused plain-text client reads before the host closes the connection. */
export const ENCRYPTION_REQUIRED_LINE =
  'This room accepts only encrypted connections: use the Sarangbang app or `sarangbang join`.';

export const ENCRYPTION_REQUIRED_MESSAGE = 'This room accepts only encrypted connections.';

export const TOO_MANY_CONNECTIONS_MESSAGE =
  'Too many connections from your address have not logged in yet; log in or close some first.';

/** A login refused because its address must wait; the session closes with `too_many_attempts`. */
export class LoginWait extends Error {
  override name = 'LoginWait';

  constructor(readonly retryAfterMs: number) {
    super(`Too many wrong passwords from your address; try again in ${Math.ceil(retryAfterMs / 1000)} s.`);
  }
}

/**
 * Runs `join` (which checks the password) under the guessing limits. `ip` is the remote address without a port.
 * A missing password is not a guess and is not counted; a right password with, say, a taken nickname is a success.
 */
export function passwordLogin<T>(
  attempts: LoginAttempts,
  passwordRequired: boolean,
  ip: string,
  password: string | undefined,
  join: () => T,
): T {
  if (!passwordRequired) return join();
  const check = attempts.check(ip);
  if (!check.allowed) throw new LoginWait(check.retryAfterMs);
  const refused = (error: unknown): never => {
    if (error instanceof RoomError && error.code === 'wrong_password') {
      if (password !== undefined) attempts.failed(ip);
    } else if (error instanceof RoomError) {
      attempts.succeeded(ip);
    }
    throw error;
  };
  let member: T;
  try {
    member = join();
  } catch (error) {
    return refused(error);
  }
  // A cluster's join is answered later: the password is counted when it is.
  if (member instanceof Promise) {
    return member.then((joined: unknown) => {
      attempts.succeeded(ip);
      return joined;
    }, refused) as T;
  }
  attempts.succeeded(ip);
  return member;
}

const NO_LIMITS: LoginAttempts = {
  check: () => ({ allowed: true }),
  failed: () => {},
  succeeded: () => {},
};

export function loginAttemptsFrom(guard: PasswordGuard | undefined): LoginAttempts {
  if (!guard) return NO_LIMITS;
  return {
    check: (address) => guard.checkAttempt(address),
    failed: (address) => guard.recordFailure(address),
    succeeded: (address) => guard.recordSuccess(address),
  };
}

/** A slot that holds nothing, for when the cap is off. */
export const FREE_SLOT: ConnectionSlot = { release: () => {} };

/** Admits a new connection from `address`, or says it is one too many (`'refused'`). */
export type ConnectionAdmission = (address: string) => ConnectionSlot | 'refused';

export function connectionAdmission(guard: PasswordGuard | undefined): ConnectionAdmission {
  if (!guard) return () => FREE_SLOT;
  return (address) => guard.admitConnection(address) ?? 'refused';
}
