import { describe, expect, it } from 'vitest';
import { lanAddresses } from './lan-addresses.js';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({
    address,
    family,
    internal,
    netmask: '',
    mac: '',
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  }) as never;

describe('LAN addresses to share', () => {
  it('lists external addresses, home/office ranges first, IPv6 in brackets, skipping loopback and link-local', () => {
    const list = lanAddresses(30000, {
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      tun0: [info('100.64.1.2', 'IPv4')],
      eth0: [info('fe80::1', 'IPv6'), info('2001:db8::5', 'IPv6'), info('192.168.1.20', 'IPv4')],
      docker0: [info('172.17.0.1', 'IPv4')],
    });
    expect(list.map((a) => a.display)).toEqual([
      '192.168.1.20:30000',
      '172.17.0.1:30000',
      '100.64.1.2:30000',
      '[2001:db8::5]:30000',
    ]);
    expect(list[0]).toMatchObject({ iface: 'eth0', family: 'IPv4' });
  });
});
