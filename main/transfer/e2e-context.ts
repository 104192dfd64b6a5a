/**
 * What end-to-end file encryption takes from the client session: our own Identity (`session.identity`) and the key
 * fingerprint the host stamped for a nick (`fp` in the user list); an unencrypted session has neither. The data
 * frame's credential comes from `session.dataTicket(token)` (a ticket on TLS, else the bare token).
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

/** Identity and peer fingerprints from the session: the user list is fetched fresh, as the host stamps it. */
export function sessionPeers(session: Pick<TransferSession, 'list' | 'identity'>): E2ePeers {
  return {
    get identity() {
      return session.identity;
    },
    async fingerprintOf(nick) {
      try {
        const { users } = await session.list();
        return users.find((user) => nickKey(user.nick) === nickKey(nick))?.fp;
      } catch {
        return undefined;
      }
    },
  };
}
