/**
 * IPv4 subnets for the subnet probe: parsing `a.b.c.d/n`, listing hosts, telling private ranges (RFC 1918) apart, and
 * the private subnets this machine is on (each capped to the /24 around its address, so a probe stays small).
 */
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { InterfaceTable } from './net-scope.js';

/** The widest subnet a user may name (65,534 hosts). */
export const MAX_PROBE_PREFIX_WIDTH = 16;
/** The widest subnet probed around one of this machine's own addresses. */
export const LOCAL_PROBE_PREFIX = 24;

export class CidrError extends Error {
  override name = 'CidrError';
}

export interface Cidr {
  /** Network address as a 32-bit unsigned number. */
  network: number;
  prefix: number;
}

export const ipToNumber = (ip: string): number =>
  ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0) >>> 0;
export const numberToIp = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

/** `a.b.c.d/n` (n from 16 to 32) or a bare address (a /32). IPv6 subnets are too large to probe. */
export function parseCidr(text: string): Cidr {
  const [address = '', prefixText, ...extra] = text.trim().split('/');
  if (extra.length > 0 || !isIPv4(address)) {
    if (address.includes(':'))
      throw new CidrError(`"${text}": IPv6 subnets are too large to probe; give the room's address instead.`);
    throw new CidrError(`"${text}" is not a subnet like 192.168.1.0/24.`);
  }
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (prefixText !== undefined && !/^\d{1,2}$/.test(prefixText))
    throw new CidrError(`"${text}": "/${prefixText}" is not a prefix length.`);
  if (prefix > 32) throw new CidrError(`"${text}": the prefix length is at most 32.`);
  if (prefix < MAX_PROBE_PREFIX_WIDTH)
    throw new CidrError(`"${text}" is too large to probe (at most a /${MAX_PROBE_PREFIX_WIDTH}, 65,534 addresses).`);
  return { network: (ipToNumber(address) & maskOf(prefix)) >>> 0, prefix };
}

export const formatCidr = (cidr: Cidr): string => `${numberToIp(cidr.network)}/${cidr.prefix}`;

/** The addresses to probe in a subnet: all but the network and broadcast addresses (for /31 and /32, all). */
export function* cidrHosts(cidr: Cidr): Generator<string> {
  const size = 2 ** (32 - cidr.prefix);
  const first = cidr.prefix >= 31 ? 0 : 1;
  const last = cidr.prefix >= 31 ? size - 1 : size - 2;
  for (let i = first; i <= last; i += 1) yield numberToIp((cidr.network + i) >>> 0);
}

/** 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918). */
export function isPrivateIPv4(ip: string): boolean {
  if (!isIPv4(ip)) return false;
  const n = ipToNumber(ip);
  return n >>> 24 === 10 || n >>> 20 === (172 << 4) + 1 || n >>> 16 === (192 << 8) + 168;
}

/** The private IPv4 subnets this machine is on, each at most the /24 around its address (`10.1.2.0/24`). */
export function localPrivateSubnets(table: InterfaceTable = networkInterfaces()): string[] {
  const out = new Set<string>();
  for (const infos of Object.values(table)) {
    for (const info of infos ?? []) {
      if (info.internal || info.family !== 'IPv4' || !isPrivateIPv4(info.address)) continue;
      const stated = Number(info.cidr?.split('/')[1] ?? LOCAL_PROBE_PREFIX);
      const prefix = Math.max(Number.isFinite(stated) ? stated : LOCAL_PROBE_PREFIX, LOCAL_PROBE_PREFIX);
      out.add(formatCidr({ network: (ipToNumber(info.address) & maskOf(prefix)) >>> 0, prefix }));
    }
  }
  return [...out];
}
