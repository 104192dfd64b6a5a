/**
 * THE rule naming a room in the conversation store (contract RoomKey): its identity when the session knows it (the
 * host's room code, from TLS: the same room found at another address or after a restart keeps its history), else its
 * address.
 */
import type { RoomKey } from '@contract/ipc-contract';

export interface RoomWhere {
  host: string;
  port: number;
  /** The host's room code (session.security.hostCode), known on an encrypted connection. */
  hostCode?: string | undefined;
}

export function roomKeyOf({ host, port, hostCode }: RoomWhere): RoomKey {
  if (hostCode) return `code:${hostCode}`;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return `addr:${bare.toLowerCase()}:${port}`;
}

/** The room code in a key, if it is one made from a code. */
export function roomCodeOf(key: RoomKey): string | undefined {
  return key.startsWith('code:') ? key.slice(5) : undefined;
}
