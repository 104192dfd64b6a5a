/**
 * "Which rooms does this host have?", asked before joining (the join form, a many-room host in the rooms list): the
 * subnet probe's exchange with one address (docs/PROTOCOL.md sections 18.5 and 19.6: TLS, `hello`, `welcome`,
 * `rooms`, `bye`; never a login, so nothing is joined or created), read as the contract's HostRooms.
 */
import type { HostRooms } from '@contract/ipc-contract';
import { probeRoom } from '../discovery/subnet-probe.js';
import type { FoundRoom } from '../discovery/types.js';

/** One host's answer to the probe; null when none (refused, silent, not a room). */
export type ProbeHost = (host: string, port: number) => Promise<FoundRoom | null>;

/** A person is waiting on it, over whatever link they have: longer than the subnet probe's 1.5 s per address. */
const LOOKUP_TIMEOUT_MS = 4_000;

export const probeHost: ProbeHost = (host, port) => probeRoom(host, port, { timeoutMs: LOOKUP_TIMEOUT_MS });

/** The host's rooms, or null when there is no room to choose (no answer, or a one-room host). */
export async function hostRooms(host: string, port: number, probe: ProbeHost = probeHost): Promise<HostRooms | null> {
  const found = await probe(host, port).catch(() => null);
  if (!found?.rooms) return null;
  return {
    defaultRoom: found.name,
    roomCode: found.roomCode,
    count: found.rooms.count,
    allowNew: found.rooms.allowNew,
    rooms: (found.rooms.list ?? []).map(({ name, people, maxUsers, passwordRequired }) => ({
      name,
      people,
      maxUsers,
      passwordRequired,
    })),
  };
}
