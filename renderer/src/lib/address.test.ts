import { describe, expect, it } from 'vitest';
import { formatAddress, nextNick, parseAddress, roomLink } from './address';

describe('address', () => {
  it('parses host:port, bare hosts and bracketed IPv6', () => {
    expect(parseAddress('192.168.0.5:31000')).toEqual({ host: '192.168.0.5', port: 31000 });
    expect(parseAddress(' myhost ')).toEqual({ host: 'myhost', port: 30000 });
    expect(parseAddress('[fe80::1]:4000')).toEqual({ host: 'fe80::1', port: 4000 });
    expect(parseAddress('fe80::1')).toEqual({ host: 'fe80::1', port: 30000 });
  });

  it('refuses things that are not an address', () => {
    for (const bad of ['', 'a b', 'host:0', 'host:70000', 'host:x', 'http://host/', 'u@host'])
      expect(parseAddress(bad)).toBeNull();
  });

  it('formats and offers another nickname', () => {
    expect(formatAddress('fe80::1', 1)).toBe('[fe80::1]:1');
    expect(nextNick('atom')).toBe('atom2');
    expect(nextNick('atom9')).toBe('atom10');
  });

  it('writes room links: the room as the path only when one is named, percent-encoded', () => {
    const code = 'K7QX-2M9D-4HBT-Z0PA-8E3C';
    expect(roomLink('192.168.0.5', 30000, code)).toBe(`sarangbang://192.168.0.5:30000/?code=${code}`);
    expect(roomLink('192.168.0.5', 30000, code, 'math')).toBe(`sarangbang://192.168.0.5:30000/math?code=${code}`);
    expect(roomLink('fd00::5', 31000, undefined, '수학반')).toBe(
      'sarangbang://[fd00::5]:31000/%EC%88%98%ED%95%99%EB%B0%98',
    );
  });
});
