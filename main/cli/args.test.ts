import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHostPort, parseJoinArgs, parseServeArgs, UsageError } from './args.js';

describe('parseHostPort', () => {
  it.each([
    ['192.168.1.5', { host: '192.168.1.5', port: 30000 }],
    ['192.168.1.5:4000', { host: '192.168.1.5', port: 4000 }],
    ['my-laptop.local:31000', { host: 'my-laptop.local', port: 31000 }],
    ['[::1]:4000', { host: '::1', port: 4000 }],
    ['[fe80::1%eth0]', { host: 'fe80::1%eth0', port: 30000 }],
    ['2001:db8::5', { host: '2001:db8::5', port: 30000 }],
  ])('%s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each(['host:0', 'host:70000', 'host:abc', ':4000', ''])('refuses %j', (text) => {
    expect(() => parseHostPort(text)).toThrow(UsageError);
  });
});

describe('parseServeArgs', () => {
  it('has the documented defaults', () => {
    expect(parseServeArgs([])).toEqual({ port: 30000, host: '0.0.0.0', maxUsers: 100, rateLimit: 20 });
  });

  it('reads every option', () => {
    expect(
      parseServeArgs([
        '--port',
        '0',
        '--host',
        '::',
        '--max-users',
        '5',
        '--password',
        'pw',
        '--banned-words',
        'w.txt',
        '--rate-limit',
        'off',
        '--name',
        'lab',
      ]),
    ).toEqual({
      port: 0,
      host: '::',
      maxUsers: 5,
      password: 'pw',
      bannedWordsFile: 'w.txt',
      rateLimit: 'off',
      name: 'lab',
    });
    expect(parseServeArgs(['--rate-limit', '2.5'])).toMatchObject({ rateLimit: 2.5 });
  });

  it.each([
    [['--max-users', '0'], /--max-users must be a whole number/],
    [['--rate-limit', 'fast'], /--rate-limit must be .* or "off"/],
    [['--port', '99999'], /not a port number/],
    [['--password', ''], /cannot be empty/],
    [['extra'], /Unexpected argument "extra"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(message);
  });

  it('lets parseArgs refuse unknown options', () => {
    expect(() => parseServeArgs(['--prot', '1'])).toThrow(/Unknown option '--prot'/);
  });
});

describe('parseJoinArgs', () => {
  it('takes host:port and a nickname', () => {
    expect(parseJoinArgs(['10.0.0.7:4000', '--name', 'atom'])).toEqual({
      host: '10.0.0.7',
      port: 4000,
      nick: 'atom',
      reconnect: true,
      downloadDir: expect.stringMatching(/Sarangbang$/),
    });
    expect(
      parseJoinArgs([
        'localhost',
        '-n',
        'atom',
        '--password',
        'pw',
        '--no-reconnect',
        '--port',
        '4001',
        '--download-dir',
        'in',
      ]),
    ).toEqual({
      host: 'localhost',
      port: 4001,
      nick: 'atom',
      password: 'pw',
      reconnect: false,
      downloadDir: path.resolve('in'),
    });
  });

  it.each([
    [['--name', 'atom'], /Which room\?/],
    [['localhost'], /Choose a nickname with --name/],
    [['localhost', '--name', 'two words'], /--name: .*spaces/],
    [['a', 'b', '--name', 'x'], /Unexpected argument "b"/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseJoinArgs(argv)).toThrow(message);
  });

  it('answers --help', () => {
    expect(parseJoinArgs(['--help'])).toBe('help');
    expect(parseServeArgs(['-h'])).toBe('help');
  });
});
