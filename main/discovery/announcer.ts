/**
 * Announces a room on the local network with DNS-SD over mDNS (`_sarangbang._tcp`, docs/PROTOCOL.md section 18): one
 * responder per interface the room listens on (IPv4, and IPv6 where the room listens on IPv6), none on loopback.
 * Announcements go out at once, after 1 s and after 3 s, and the responders answer queries; `update` re-announces a
 * changed TXT record (the people count) at most once per 2 s (the last change always goes out); `stop` sends goodbye
 * records (TTL 0) so browsers drop the room at once. Interfaces and addresses that come or go while the room runs are
 * noticed by polling the interface table every few seconds (18.2): responders are added, replaced or closed.
 */
import { roomCode } from '../security/room-code.js';
import { DEFAULT_PORT } from '../protocol/limits.js';
import { enumerationRecord, instanceLabel, MdnsEndpoint, RECORD_TTL_S, roomRecords, type MdnsRecord } from './mdns.js';
import { reachableInterfaces, type InterfaceTable, type ReachableInterface } from './net-scope.js';
import { announcedName, encodeRoomTxt, txtStrings } from './room-txt.js';
import type { AnnouncedRoom } from './types.js';

export interface Announcer {
  /** Changes what is announced (rate-limited: at most once per `minUpdateMs`, trailing). */
  update(room: Partial<AnnouncedRoom>): void;
  /** The interfaces the room is announced on now (empty on loopback, or while no interface has an address). */
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
  /** TTL of the room's records in seconds, 1–4500 (default 120, section 18.4; tests use a few seconds). */
  recordTtlS?: number;
  /** How often to look for interfaces or addresses that came or went, in ms (default 5000, at least 500; 0: never). */
  pollInterfacesMs?: number;
  /** Called with the interface names whenever the set of announced interfaces changes after the start. */
  onInterfaces?: (names: string[]) => void;
  /** For tests: the interface table, or a function read at each poll (default os.networkInterfaces()). */
  interfaceTable?: InterfaceTable | (() => InterfaceTable);
}

/** When unsolicited announcements go out after the start (RFC 6762 section 8.3: at least two, one second apart). */
const ANNOUNCE_AT_MS = [0, 1000, 3000];
const GOODBYE_REPEAT_MS = 150;
const DEFAULT_POLL_MS = 5000;
const MIN_POLL_MS = 500;
/** At most this many interfaces get a responder (a machine with hundreds of container veths stays bounded). */
const MAX_INTERFACES = 64;

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

type Addresses = { ipv4: string[]; ipv6: string[] };
interface Responder {
  endpoint: MdnsEndpoint;
  addresses: Addresses;
}
/** The responders of one interface, keyed by what they depend on (name, addresses, IPv6 or not). */
interface Link {
  name: string;
  responders: Responder[];
}

const linkKey = (entry: ReachableInterface): string =>
  JSON.stringify([entry.name, entry.ipv4, entry.ipv6, entry.mdnsIPv6]);

export function startAnnouncer(options: AnnouncerOptions): Announcer {
  let room = { ...options.room };
  const minUpdateMs = options.minUpdateMs ?? 2000;
  const ttl = options.recordTtlS ?? RECORD_TTL_S;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 4500) throw new RangeError(`recordTtlS ${ttl} is not 1–4500`);
  const table = options.interfaceTable;
  const readReachable = (): ReachableInterface[] =>
    reachableInterfaces(options.listenHost, typeof table === 'function' ? table() : table).slice(0, MAX_INTERFACES);
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
  const recordsFor = (addresses: Addresses, recordTtl = ttl): MdnsRecord[] =>
    roomRecords({ instance, hostName, port: options.port, txt: txtStrings(encodeRoomTxt(room)), addresses }, recordTtl);
  const links = new Map<string, Link>();
  const responders = (): Responder[] => [...links.values()].flatMap((link) => link.responders);
  let stopped = false;

  const open = (entry: ReachableInterface): Link => {
    const addresses = { ipv4: entry.ipv4, ipv6: entry.ipv6 };
    const endpoints = [
      ...(entry.ipv4[0] === undefined
        ? []
        : [new MdnsEndpoint({ interfaceName: entry.name, family: 'IPv4', address: entry.ipv4[0] })]),
      ...(entry.mdnsIPv6 ? [new MdnsEndpoint({ interfaceName: entry.name, family: 'IPv6', address: '' })] : []),
    ];
    const link = { name: entry.name, responders: endpoints.map((endpoint) => ({ endpoint, addresses })) };
    for (const { endpoint } of link.responders) endpoint.register([...recordsFor(addresses), enumerationRecord()]);
    // Announced once every socket of the interface is open; each announcement carries the TXT of that moment.
    void Promise.all(link.responders.map(({ endpoint }) => endpoint.ready)).then(() => {
      for (const ms of ANNOUNCE_AT_MS) {
        later(ms, () => {
          if (stopped || ![...links.values()].includes(link)) return;
          for (const { endpoint, addresses: own } of link.responders) void endpoint.send(recordsFor(own));
        });
      }
    });
    return link;
  };

  /** Goodbye (when `goodbye`: the interface is still there), then the sockets close. */
  const close = async (link: Link, goodbye: boolean): Promise<void> => {
    await Promise.all(
      link.responders.map(async ({ endpoint, addresses }) => {
        endpoint.unregister(recordsFor(addresses));
        if (goodbye && (await endpoint.ready)) {
          const records = recordsFor(addresses, 0).filter(
            (r) => r.type === 'PTR' || r.type === 'SRV' || r.type === 'TXT',
          );
          await endpoint.send(records);
          await new Promise((resolve) => setTimeout(resolve, GOODBYE_REPEAT_MS));
          await endpoint.send(records);
        }
        await endpoint.close();
      }),
    );
  };

  for (const entry of readReachable()) links.set(linkKey(entry), open(entry));
  const names = (): string[] => [...new Set([...links.values()].map((link) => link.name))];

  /** One look at the interface table: responders for what appeared, none for what went, new ones for what changed. */
  const poll = (): void => {
    if (stopped) return;
    let now: ReachableInterface[];
    try {
      now = readReachable();
    } catch {
      return;
    }
    const before = names().join('\n');
    const wanted = new Map(now.map((entry) => [linkKey(entry), entry]));
    for (const [key, link] of links) {
      if (wanted.has(key)) continue;
      links.delete(key);
      // An interface that is gone cannot carry a goodbye; one whose addresses changed gets a fresh announcement
      // below (SRV, TXT, A/AAAA are cache-flush records), so its room never leaves the lists.
      void close(link, false);
    }
    for (const [key, entry] of wanted) if (!links.has(key)) links.set(key, open(entry));
    const after = names();
    if (after.join('\n') !== before) options.onInterfaces?.(after);
  };
  const pollMs = options.pollInterfacesMs ?? DEFAULT_POLL_MS;
  const pollTimer = pollMs > 0 ? setInterval(poll, Math.max(MIN_POLL_MS, pollMs)) : undefined;
  pollTimer?.unref();

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
    for (const { endpoint, addresses } of responders()) {
      const records = recordsFor(addresses);
      const txtRecords = records.filter((record) => record.type === 'TXT');
      endpoint.unregister(txtRecords);
      endpoint.register(txtRecords);
      void endpoint.send(records);
    }
  };

  return {
    get interfaces() {
      return names();
    },
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
      if (pollTimer) clearInterval(pollTimer);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const all = [...links.values()];
      links.clear();
      await Promise.all(all.map((link) => close(link, true)));
    },
  };
}
