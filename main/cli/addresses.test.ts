import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { formatJoinInstructions, joinAddresses } from './addresses.js';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  family === 'IPv4'
    ? { address, family, internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }
    : { address, family, internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 };

const interfaces = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('fe80::1', 'IPv6'), info('192.168.1.5', 'IPv4'), info('2001:db8::5', 'IPv6')],
  wlan0: [info('10.0.0.7', 'IPv4')],
};

describe('joinAddresses', () => {
  it('lists every non-internal IPv4 address when listening on 0.0.0.0', () => {
    expect(joinAddresses(interfaces, '0.0.0.0', 30000).map((entry) => entry.hostPort)).toEqual([
      '192.168.1.5:30000',
      '10.0.0.7:30000',
    ]);
  });

  it('adds IPv6 (bracketed, link-local last) when listening on ::', () => {
    expect(joinAddresses(interfaces, '::', 4000).map((entry) => entry.hostPort)).toEqual([
      '192.168.1.5:4000',
      '10.0.0.7:4000',
      '[2001:db8::5]:4000',
      '[fe80::1]:4000',
    ]);
  });

  it('shows only the bound address when listening on one', () => {
    expect(joinAddresses(interfaces, '10.0.0.7', 30000)).toEqual([
      { interfaceName: '', family: 'IPv4', address: '10.0.0.7', hostPort: '10.0.0.7:30000' },
    ]);
  });
});

describe('formatJoinInstructions', () => {
  it('gives an nc line per address and a sarangbang join line', () => {
    const lines = formatJoinInstructions(joinAddresses(interfaces, '0.0.0.0', 30000), 30000);
    expect(lines[1]).toMatch(/^ {2}192\.168\.1\.5:30000 +\(eth0\) +nc 192\.168\.1\.5 30000$/);
    expect(lines[2]).toMatch(/10\.0\.0\.7:30000 +\(wlan0\) +nc 10\.0\.0\.7 30000$/);
    expect(lines.at(-1)).toBe('From a terminal: sarangbang join 192.168.1.5:30000 --name <nick>');
  });

  it('says only this machine can join when there is no network address', () => {
    expect(formatJoinInstructions([], 30000)).toEqual([
      expect.stringMatching(/only this machine can join.*127\.0\.0\.1:30000/),
    ]);
  });
});
