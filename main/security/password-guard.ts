/**
 * Online password guessing limits, per remote address (IPv4 address; IPv6 by its /64 prefix; IPv4-mapped IPv6 as
 * IPv4):
 * - failures: the first 3 are free; after that each further attempt must come at least
 *   min(2^(failures-3) × 5 s, 300 s) after the previous failure, else it is answered `too_many_attempts` with
 *   `retryAfterMs` WITHOUT checking the password (and without counting as a failure). A success clears the address;
 *   a record is forgotten 30 min after its last failure.
 * - at most 16 unauthenticated (not yet logged in) connections per address; the 17th is refused
 *   (`too_many_connections`).
 * The clock is injectable for tests. Memory is bounded: at most `maxTrackedAddresses` failure records (expired ones
 * swept first, then the oldest dropped).
 *
 * API: `new PasswordGuard(options?)`, `.checkAttempt(ip)`, `.recordFailure(ip)`, `.recordSuccess(ip)`,
 * `.admitConnection(ip) → {release()} | undefined`, `addressKey(ip)`, `constantTimeEqualStrings(a, b)`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export interface PasswordGuardOptions {
  /** Milliseconds clock (default Date.now). */
  now?: () => number;
  freeFailures?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  forgetAfterMs?: number;
  maxUnauthenticated?: number;
  maxTrackedAddresses?: number;
}

export const GUARD_DEFAULTS = {
  freeFailures: 3,
  baseDelayMs: 5_000,
  maxDelayMs: 300_000,
  forgetAfterMs: 30 * 60_000,
  maxUnauthenticated: 16,
  maxTrackedAddresses: 65_536,
} as const;

export type AttemptCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

/** One admitted unauthenticated connection; release it on login or close (idempotent). */
export interface ConnectionSlot {
  release(): void;
}

interface FailureRecord {
  failures: number;
  lastFailureAt: number;
}

export class PasswordGuard {
  private readonly now: () => number;
  private readonly settings: Required<Omit<PasswordGuardOptions, 'now'>>;
  private readonly failures = new Map<string, FailureRecord>();
  private readonly unauthenticated = new Map<string, number>();

  constructor(options: PasswordGuardOptions = {}) {
    this.now = options.now ?? Date.now;
    this.settings = { ...GUARD_DEFAULTS, ...withoutUndefined(options) };
  }

  /** Whether a password attempt from `ip` may be checked now. */
  checkAttempt(ip: string): AttemptCheck {
    const record = this.record(addressKey(ip));
    if (!record || record.failures < this.settings.freeFailures) return { allowed: true };
    const readyAt = record.lastFailureAt + this.delayAfter(record.failures);
    const wait = readyAt - this.now();
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /** Counts a wrong password from `ip`. */
  recordFailure(ip: string): void {
    const key = addressKey(ip);
    const failures = (this.record(key)?.failures ?? 0) + 1;
    this.failures.delete(key); // re-insert: the map stays ordered by last failure
    this.failures.set(key, { failures, lastFailureAt: this.now() });
    this.bound();
  }

  /** A right password from `ip`: its failures are forgotten. */
  recordSuccess(ip: string): void {
    this.failures.delete(addressKey(ip));
  }

  /** Failures currently counted for `ip` (0 when none or forgotten). */
  failureCount(ip: string): number {
    return this.record(addressKey(ip))?.failures ?? 0;
  }

  /** Admits one more unauthenticated connection from `ip`, or `undefined` when it already has the maximum. */
  admitConnection(ip: string): ConnectionSlot | undefined {
    const key = addressKey(ip);
    const open = this.unauthenticated.get(key) ?? 0;
    if (open >= this.settings.maxUnauthenticated) return undefined;
    this.unauthenticated.set(key, open + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.unauthenticated.get(key) ?? 1) - 1;
        if (left <= 0) this.unauthenticated.delete(key);
        else this.unauthenticated.set(key, left);
      },
    };
  }

  /** Unauthenticated connections currently admitted from `ip`'s address. */
  unauthenticatedCount(ip: string): number {
    return this.unauthenticated.get(addressKey(ip)) ?? 0;
  }

  private delayAfter(failures: number): number {
    const { freeFailures, baseDelayMs, maxDelayMs } = this.settings;
    const exponent = failures - freeFailures;
    return exponent > 20 ? maxDelayMs : Math.min(2 ** exponent * baseDelayMs, maxDelayMs);
  }

  private record(key: string): FailureRecord | undefined {
    const record = this.failures.get(key);
    if (record && this.now() - record.lastFailureAt >= this.settings.forgetAfterMs) {
      this.failures.delete(key);
      return undefined;
    }
    return record;
  }

  private bound(): void {
    if (this.failures.size <= this.settings.maxTrackedAddresses) return;
    const now = this.now();
    for (const [key, record] of this.failures) {
      if (now - record.lastFailureAt >= this.settings.forgetAfterMs) this.failures.delete(key);
    }
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.settings.maxTrackedAddresses) break;
      this.failures.delete(key);
    }
  }
}

/** The key limits are counted under: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by its /64 (`a:b:c:d::/64`). */
export function addressKey(ip: string): string {
  const bare = (ip.split('%')[0] ?? ip).toLowerCase();
  if (isIPv4(bare)) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(bare)) return bare;
  const groups = expandIPv6(bare);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** Constant-time comparison of two strings (SHA-256 of each, then timingSafeEqual), for the legacy password. */
export function constantTimeEqualStrings(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

/** Eight groups without leading zeros, from any valid IPv6 text (an embedded IPv4 tail becomes two groups). */
function expandIPv6(ip: string): string[] {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const middle = Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...(tail === undefined ? [] : middle), ...right].map((group) => parseInt(group, 16).toString(16));
}

function withoutUndefined(options: PasswordGuardOptions): Partial<Required<Omit<PasswordGuardOptions, 'now'>>> {
  const { now: _now, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}
