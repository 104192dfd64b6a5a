/**
 * Announces a room on the local network with DNS-SD over mDNS (`_sarangbang._tcp`, docs/PROTOCOL.md section 18): one
 * responder per interface the room listens on (IPv4, and IPv6 where the room listens on IPv6), none on loopback.
 * Announcements go out at once, after 1 s and after 3 s, and the responders answer queries; `update` re-announces a
 * changed TXT record (the people count) at most once per 2 s (the last change always goes out); `stop` sends goodbye
 * records (TTL 0) so browsers drop the room at once.
 */
import { roomCode } from '../security/room-code.js';
import { DEFAULT_PORT } from '../protocol/limits.js';
import { enumerationRecord, instanceLabel, MdnsEndpoint, roomRecords, type MdnsRecord } from './mdns.js';
import { reachableInterfaces, type InterfaceTable } from './net-scope.js';
import { announcedName, encodeRoomTxt, txtStrings } from './room-txt.js';
import type { AnnouncedRoom } from './types.js';

export interface Announcer {
  /** Changes what is announced (rate-limited: at most once per `minUpdateMs`, trailing). */
  update(room: Partial<AnnouncedRoom>): void;
  /** The interfaces the room is announced on (empty on loopback). */
  readonly interfaces: string[];
  /** The DNS-SD instance name (`lab (K7QX)`), the label before `._sarangbang._tcp.local`. */
  readonly instance: string;
  /** Sends goodbye records (TTL 0) on every interface, then closes the sockets. */
  stop(): Promise<void>;
}

export interface AnnouncerOptions {
  port: number;
  /** What the room server listens on ('0.0.0.0', '::', '127.0.0.1', a LAN address). */
  listenHost: string;
  room: AnnouncedRoom;
  /** Default 2000 ms. */
  minUpdateMs?: number;
  /** For tests: the interface table (default os.networkInterfaces()). */
  interfaceTable?: InterfaceTable;
}

/** When unsolicited announcements go out after the start (RFC 6762 section 8.3: at least two, one second apart). */
const ANNOUNCE_AT_MS = [0, 1000, 3000];
const GOODBYE_REPEAT_MS = 150;

/** `lab (K7QX)`, or `lab (K7QX, port 30001)` off the default port: unique per room on a network. */
export function instanceName(room: AnnouncedRoom, port: number): string {
  const code = roomCode(room.fingerprint).slice(0, 4);
  const suffix = port === DEFAULT_PORT ? ` (${code})` : ` (${code}, port ${port})`;
  const name = instanceLabel(announcedName(room.name));
  const room63 = instanceLabel(`${name}${suffix}`);
  return room63.endsWith(suffix)
    ? room63
    : instanceLabel(name.slice(0, Math.max(1, 63 - Buffer.byteLength(suffix) - 3))) + suffix;
}

export function startAnnouncer(options: AnnouncerOptions): Announcer {
  let room = { ...options.room };
  const minUpdateMs = options.minUpdateMs ?? 2000;
  const reachable = reachableInterfaces(options.listenHost, options.interfaceTable);
  const instance = instanceName(room, options.port);
  const hostName = `sarangbang-${room.fingerprint.slice(0, 12)}.local`;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const responders = reachable.flatMap((entry) => {
    const addresses = { ipv4: entry.ipv4, ipv6: entry.ipv6 };
    const links = [
      ...(entry.ipv4[0] === undefined
        ? []
        : [new MdnsEndpoint({ interfaceName: entry.name, family: 'IPv4', address: entry.ipv4[0] })]),
      ...(entry.mdnsIPv6 ? [new MdnsEndpoint({ interfaceName: entry.name, family: 'IPv6', address: '' })] : []),
    ];
    return links.map((endpoint) => ({ endpoint, addresses }));
  });
  const recordsFor = (addresses: { ipv4: string[]; ipv6: string[] }, ttl?: number): MdnsRecord[] =>
    roomRecords({ instance, hostName, port: options.port, txt: txtStrings(encodeRoomTxt(room)), addresses }, ttl);

  let stopped = false;
  const announce = (): void => {
    for (const { endpoint, addresses } of responders) void endpoint.send(recordsFor(addresses));
  };
  for (const { endpoint, addresses } of responders) {
    endpoint.register([...recordsFor(addresses), enumerationRecord()]);
  }
  void Promise.all(responders.map(({ endpoint }) => endpoint.ready)).then(() => {
    if (stopped) return;
    for (const ms of ANNOUNCE_AT_MS) later(ms, announce);
  });

  let lastUpdate = 0;
  let pending = false;
  let announcedTxt = JSON.stringify(encodeRoomTxt(room));
  const flush = (): void => {
    pending = false;
    if (stopped) return;
    const txt = JSON.stringify(encodeRoomTxt(room));
    if (txt === announcedTxt) return;
    announcedTxt = txt;
    lastUpdate = Date.now();
    for (const { endpoint, addresses } of responders) {
      const records = recordsFor(addresses);
      const txtRecords = records.filter((record) => record.type === 'TXT');
      endpoint.unregister(txtRecords);
      endpoint.register(txtRecords);
      void endpoint.send(records);
    }
  };

  return {
    interfaces: [...new Set(reachable.map((entry) => entry.name))],
    instance,
    update(change) {
      if (stopped) return;
      const next = { ...room, ...change };
      encodeRoomTxt(next); // throws on a bad value, before anything changes
      room = next;
      if (pending) return;
      pending = true;
      const wait = Math.max(0, lastUpdate + minUpdateMs - Date.now());
      later(wait, flush);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(
        responders.map(async ({ endpoint, addresses }) => {
          const goodbye = recordsFor(addresses, 0).filter(
            (r) => r.type === 'PTR' || r.type === 'SRV' || r.type === 'TXT',
          );
          endpoint.unregister(recordsFor(addresses));
          if (await endpoint.ready) {
            await endpoint.send(goodbye);
            await new Promise((resolve) => setTimeout(resolve, GOODBYE_REPEAT_MS));
            await endpoint.send(goodbye);
          }
          await endpoint.close();
        }),
      );
    },
  };
}
