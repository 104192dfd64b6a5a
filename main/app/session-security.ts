/**
 * THE adapter between the app and the client session's security (TLS, pinning, room codes; see
 * docs/SECURITY-PROTOCOL-DRAFT.md): what the app gives a session (`security` option) and what it reads back
 * (`session.security`, the details of ConnectionError `identity_changed` / `identity_mismatch`). Everything the app
 * knows of session security goes through these three functions, so connecting a new session API is a change here
 * only. A session that does not expose `security` yet reads as undefined (the UI then shows no lock state).
 */
import type { AppErrorDetails, ConnectionSecurity } from '@contract/ipc-contract';
import type { ClientSession } from '../client/session.js';
import type { Identity } from '../security/identity.js';
import type { KnownHosts } from '../security/known-hosts.js';

/** What ClientSession's `security` option takes (design: "Interfaces between the wave-2 helpers"). */
export interface SessionSecurityOption {
  identity: Identity;
  knownHosts: KnownHosts;
  /** Canonical room code (parseRoomCode) the host must match. */
  code?: string;
  trustNewIdentity?: boolean;
}

/** The session options that carry `security`: spread into the ClientSession options. */
export function securityOptions(security: SessionSecurityOption): { security: SessionSecurityOption } {
  return { security };
}

/** `session.security` as the contract's ConnectionSecurity, or undefined when the session does not say. */
export function sessionSecurity(session: ClientSession): ConnectionSecurity | undefined {
  const raw = (session as unknown as { security?: unknown }).security;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { encrypted, hostCode, verified } = raw as Record<string, unknown>;
  if (typeof encrypted !== 'boolean') return undefined;
  return {
    encrypted,
    ...(typeof hostCode === 'string' ? { hostCode } : {}),
    ...(verified === 'code' || verified === 'pinned' || verified === 'first-use' ? { verified } : {}),
  };
}

/** The room codes (and wait) a session error carries, for the UI; undefined when there are none. */
export function errorDetails(error: unknown): AppErrorDetails | undefined {
  const raw = (error as { details?: unknown } | null | undefined)?.details;
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const retry = (error as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs ?? source.retryAfterMs;
  const details: AppErrorDetails = {};
  for (const key of ['oldCode', 'newCode', 'expectedCode', 'actualCode'] as const) {
    const value = source[key];
    if (typeof value === 'string') details[key] = value;
  }
  if (typeof retry === 'number') details.retryAfterMs = retry;
  return Object.keys(details).length > 0 ? details : undefined;
}
