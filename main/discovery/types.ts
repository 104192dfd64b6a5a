/** What LAN discovery knows about a room, shared by the announcer, the browser, the subnet probe, the CLI and the app. */
import type { RoomInfo } from '../protocol/messages.js';

/**
 * The rooms of a many-room server (PROTOCOL.md section 19.6): `count` and `allowNew` from the TXT record or the
 * welcome; `list`, the first page of the `rooms` request, when the subnet probe asked for it.
 */
export interface FoundServerRooms {
  count: number;
  allowNew: boolean;
  list?: RoomInfo[];
}

/** The DNS-SD service type rooms announce (RFC 6763): `_sarangbang._tcp.local`. */
export const SERVICE_TYPE = 'sarangbang';

/** What a host announces about its room (the TXT record, docs/PROTOCOL.md section 18). */
export interface AnnouncedRoom {
  /** The room's name as its host set it. */
  name: string;
  /** Wire protocol version (1). */
  protocol: number;
  /** People in the room now. */
  people: number;
  /** Capacity (`--max-users`). */
  maxUsers: number;
  passwordRequired: boolean;
  /** Plain-text (nc, course) clients allowed. */
  plainAllowed: boolean;
  /** The host identity's fingerprint: 64 lower-case hex digits (docs/PROTOCOL.md section 16.2). */
  fingerprint: string;
  /** A many-room server's rooms; absent for a one-room server (then `name` is its one room). */
  rooms?: FoundServerRooms;
}

/** How a room was found. `known`: a room joined before, checked directly. */
export type FoundVia = 'mdns' | 'probe' | 'known';

/** A room found on the network, ready to be listed and joined (verified against `fingerprint`). */
export interface FoundRoom extends AnnouncedRoom {
  /** Stable while the room lives: `fingerprint@host:port`. */
  id: string;
  /** The address to join: an IPv4 address, an IPv6 address, or a host name. */
  host: string;
  port: number;
  /** Every address the room was seen at (the first is `host`). */
  addresses: string[];
  /** Room code derived from `fingerprint` (`XXXX-XXXX-XXXX-XXXX-XXXX`). */
  roomCode: string;
  via: FoundVia;
  /** When it was last heard of (ms since the epoch). */
  lastSeen: number;
}

/** A `sarangbang://HOST:PORT/?code=ROOMCODE` link, parsed. */
export interface RoomLink {
  host: string;
  port: number;
  /** Normalised room code (`XXXX-XXXX-XXXX-XXXX-XXXX`), or undefined when the link carries none. */
  code?: string;
  /** The room named by the link's path (section 19.6), NFC; undefined for `/` or no path (the default room). */
  room?: string;
}
