/**
 * The one module that speaks to the mDNS library (bonjour-service 1.4.4): multicast DNS sockets bound to one network
 * interface each (IPv4 224.0.0.251 or IPv6 ff02::fb, port 5353), the library's responder (answers queries from the
 * records we register) and its browser. The rest of discovery speaks rooms, not DNS.
 *
 * Why not `new Bonjour().publish()`: it announces the addresses of every interface of the machine with an 8-hour PTR
 * TTL, while a room announces only the interfaces it listens on, with short TTLs (docs/PROTOCOL.md section 18.4), so
 * we build the record set ourselves and use the library's Server to answer queries and send packets.
 */
import dgram from 'node:dgram';
import { Browser } from 'bonjour-service/dist/lib/browser.js';
import { Server } from 'bonjour-service/dist/lib/mdns-server.js';
import type { ServiceRecord } from 'bonjour-service/dist/lib/service.js';
import { SERVICE_TYPE } from './types.js';

export const MDNS_PORT = 5353;
export const MDNS_IPV4_GROUP = '224.0.0.251';
export const MDNS_IPV6_GROUP = 'ff02::fb';
/** `_sarangbang._tcp.local`. */
export const SERVICE_NAME = `_${SERVICE_TYPE}._tcp.local`;
const SERVICES_ENUMERATION = '_services._dns-sd._udp.local';
/** TTL of every record of a room (seconds): a room that vanishes without a goodbye leaves lists within this. */
export const RECORD_TTL_S = 120;
const ENUMERATION_TTL_S = 4500;

/** One interface to speak mDNS on: its name, and the IPv4 address (udp4) or the interface itself (udp6). */
export interface MdnsLink {
  interfaceName: string;
  family: 'IPv4' | 'IPv6';
  /** IPv4: the interface's address (the multicast interface). IPv6: unused (the interface name is the scope). */
  address: string;
}

/** A DNS resource record as dns-packet encodes it (bonjour-service's ServiceRecord plus the cache-flush bit). */
export type MdnsRecord = ServiceRecord & { flush?: boolean };

interface MulticastDns {
  respond(records: { answers: MdnsRecord[] } | MdnsRecord[], callback?: (error?: Error) => void): void;
  on(event: 'error' | 'warning', listener: (error: Error) => void): void;
  once(event: 'ready', listener: () => void): void;
  destroy(callback?: () => void): void;
}

/** An mDNS socket on one interface: a responder for the records registered, and the home of browsers. */
export class MdnsEndpoint {
  private readonly server: Server;
  private readonly mdns: MulticastDns;
  private closed = false;
  /** Set when the socket could not be opened (EADDRINUSE, EACCES, no such interface). */
  failure: Error | undefined;
  readonly ready: Promise<boolean>;

  constructor(readonly link: MdnsLink) {
    const v6 = link.family === 'IPv6';
    // Our own socket for IPv6: v6-only, so it never shares the IPv4 port space with the udp4 sockets.
    const socket = v6 ? dgram.createSocket({ type: 'udp6', reuseAddr: true, ipv6Only: true }) : undefined;
    const scope = `::%${link.interfaceName}`;
    const options = {
      type: v6 ? 'udp6' : 'udp4',
      ip: v6 ? MDNS_IPV6_GROUP : MDNS_IPV4_GROUP,
      port: MDNS_PORT,
      interface: v6 ? scope : link.address,
      // Bound to the wildcard: a socket bound to a unicast address would not receive the multicast group.
      bind: v6 ? '::' : '0.0.0.0',
      reuseAddr: true,
      loopback: true,
      ...(socket ? { socket } : {}),
    };
    this.server = new Server(options as never, (error: Error) => {
      this.failure ??= error;
    });
    this.mdns = this.server.mdns as MulticastDns;
    this.ready = new Promise((resolve) => {
      this.mdns.on('error', (error) => {
        this.failure ??= error;
        resolve(false);
      });
      this.mdns.once('ready', () => resolve(true));
    });
    this.mdns.on('warning', () => undefined);
  }

  /** Answer queries for these records from now on. */
  register(records: MdnsRecord[]): void {
    this.server.register(records);
  }

  /** Stop answering for the records of these names and types. */
  unregister(records: MdnsRecord[]): void {
    this.server.unregister(records);
  }

  /** Multicasts the records unsolicited (an announcement, an update, or a goodbye with TTL 0). */
  send(records: MdnsRecord[]): Promise<void> {
    if (this.closed || this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        this.mdns.respond({ answers: records }, () => resolve());
      } catch {
        resolve();
      }
    });
  }

  /** A DNS-SD browser for `_sarangbang._tcp` on this socket (bonjour-service's Browser: up, down, txt-update). */
  browse(): Browser {
    return new Browser(this.server.mdns, { type: SERVICE_TYPE, protocol: 'tcp' });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => {
      try {
        this.mdns.destroy(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** The DNS label of a room's service instance: no dots (they separate labels), at most 63 bytes. */
export function instanceLabel(text: string): string {
  let out = '';
  for (const char of text.replace(/\./g, '-')) {
    if (Buffer.byteLength(out + char) > 63) break;
    out += char;
  }
  return out;
}

export interface RoomRecordsInput {
  /** Service instance label (instanceLabel). */
  instance: string;
  /** Host name the SRV points at, `sarangbang-<12 hex>.local`. */
  hostName: string;
  port: number;
  txt: Buffer[];
  addresses: { ipv4: string[]; ipv6: string[] };
}

/** The record set of one room on one interface: PTR, SRV, TXT, A/AAAA (section 18.4). */
export function roomRecords(input: RoomRecordsInput, ttl = RECORD_TTL_S): MdnsRecord[] {
  const fqdn = `${input.instance}.${SERVICE_NAME}`;
  return [
    { name: SERVICE_NAME, type: 'PTR', ttl, data: fqdn },
    {
      name: fqdn,
      type: 'SRV',
      ttl,
      flush: true,
      data: { port: input.port, target: input.hostName, priority: 0, weight: 0 },
    },
    { name: fqdn, type: 'TXT', ttl, flush: true, data: input.txt },
    ...input.addresses.ipv4.map((ip): MdnsRecord => ({ name: input.hostName, type: 'A', ttl, flush: true, data: ip })),
    ...input.addresses.ipv6.map((ip): MdnsRecord => ({
      name: input.hostName,
      type: 'AAAA',
      ttl,
      flush: true,
      data: ip,
    })),
  ];
}

/** The DNS-SD enumeration record (`_services._dns-sd._udp.local` → our type), answered but never said goodbye to. */
export function enumerationRecord(): MdnsRecord {
  return { name: SERVICES_ENUMERATION, type: 'PTR', ttl: ENUMERATION_TTL_S, data: SERVICE_NAME };
}
