/**
 * `sarangbang rooms`: lists the rooms on the local network (mDNS, the rooms joined before, and a subnet probe when
 * nothing answers; main/discovery/find-rooms.ts), one per line or one JSON object per line. Exit 0 when some were
 * found, 1 when none (with the likely reasons). Also finds one room by its announced name, for `join NAME`.
 */
import { findRooms, type FindReport, type FindRoomsOptions } from '../discovery/find-rooms.js';
import { formatRoomLink } from '../discovery/room-link.js';
import { probeRoom } from '../discovery/subnet-probe.js';
import type { FoundRoom } from '../discovery/types.js';
import { configFile } from '../security/config-dir.js';
import { KnownHosts } from '../security/known-hosts.js';
import { parseHostPort } from './args.js';
import { safeText } from './format.js';

export interface RoomsOptions {
  json: boolean;
  /** Subnets the user named (probed whatever mDNS finds). */
  subnets: string[];
  waitMs: number;
}

export interface RoomsIO {
  out: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
}

/** The rooms this profile joined before (its known-hosts file), most recent first; none if it cannot be read. */
export async function knownRooms(): Promise<Array<{ host: string; port: number }>> {
  try {
    const known = await KnownHosts.load(configFile('knownHosts'));
    return known.list().flatMap(([key]) => {
      try {
        return [parseHostPort(key)];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

export const hostPort = (room: { host: string; port: number }): string =>
  room.host.includes(':') ? `[${room.host}]:${room.port}` : `${room.host}:${room.port}`;

const flags = (room: FoundRoom): string =>
  [room.passwordRequired ? 'password' : 'open', ...(room.plainAllowed ? ['plain'] : [])].join(',');

/**
 * One room per line, columns aligned: `"lab"  10.0.0.5:30000  3/100  open,plain  K7QX-2M9D-4HBT-Z0PA-8E3C`. A
 * many-room server (section 19) is listed under its default room, its people counting every room, followed by one
 * indented line per room (`    room "math"  2/50  password`) or, without the list, how many rooms it has.
 */
export function formatRoomLines(rooms: readonly FoundRoom[]): string[] {
  const servers = serverLines(rooms);
  return servers.flatMap((line, i) => [line, ...namedRoomLines(rooms[i]!)]);
}

function namedRoomLines(server: FoundRoom): string[] {
  const { rooms } = server;
  if (!rooms) return [];
  const created = rooms.allowNew ? '; new rooms on first join' : '';
  const join = `sarangbang join ${hostPort(server)} ROOM --name <nick>`;
  if (!rooms.list) return [`    ${rooms.count} room${rooms.count === 1 ? '' : 's'}${created} (${join})`];
  const names = rooms.list.map((room) => `room ${JSON.stringify(safeText(room.name, ' '))}`);
  const width = Math.max(...names.map((name) => name.length));
  const counts = rooms.list.map((room) => `${room.people}/${room.maxUsers}`);
  const countWidth = Math.max(...counts.map((count) => count.length));
  return [
    ...rooms.list.map((room, i) =>
      `    ${names[i]!.padEnd(width)}  ${counts[i]!.padEnd(countWidth)}  ${room.passwordRequired ? 'password' : 'open'}`.trimEnd(),
    ),
    ...(rooms.count > rooms.list.length || created !== ''
      ? [`    ${rooms.count} room${rooms.count === 1 ? '' : 's'} in all${created} (${join})`]
      : []),
  ];
}

function serverLines(rooms: readonly FoundRoom[]): string[] {
  const cells = rooms.map((room) => [
    JSON.stringify(safeText(room.name, ' ')),
    hostPort(room),
    `${room.people}/${room.maxUsers}`,
    flags(room),
    room.roomCode,
  ]);
  const widths = [0, 1, 2, 3].map((column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** The JSON line of a room: everything found, plus `address` (host:port) and its `link`. */
export function roomJson(room: FoundRoom): Record<string, unknown> {
  return {
    name: room.name,
    address: hostPort(room),
    host: room.host,
    port: room.port,
    people: room.people,
    maxUsers: room.maxUsers,
    passwordRequired: room.passwordRequired,
    plainAllowed: room.plainAllowed,
    roomCode: room.roomCode,
    fingerprint: room.fingerprint,
    protocol: room.protocol,
    via: room.via,
    addresses: room.addresses,
    link: formatRoomLink({ host: room.host, port: room.port, code: room.roomCode }),
    ...(room.rooms ? { rooms: room.rooms } : {}),
  };
}

/**
 * The room list of many-room servers heard of only by their announcement (which carries a count): asked with the
 * probe's exchange (section 18.5 + 19.6), kept only when the same identity answers.
 */
async function withRoomLists(rooms: FoundRoom[]): Promise<FoundRoom[]> {
  return Promise.all(
    rooms.map(async (room) => {
      if (!room.rooms || room.rooms.list) return room;
      const asked = await probeRoom(room.host, room.port);
      if (!asked?.rooms?.list || asked.fingerprint !== room.fingerprint) return room;
      return { ...room, rooms: { ...room.rooms, list: asked.rooms.list } };
    }),
  );
}

/** What to say when nothing was found: what was tried, the likely reasons, what to try. */
export function noRoomsMessage(report: FindReport): string {
  const tried = [
    `listened for announcements (mDNS) for ${Math.round(report.waitedMs / 100) / 10} s`,
    ...(report.knownChecked > 0
      ? [`checked ${report.knownChecked} room${report.knownChecked === 1 ? '' : 's'} joined before`]
      : []),
    ...(report.probed.length > 0 ? [`probed ${report.probed.join(', ')}`] : []),
  ];
  return [
    `No rooms found (${tried.join('; ')}).`,
    'Likely reasons:',
    '  - the room is on another subnet or VLAN (announcements do not cross routers);',
    '  - Wi-Fi client isolation (guest networks) keeps devices from seeing each other;',
    '  - a VPN is on, on this machine or the host;',
    "  - a firewall blocks mDNS (UDP 5353) or the room's port (TCP 30000) on the host.",
    "Try: sarangbang rooms --subnet 192.168.1.0/24 (the host's subnet), or ask the host for its address and join it:",
    '  sarangbang join HOST:PORT --name <nick>',
  ].join('\n');
}

export async function runRooms(options: RoomsOptions, io: RoomsIO): Promise<number> {
  const report: FindReport = { waitedMs: 0, knownChecked: 0, probed: [] };
  const found = await findRooms({
    waitMs: options.waitMs,
    known: await knownRooms(),
    report,
    ...(options.subnets.length > 0 ? { subnets: options.subnets, probe: 'always' } : { probe: 'auto' }),
  });
  const rooms = await withRoomLists(found);
  if (rooms.length === 0) {
    io.errors.write(`${noRoomsMessage(report)}\n`);
    return 1;
  }
  const lines = options.json ? rooms.map((room) => JSON.stringify(roomJson(room))) : formatRoomLines(rooms);
  io.out.write(`${lines.join('\n')}\n`);
  return 0;
}

const nameKey = (name: string): string => name.normalize('NFC').trim().toLowerCase();

export type NameLookup =
  | { kind: 'one'; room: FoundRoom }
  | { kind: 'many'; rooms: FoundRoom[] }
  | { kind: 'none'; report: FindReport; others: FoundRoom[] };

/** Finds the room announced under `name` (case-insensitive): one, several (ambiguous) or none. */
export async function findRoomByName(
  name: string,
  options: Pick<FindRoomsOptions, 'waitMs' | 'subnets'> = {},
): Promise<NameLookup> {
  const report: FindReport = { waitedMs: 0, knownChecked: 0, probed: [] };
  const rooms = await findRooms({ ...options, known: await knownRooms(), report, probe: 'auto' });
  const matches = rooms.filter((room) => nameKey(room.name) === nameKey(name));
  if (matches.length === 1 && matches[0]) return { kind: 'one', room: matches[0] };
  if (matches.length > 1) return { kind: 'many', rooms: matches };
  return { kind: 'none', report, others: rooms };
}
