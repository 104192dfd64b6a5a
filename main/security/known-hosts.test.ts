import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptFileError } from './atomic-file.js';
import { hostKey, KnownHosts } from './known-hosts.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-known-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hostKey', () => {
  it('lower-cases names and brackets IPv6', () => {
    expect(hostKey('Chat.Example.', 7000)).toBe('chat.example:7000');
    expect(hostKey('192.168.1.10', 7000)).toBe('192.168.1.10:7000');
    expect(hostKey('FE80::1%eth0', 7000)).toBe('[fe80::1]:7000');
    expect(hostKey('[::1]', 9)).toBe('[::1]:9');
  });
});

describe('KnownHosts', () => {
  it('trusts on first use, matches later, reports a change with the old fingerprint', async () => {
    const file = join(dir, 'cfg', 'known-hosts.json');
    const hosts = await KnownHosts.load(file);
    const key = hostKey('10.0.0.2', 7000);
    expect(hosts.check(key, A)).toBe('new');
    await hosts.pin(key, A, new Date('2026-01-01T00:00:00Z'));
    expect(hosts.check(key, A)).toBe('match');
    expect(hosts.check(key, A.toUpperCase())).toBe('match');
    expect(hosts.check(key, B)).toEqual({ changed: A });
    expect(hosts.check(hostKey('10.0.0.2', 7001), A)).toBe('new');

    const reloaded = await KnownHosts.load(file);
    expect(reloaded.check(key, B)).toEqual({ changed: A });
    await reloaded.pin(key, A, new Date('2026-02-01T00:00:00Z'));
    expect(reloaded.get(key)).toEqual({
      fingerprint: A,
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-02-01T00:00:00.000Z',
    });
    await reloaded.pin(key, B, new Date('2026-03-01T00:00:00Z'));
    expect(reloaded.get(key)?.firstSeen).toBe('2026-03-01T00:00:00.000Z');
    expect(reloaded.check(key, B)).toBe('match');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version: number; hosts: Record<string, unknown> };
    expect(saved.version).toBe(1);
    expect(Object.keys(saved.hosts)).toEqual([key]);
  });

  it('keeps every pin when several are written at once, and pins made by another instance', async () => {
    const file = join(dir, 'known-hosts.json');
    const one = await KnownHosts.load(file);
    const other = await KnownHosts.load(file);
    await Promise.all([one.pin('a:1', A), one.pin('b:1', B), one.pin('c:1', A)]);
    await other.pin('d:1', B);
    const after = await KnownHosts.load(file);
    expect(['a:1', 'b:1', 'c:1', 'd:1'].map((key) => after.check(key, A))).toEqual([
      'match',
      { changed: B },
      'match',
      { changed: B },
    ]);
  });

  it('refuses an unreadable file instead of forgetting the pins', async () => {
    const file = join(dir, 'known-hosts.json');
    for (const bad of ['nope', '{"version":1,"hosts":[]}', `{"version":1,"hosts":{"h:1":{"fingerprint":"xy"}}}`]) {
      await writeFile(file, bad);
      await expect(KnownHosts.load(file)).rejects.toThrow(CorruptFileError);
    }
  });

  it('refuses to pin something that is not a fingerprint', async () => {
    const hosts = await KnownHosts.load(join(dir, 'k.json'));
    await expect(hosts.pin('h:1', 'abc')).rejects.toThrow(TypeError);
  });
});
