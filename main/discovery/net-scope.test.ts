import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cidrHosts, isPrivateIPv4, localPrivateSubnets, parseCidr } from './cidr.js';
import { isLoopbackHost, reachableInterfaces } from './net-scope.js';

const v4 = (address: string, cidr: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '',
  family: 'IPv4',
  mac: '02:00:00:00:00:01',
  internal,
  cidr,
});
const v6 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '',
  family: 'IPv6',
  mac: '02:00:00:00:00:01',
  internal,
  cidr: `${address}/64`,
  scopeid: 2,
});
const table = {
  lo: [v4('127.0.0.1', '127.0.0.1/8', true), v6('::1', true)],
  eth0: [v4('192.168.1.20', '192.168.1.20/24'), v6('fe80::1'), v6('fd00::20')],
  wlan0: [v4('10.5.200.7', '10.5.0.0/16')],
  tun0: [v4('100.64.3.2', '100.64.0.0/10')],
};

describe('which interfaces a room is announced on', () => {
  it('none on loopback', () => {
    for (const host of ['127.0.0.1', '127.5.5.5', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
      expect(reachableInterfaces(host, table), host).toEqual([]);
    expect(isLoopbackHost('192.168.1.20')).toBe(false);
  });

  it('every IPv4 interface on 0.0.0.0, and IPv6 too on ::', () => {
    expect(reachableInterfaces('0.0.0.0', table).map((entry) => [entry.name, entry.ipv4, entry.mdnsIPv6])).toEqual([
      ['eth0', ['192.168.1.20'], false],
      ['wlan0', ['10.5.200.7'], false],
      ['tun0', ['100.64.3.2'], false],
    ]);
    expect(reachableInterfaces('::', table)[0]).toEqual({
      name: 'eth0',
      ipv4: ['192.168.1.20'],
      ipv6: ['fd00::20'],
      mdnsIPv6: true,
    });
  });

  it('only the interface holding a given address', () => {
    expect(reachableInterfaces('10.5.200.7', table)).toEqual([
      { name: 'wlan0', ipv4: ['10.5.200.7'], ipv6: [], mdnsIPv6: false },
    ]);
    expect(reachableInterfaces('192.0.2.1', table)).toEqual([]);
  });
});

describe('subnets to probe', () => {
  it('are the private ones this machine is on, at most a /24 each', () => {
    expect(localPrivateSubnets(table)).toEqual(['192.168.1.0/24', '10.5.200.0/24']);
  });

  it('knows RFC 1918', () => {
    for (const ip of ['10.0.0.1', '172.16.0.1', '172.31.255.1', '192.168.0.1'])
      expect(isPrivateIPv4(ip), ip).toBe(true);
    for (const ip of ['172.32.0.1', '100.64.0.1', '8.8.8.8', '192.169.0.1', '169.254.1.1'])
      expect(isPrivateIPv4(ip), ip).toBe(false);
  });

  it('parses what a user names, and refuses what is too large or not IPv4', () => {
    expect([...cidrHosts(parseCidr('192.168.1.77/30'))]).toEqual(
      ['192.168.1.77', '192.168.1.78'].map((_, i) => `192.168.1.${77 + i}`),
    );
    expect([...cidrHosts(parseCidr('10.0.0.0/24'))]).toHaveLength(254);
    expect([...cidrHosts(parseCidr('10.0.0.9'))]).toEqual(['10.0.0.9']);
    expect(() => parseCidr('10.0.0.0/8')).toThrow(/too large/);
    expect(() => parseCidr('fd00::/64')).toThrow(/IPv6/);
    expect(() => parseCidr('lab/24')).toThrow(/not a subnet/);
  });
});
