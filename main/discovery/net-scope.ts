/**
 * Which network interfaces a room is reachable on, from the address it listens on: a wildcard (0.0.0.0 for IPv4, ::
 * for both) means every non-loopback interface, an address means the interface holding it, and loopback means
 * none (a room on 127.0.0.1 announces nothing beyond the machine).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export interface ReachableInterface {
  name: string;
  /** IPv4 addresses the room answers on (A records; the IPv4 mDNS socket uses the first). */
  ipv4: string[];
  /** Routable IPv6 addresses (AAAA records; link-local ones need a zone and are left out). */
  ipv6: string[];
  /** Speak mDNS over IPv6 on this interface too (the room listens on IPv6 and the interface has IPv6). */
  mdnsIPv6: boolean;
}

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  return isIPv4(v4) && v4.startsWith('127.');
}

const isLinkLocal6 = (address: string): boolean => /^fe[89ab]/i.test(address);

/** The interfaces a room listening on `listenHost` is reachable on (none on loopback). */
export function reachableInterfaces(
  listenHost: string,
  table: InterfaceTable = networkInterfaces(),
): ReachableInterface[] {
  if (isLoopbackHost(listenHost)) return [];
  const host = listenHost.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  const wildcard4 = host === '0.0.0.0';
  const wildcard6 = host === '::' || host === '';
  const out: ReachableInterface[] = [];
  for (const [name, infos = []] of Object.entries(table)) {
    const live = infos.filter((info) => !info.internal);
    if (live.length === 0) continue;
    const v4 = live.filter((info) => info.family === 'IPv4').map((info) => info.address);
    const v6 = live.filter((info) => info.family === 'IPv6').map((info) => info.address);
    let entry: ReachableInterface | undefined;
    if (wildcard6) entry = { name, ipv4: v4, ipv6: v6.filter((a) => !isLinkLocal6(a)), mdnsIPv6: v6.length > 0 };
    else if (wildcard4) entry = { name, ipv4: v4, ipv6: [], mdnsIPv6: false };
    else if (isIPv4(host) && v4.includes(host)) entry = { name, ipv4: [host], ipv6: [], mdnsIPv6: false };
    else if (isIPv6(host) && v6.some((a) => a.toLowerCase() === host.toLowerCase()))
      entry = { name, ipv4: [], ipv6: isLinkLocal6(host) ? [] : [host], mdnsIPv6: true };
    if (entry && (entry.ipv4.length > 0 || entry.mdnsIPv6)) out.push(entry);
  }
  return out;
}
