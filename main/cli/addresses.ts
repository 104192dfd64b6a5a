/** The addresses other machines can use to reach a room listening on `host`, from os.networkInterfaces(). */
import type { NetworkInterfaceInfo } from 'node:os';

export interface JoinAddress {
  interfaceName: string;
  family: 'IPv4' | 'IPv6';
  address: string;
  /** `host:port` as typed into the app or `sarangbang join` (IPv6 in brackets). */
  hostPort: string;
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '';

/**
 * Every non-internal address when listening on a wildcard (IPv4 only for 0.0.0.0, both for ::), otherwise just the
 * bound host. IPv4 first; link-local IPv6 (fe80::) last since it needs a zone and rarely works by hand.
 */
export function joinAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  host: string,
  port: number,
): JoinAddress[] {
  const format = (family: 'IPv4' | 'IPv6', address: string): string =>
    family === 'IPv6' ? `[${address}]:${port}` : `${address}:${port}`;
  if (!isWildcard(host)) {
    const family = host.includes(':') ? 'IPv6' : 'IPv4';
    return [{ interfaceName: '', family, address: host, hostPort: format(family, host) }];
  }
  const wantIPv6 = host === '::' || host === '';
  const found: JoinAddress[] = [];
  for (const [interfaceName, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      const family = info.family === 'IPv6' ? 'IPv6' : 'IPv4';
      if (family === 'IPv6' && !wantIPv6) continue;
      found.push({ interfaceName, family, address: info.address, hostPort: format(family, info.address) });
    }
  }
  const rank = (entry: JoinAddress): number =>
    entry.family === 'IPv4' ? 0 : entry.address.toLowerCase().startsWith('fe80:') ? 2 : 1;
  return found.sort((a, b) => rank(a) - rank(b));
}

/** The lines `serve` prints so others can join: each address with its `nc` line, then the `sarangbang join` line. */
export function formatJoinInstructions(addresses: readonly JoinAddress[], port: number): string[] {
  if (addresses.length === 0) {
    return [
      `No network address found: only this machine can join (sarangbang join 127.0.0.1:${port}, nc 127.0.0.1 ${port}).`,
    ];
  }
  const lines = ['Others can join at (type the address into the app):'];
  const width = Math.max(...addresses.map((entry) => entry.hostPort.length));
  const nameWidth = Math.max(...addresses.map((entry) => entry.interfaceName.length));
  for (const entry of addresses) {
    const where = (entry.interfaceName ? `(${entry.interfaceName})` : '').padEnd(nameWidth + 2);
    lines.push(`  ${entry.hostPort.padEnd(width)}  ${where}  nc ${entry.address} ${port}`);
  }
  lines.push(`From a terminal: sarangbang join ${addresses[0]?.hostPort ?? ''} --name <nick>`);
  return lines;
}
