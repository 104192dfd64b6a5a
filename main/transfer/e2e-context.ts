/**
 * What end-to-end file encryption takes from the client session, in one place: our own Identity, the key
 * fingerprint the host stamped for a nick (`fp` in the user list), and the data frame's credential (a ticket bound
 * to the TLS chat connection, or the bare token on an unencrypted one). The session's names are `identity`,
 * `UserInfo.fp` and `dataTicket(token)` (docs/PROTOCOL.md "Security"); a session without them (unencrypted) gives
 * no identity, no fingerprints and the bare token.
 */
import { nickKey } from '../protocol/nickname.js';
import type { Identity } from '../security/identity.js';
import type { TransferSession } from './transfer-types.js';

export interface E2ePeers {
  /** Our identity; without one, files go as raw bytes (no `e2e` in offers and answers). */
  readonly identity: Identity | undefined;
  /** The fingerprint the host stamped for `nick` (undefined: unknown, or an unencrypted member without a key). */
  fingerprintOf(nick: string): Promise<string | undefined>;
}

/** The credential of a data connection's one frame: `{ticket}` on a TLS session, else `{token}`. */
export type DataCredential = { ticket: string } | { token: string };

/** The session as end-to-end encryption reads it (these members appear with TLS sessions). */
interface SecureSessionView {
  identity?: Identity | undefined;
  dataTicket?: (token: string) => DataCredential;
}

function view(session: object): SecureSessionView {
  return session as SecureSessionView;
}

/** Identity and peer fingerprints from the session: the user list is fetched fresh, as the host stamps it. */
export function sessionPeers(session: Pick<TransferSession, 'list'>): E2ePeers {
  return {
    get identity() {
      return view(session).identity;
    },
    async fingerprintOf(nick) {
      try {
        const { users } = await session.list();
        const user = users.find((u) => nickKey(u.nick) === nickKey(nick)) as { fp?: unknown } | undefined;
        return typeof user?.fp === 'string' ? user.fp : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The data frame's credential for `token`. */
export function dataCredential(session: object, token: string): DataCredential {
  return view(session).dataTicket?.(token) ?? { token };
}
