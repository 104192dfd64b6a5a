import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHostPort, parseJoinArgs, parseRoomsArgs, parseServeArgs, UsageError } from './args.js';
import { ARGV_PASSWORD_WARNING } from './password-source.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sarangbang-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const passwordFile = path.join(dir, 'password.txt');
writeFileSync(passwordFile, 'from file\nsecond line\n');
const emptyFile = path.join(dir, 'empty.txt');
writeFileSync(emptyFile, '\nsomething\n');

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
    expect(parseServeArgs([])).toEqual({
      port: 30000,
      host: '0.0.0.0',
      maxUsers: 100,
      rateLimit: 20,
      history: 1000,
      announce: true,
      allowNewRooms: false,
      maxRooms: 1000,
    });
    expect(parseServeArgs(['--no-announce'])).toMatchObject({ announce: false });
  });

  it('reads the many-room options: --rooms FILE, --allow-new-rooms, --max-rooms N', () => {
    expect(parseServeArgs(['--rooms', 'rooms.json', '--allow-new-rooms', '--max-rooms', '20'])).toMatchObject({
      roomsFile: expect.stringMatching(/rooms\.json$/),
      allowNewRooms: true,
      maxRooms: 20,
    });
    expect(() => parseServeArgs(['--max-rooms', '0'])).toThrow(/--max-rooms must be a whole number/);
    expect(() => parseServeArgs(['--max-rooms', 'lots'])).toThrow(/--max-rooms must be a whole number/);
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
        '--history',
        '0',
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
      history: 0,
      name: 'lab',
      warnings: [ARGV_PASSWORD_WARNING],
      announce: true,
      allowNewRooms: false,
      maxRooms: 1000,
    });
    expect(parseServeArgs(['--rate-limit', '2.5'])).toMatchObject({ rateLimit: 2.5 });
    expect(parseServeArgs(['--history', '100000'])).toMatchObject({ history: 100000 });
  });

  it.each([
    [['--max-users', '0'], /--max-users must be a whole number/],
    [['--rate-limit', 'fast'], /--rate-limit must be .* or "off"/],
    [['--history', '100001'], /--history must be a whole number of messages from 0 \(off\) to 100000, not "100001"/],
    [['--history=-1'], /--history must be a whole number/],
    [['--history', '2.5'], /--history must be a whole number/],
    [['--history', 'lots'], /--history must be a whole number/],
    [['--port', '99999'], /not a port number/],
    [['--password', ''], /cannot be empty/],
    [['extra'], /Unexpected argument "extra"/],
    [['--allow-plain', '--no-plain'], /Choose one of --allow-plain and --no-plain/],
    [['--password', 'a', '--password-file', 'f'], /not both/],
    [['--password-file', path.join(tmpdir(), 'no-such-dir-sarangbang', 'pw')], /Could not read the password file/],
    [['--password-file', emptyFile], /empty first line/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(message);
  });

  it('takes the password from --password-file (first line), else SARANGBANG_PASSWORD; never warns for those', () => {
    expect(parseServeArgs(['--password-file', passwordFile], { SARANGBANG_PASSWORD: 'env' })).toEqual({
      port: 30000,
      host: '0.0.0.0',
      maxUsers: 100,
      rateLimit: 20,
      history: 1000,
      password: 'from file',
      announce: true,
      allowNewRooms: false,
      maxRooms: 1000,
    });
    expect(parseServeArgs([], { SARANGBANG_PASSWORD: 'from env' })).toMatchObject({ password: 'from env' });
    expect(parseServeArgs([], { SARANGBANG_PASSWORD: '' })).not.toHaveProperty('password');
    const crlf = path.join(dir, 'crlf.txt');
    writeFileSync(crlf, 'windows\r\n');
    expect(parseServeArgs(['--password-file', crlf], {})).toMatchObject({ password: 'windows' });
    expect(parseServeArgs(['--password', 'argv'], {})).toMatchObject({ warnings: [ARGV_PASSWORD_WARNING] });
  });

  it('reads the plain-text policy', () => {
    expect(parseServeArgs(['--allow-plain'], {})).toMatchObject({ plainText: 'allow' });
    expect(parseServeArgs(['--no-plain'], {})).toMatchObject({ plainText: 'refuse' });
    expect(parseServeArgs([], {})).not.toHaveProperty('plainText');
  });

  it('lets parseArgs refuse unknown options', () => {
    expect(() => parseServeArgs(['--prot', '1'])).toThrow(/Unknown option '--prot'/);
  });
});

