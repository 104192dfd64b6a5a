/**
 * Known hosts: the room identities this client has pinned (trust on first use), in a private JSON file
 * `{version: 1, hosts: {"host:port": {fingerprint, firstSeen, lastSeen}}}` (times ISO 8601; host lower-cased, IPv6
 * in brackets, see `hostKey`). `check` says whether a fingerprint is new, matches or changed; `pin` records it
 * (after first use, a matching room code, or the user's "trust the new identity"; calling it on a match refreshes
 * lastSeen). Each pin re-reads the file and writes it atomically, one write at a time. An unreadable file is an
 * error (CorruptFileError), never an empty list: that would silently turn every changed identity into a new one.
 *
 * API: `hostKey(host, port)`, `KnownHosts.load(file)`, `.check(key, fp) → 'new' | 'match' | {changed: oldFp}`,
 * `.pin(key, fp)`, `.get(key)`, `.list()`. `KnownHostsLike` is what a client session needs (check + pin);
 * `MemoryKnownHosts` keeps pins in memory only (the session's default, and tests).
 */
import { isIPv6 } from 'node:net';
import { CorruptFileError, parseVersionedJson, readTextIfExists, writePrivateFileAtomic } from './atomic-file.js';
import { WriteQueue } from '../write-queue.js';

export interface KnownHost {
  fingerprint: string;
  firstSeen: string;
  lastSeen: string;
}

export type HostCheck = 'new' | 'match' | { changed: string };

const WHAT = 'Known hosts';
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** `host:port` as pins are keyed: host lower-cased (IPv6 zone dropped), IPv6 in brackets. */
export function hostKey(host: string, port: number): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  const bare = name.split('%')[0] ?? name;
  return isIPv6(bare) ? `[${bare}]:${port}` : `${name.replace(/\.$/, '')}:${port}`;
}

/** What a client session needs of a pin store. */
export interface KnownHostsLike {
  check(key: string, fingerprint: string): HostCheck;
  pin(key: string, fingerprint: string): Promise<void>;
}

/** Pins in memory, for one process's life. */
export class MemoryKnownHosts implements KnownHostsLike {
  private readonly hosts = new Map<string, string>();

  check(key: string, fingerprint: string): HostCheck {
    const known = this.hosts.get(key);
    if (known === undefined) return 'new';
    return known === fingerprint.toLowerCase() ? 'match' : { changed: known };
  }

  pin(key: string, fingerprint: string): Promise<void> {
    this.hosts.set(key, fingerprint.toLowerCase());
    return Promise.resolve();
  }
}

export class KnownHosts implements KnownHostsLike {
  private readonly writes = new WriteQueue();

  private constructor(
    readonly file: string,
    private hosts: Record<string, KnownHost>,
  ) {}

  /** Reads the file (a missing file is an empty list). */
  static async load(file: string): Promise<KnownHosts> {
    return new KnownHosts(file, await readHosts(file));
  }

  /** Every pin as `[key, entry]`, the most recently seen first (LAN discovery checks these "known rooms" first). */
  list(): Array<[string, KnownHost]> {
    return Object.entries(this.hosts).sort(([, a], [, b]) => b.lastSeen.localeCompare(a.lastSeen));
  }

  get(key: string): KnownHost | undefined {
    return Object.hasOwn(this.hosts, key) ? this.hosts[key] : undefined;
  }

  check(key: string, fingerprint: string): HostCheck {
    const known = this.get(key);
    if (!known) return 'new';
    return known.fingerprint === fingerprint.toLowerCase() ? 'match' : { changed: known.fingerprint };
  }

  /** Resolves once every pin asked for so far is written (or failed). */
  settled(): Promise<void> {
    return this.writes.settled();
  }

  /** Pins `fingerprint` for `key` (keeping firstSeen when it is unchanged) and saves the file. */
  pin(key: string, fingerprint: string, now: Date = new Date()): Promise<void> {
    const fp = fingerprint.toLowerCase();
    if (!FINGERPRINT.test(fp)) return Promise.reject(new TypeError('a fingerprint is 64 hex digits'));
    return this.writes.run(async () => {
      const hosts = await readHosts(this.file);
      const stamp = now.toISOString();
      const previous = Object.hasOwn(hosts, key) ? hosts[key] : undefined;
      const firstSeen = previous?.fingerprint === fp ? previous.firstSeen : stamp;
      hosts[key] = { fingerprint: fp, firstSeen, lastSeen: stamp };
      await writePrivateFileAtomic(this.file, JSON.stringify({ version: 1, hosts }, null, 2));
      this.hosts = hosts;
    });
  }
}

async function readHosts(file: string): Promise<Record<string, KnownHost>> {
  const text = await readTextIfExists(file);
  if (text === undefined) return {};
  const record = parseVersionedJson(file, WHAT, text);
  const hosts = record.hosts;
  if (typeof hosts !== 'object' || hosts === null || Array.isArray(hosts)) {
    throw new CorruptFileError(file, WHAT, '"hosts" is not an object');
  }
  const out: Record<string, KnownHost> = {};
  for (const [key, value] of Object.entries(hosts as Record<string, unknown>)) {
    const entry = value as Partial<KnownHost> | null;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.fingerprint !== 'string' ||
      !FINGERPRINT.test(entry.fingerprint) ||
      typeof entry.firstSeen !== 'string' ||
      typeof entry.lastSeen !== 'string'
    ) {
      throw new CorruptFileError(file, WHAT, `bad entry for ${key}`);
    }
    out[key] = { fingerprint: entry.fingerprint, firstSeen: entry.firstSeen, lastSeen: entry.lastSeen };
  }
  return out;
}
