/**
 * THE adapter between the app and the client session's security (TLS, pinning, room codes; PROTOCOL.md section
 * 16): what the app gives a session (its `security` option) and what it reads back (`session.security`, the
 * details of ConnectionError `identity_changed` / `identity_mismatch`, ProtocolError `retryAfterMs`), in the
 * contract's shapes.
 */
import type { AppErrorDetails, ConnectionSecurity } from '@contract/ipc-contract';
import { ConnectionError, ProtocolError } from '../client/errors.js';
import type { ClientSession } from '../client/session.js';
import type { SessionOptions } from '../client/session-types.js';
import type { Identity } from '../security/identity.js';
import type { KnownHostsLike } from '../security/known-hosts.js';

/** What the app verifies a host with: its own identity, its pins, and the room code typed in the join form. */
export interface SessionSecurityOption {
  identity: Identity;
  knownHosts: KnownHostsLike;
  /** Canonical room code (parseRoomCode) the host must match. */
  code?: string;
  trustNewIdentity?: boolean;
}

/** The ClientSession option that carries it. */
export function securityOptions(security: SessionSecurityOption): Pick<SessionOptions, 'security'> {
  return { security };
}

/** `session.security` as the contract's ConnectionSecurity (no fingerprint: the UI shows codes only). */
export function sessionSecurity(session: ClientSession): ConnectionSecurity {
  const { encrypted, hostCode, verified } = session.security;
  return {
    encrypted,
    ...(hostCode === undefined ? {} : { hostCode }),
    ...(verified === undefined ? {} : { verified }),
  };
}

/** The room codes (or the wait) a session error carries, for the UI; undefined when there are none. */
export function errorDetails(error: unknown): AppErrorDetails | undefined {
  if (error instanceof ProtocolError) {
    return error.retryAfterMs === undefined ? undefined : { retryAfterMs: error.retryAfterMs };
  }
  if (!(error instanceof ConnectionError) || error.details === undefined) return undefined;
  const details = error.details;
  return 'oldCode' in details
    ? { oldCode: details.oldCode, newCode: details.newCode }
    : { expectedCode: details.expectedCode, actualCode: details.actualCode };
}