describe('parseJoinArgs', () => {
  it('takes the security options: --code (normalised), --identity, --trust-new-identity, --insecure', () => {
    expect(
      parseJoinArgs([
        'h',
        '-n',
        'a',
        '--code',
        'k7qx 2m9d-4hbt-z0pa-8e3c',
        '--identity',
        'me.json',
        '--trust-new-identity',
      ]),
    ).toMatchObject({
      code: 'K7QX-2M9D-4HBT-Z0PA-8E3C',
      identityFile: path.resolve('me.json'),
      trustNewIdentity: true,
    });
    expect(parseJoinArgs(['h', '-n', 'a', '--insecure'])).toMatchObject({ insecure: true });
    expect(() => parseJoinArgs(['h', '-n', 'a', '--code', 'K7QX-2M9D'])).toThrow(UsageError);
    expect(() => parseJoinArgs(['h', '-n', 'a', '--insecure', '--code', 'K7QX-2M9D-4HBT-Z0PA-8E3C'])).toThrow(
      UsageError,
    );
    expect(parseServeArgs(['--identity', 'room.json'])).toMatchObject({ identityFile: path.resolve('room.json') });
  });

  it('takes host:port and a nickname', () => {
    expect(parseJoinArgs(['10.0.0.7:4000', '--name', 'atom'])).toEqual({
      host: '10.0.0.7',
      port: 4000,
      nick: 'atom',
      reconnect: true,
      downloadDir: expect.stringMatching(/Sarangbang$/),
      trustNewIdentity: false,
      insecure: false,
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
      warnings: [ARGV_PASSWORD_WARNING],
      trustNewIdentity: false,
      insecure: false,
    });
  });

  it('takes the password from --password-file or SARANGBANG_PASSWORD', () => {
    const base = ['localhost', '--name', 'atom'];
    expect(parseJoinArgs([...base, '--password-file', passwordFile], {})).toMatchObject({ password: 'from file' });
    expect(parseJoinArgs(base, { SARANGBANG_PASSWORD: 'from env' })).toMatchObject({ password: 'from env' });
    const none = parseJoinArgs(base, {});
    expect(none).not.toHaveProperty('password');
    expect(none).not.toHaveProperty('warnings');
    expect(() => parseJoinArgs([...base, '--password-file', emptyFile], {})).toThrow(UsageError);
  });

  it.each([
    [['--name', 'atom'], /Which room\?/],
    [['localhost'], /Choose a nickname with --name/],
    [['localhost', '--name', 'two words'], /--name: .*spaces/],
    [['a', 'b', 'c', '--name', 'x'], /Unexpected argument "c"/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseJoinArgs(argv)).toThrow(message);
  });

  it('answers --help', () => {
    expect(parseJoinArgs(['--help'])).toBe('help');
    expect(parseServeArgs(['-h'])).toBe('help');
  });
});

describe('join targets: links and room names (issue 16)', () => {
  const CODE = 'EKMH-AKCB-35SY-G1TF-V30H';
  it('takes a room link, its code verified like --code', () => {
    expect(
      parseJoinArgs([`sarangbang://192.168.1.5:31000/?code=${CODE.toLowerCase()}`, '--name', 'atom']),
    ).toMatchObject({
      host: '192.168.1.5',
      port: 31000,
      code: CODE,
    });
    expect(parseJoinArgs(['sarangbang://[fd00::5]', '--name', 'atom'])).toMatchObject({ host: 'fd00::5', port: 30000 });
    expect(() => parseJoinArgs(['sarangbang://me:pw@10.0.0.1/', '--name', 'atom'])).toThrow(/user name or password/);
    expect(() => parseJoinArgs(['http://10.0.0.1/', '--name', 'atom'])).toThrow(UsageError);
    expect(() =>
      parseJoinArgs([`sarangbang://10.0.0.1/?code=${CODE}`, '--code', 'K7QX-2M9D-4HBT-Z0PA-8E3C', '--name', 'atom']),
    ).toThrow(/different room codes/);
  });

  it('takes the room as a second argument or as the link path (PROTOCOL.md 19.6)', () => {
    expect(parseJoinArgs(['10.0.0.7:4000', 'Math', '--name', 'atom'])).toMatchObject({
      host: '10.0.0.7',
      port: 4000,
      room: 'Math',
    });
    expect(parseJoinArgs([`sarangbang://10.0.0.1:4000/math?code=${CODE}`, '--name', 'atom'])).toMatchObject({
      host: '10.0.0.1',
      room: 'math',
      code: CODE,
    });
    expect(parseJoinArgs(['sarangbang://10.0.0.1/math', 'MATH', '--name', 'atom'])).toMatchObject({ room: 'MATH' });
    expect(parseJoinArgs(['10.0.0.7', '--name', 'atom'])).not.toHaveProperty('room');
    expect(() => parseJoinArgs(['10.0.0.7', 'two words', '--name', 'atom'])).toThrow(/not a room name/);
    expect(() => parseJoinArgs(['sarangbang://10.0.0.1/math', 'physics', '--name', 'atom'])).toThrow(/different rooms/);
    expect(() => parseJoinArgs(['10.0.0.7', 'math', 'extra', '--name', 'atom'])).toThrow(/Unexpected argument "extra"/);
  });

  it('marks a word that is not an address as a name to look up (host name first)', () => {
    expect(parseJoinArgs(['lab', '--name', 'atom'])).toMatchObject({ host: 'lab', port: 30000, lookupName: 'lab' });
    expect(parseJoinArgs(['사랑방 모임', '--name', 'atom'])).toMatchObject({ host: '', lookupName: '사랑방 모임' });
    expect(parseJoinArgs(['10.0.0.7', '--name', 'atom'])).not.toHaveProperty('lookupName');
    expect(parseJoinArgs(['pc.local', '--name', 'atom'])).not.toHaveProperty('lookupName');
  });
});

describe('parseRoomsArgs', () => {
  it('has defaults and reads --json, --subnet (repeatable) and --wait', () => {
    expect(parseRoomsArgs([])).toEqual({ json: false, subnets: [], waitMs: 3000 });
    expect(
      parseRoomsArgs(['--json', '--subnet', '192.168.2.0/24', '--subnet', '10.1.0.0/16', '--wait', '500']),
    ).toEqual({ json: true, subnets: ['192.168.2.0/24', '10.1.0.0/16'], waitMs: 500 });
    expect(parseRoomsArgs(['-h'])).toBe('help');
  });

  it.each([
    [['--subnet', '10.0.0.0/8'], /--subnet: .*too large/],
    [['--subnet', 'fd00::/64'], /IPv6/],
    [['--wait', 'soon'], /--wait must be milliseconds/],
    [['extra'], /Unexpected argument/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRoomsArgs(argv)).toThrow(message);
  });
});
