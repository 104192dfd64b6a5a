/**
 * THE rule naming a room in the conversation store (contract RoomKey): its identity when the session knows it (the
 * host's room code, from TLS: the same room found at another address or after a restart keeps its history), else its
 * address.
 */
import type { RoomKey } from '@contract/ipc-contract';
import { roomKey } from '../../rooms/room-name.js';

export interface RoomWhere {
  host: string;
  port: number;
  /** The host's room code (session.security.hostCode), known on an encrypted connection. */
  hostCode?: string | undefined;
  /** On a many-room host (its welcome has `rooms`): the room's name; absent on a one-room host. */
  room?: string | undefined;
}

export function roomKeyOf({ host, port, hostCode, room }: RoomWhere): RoomKey {
  const inRoom = room ? `#${roomKey(room)}` : '';
  if (hostCode) return `code:${hostCode}${inRoom}`;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return `addr:${bare.toLowerCase()}:${port}${inRoom}`;
}

/** The room code in a key, if it is one made from a code. */
export function roomCodeOf(key: RoomKey): string | undefined {
  if (!key.startsWith('code:')) return undefined;
  const room = key.indexOf('#');
  return key.slice(5, room < 0 ? undefined : room);
}
