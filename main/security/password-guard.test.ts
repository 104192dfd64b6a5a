import { describe, expect, it } from 'vitest';
import { addressKey, constantTimeEqualStrings, PasswordGuard } from './password-guard.js';

function fakeClock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('PasswordGuard failures', () => {
  it('lets 3 failures through, then waits 5 s, 10 s, 20 s… up to 300 s after the last failure', () => {
    const clock = fakeClock();
    const guard = new PasswordGuard({ now: clock.now });
    const ip = '192.0.2.7';
    for (let i = 0; i < 3; i++) {
      expect(guard.checkAttempt(ip)).toEqual({ allowed: true });
      guard.recordFailure(ip);
    }
    const waits: number[] = [];
    for (let failures = 3; failures < 12; failures++) {
      const check = guard.checkAttempt(ip);
      expect(check.allowed).toBe(false);
      const retryAfterMs = check.allowed ? 0 : check.retryAfterMs;
      waits.push(retryAfterMs);
      clock.advance(retryAfterMs - 1);
      expect(guard.checkAttempt(ip).allowed).toBe(false);
      clock.advance(1);
      expect(guard.checkAttempt(ip)).toEqual({ allowed: true });
      guard.recordFailure(ip);
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    expect(guard.failureCount(ip)).toBe(12);
  });

  it('counts a refused attempt as nothing, and tells how long is left', () => {
    const clock = fakeClock();
    const guard = new PasswordGuard({ now: clock.now });
    for (let i = 0; i < 4; i++) guard.recordFailure('192.0.2.1');
    clock.advance(4_000);
    expect(guard.checkAttempt('192.0.2.1')).toEqual({ allowed: false, retryAfterMs: 6_000 });
    expect(guard.failureCount('192.0.2.1')).toBe(4);
  });

  it('clears the address on success and forgets it 30 min after the last failure', () => {
    const clock = fakeClock();
    const guard = new PasswordGuard({ now: clock.now });
    for (let i = 0; i < 5; i++) guard.recordFailure('192.0.2.1');
    guard.recordSuccess('192.0.2.1');
    expect(guard.checkAttempt('192.0.2.1')).toEqual({ allowed: true });
    expect(guard.failureCount('192.0.2.1')).toBe(0);

    for (let i = 0; i < 5; i++) guard.recordFailure('192.0.2.2');
    clock.advance(30 * 60_000 - 1);
    expect(guard.failureCount('192.0.2.2')).toBe(5);
    clock.advance(1);
    expect(guard.failureCount('192.0.2.2')).toBe(0);
    guard.recordFailure('192.0.2.2');
    expect(guard.checkAttempt('192.0.2.2')).toEqual({ allowed: true });
  });

  it('shares one record across an IPv6 /64 and across IPv4-mapped forms, not across neighbours', () => {
    const clock = fakeClock();
    const guard = new PasswordGuard({ now: clock.now });
    for (let i = 0; i < 4; i++) guard.recordFailure(`2001:db8:1:2::${i + 1}`);
    expect(guard.checkAttempt('2001:db8:1:2:ffff:1:2:3').allowed).toBe(false);
    expect(guard.checkAttempt('2001:db8:1:3::1').allowed).toBe(true);
    for (let i = 0; i < 4; i++) guard.recordFailure('::ffff:192.0.2.9');
    expect(guard.checkAttempt('192.0.2.9').allowed).toBe(false);
    expect(guard.checkAttempt('192.0.2.10').allowed).toBe(true);
  });

  it('keeps at most maxTrackedAddresses records, dropping the oldest', () => {
    const guard = new PasswordGuard({ now: fakeClock().now, maxTrackedAddresses: 2 });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) guard.recordFailure(ip);
    expect(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((ip) => guard.failureCount(ip))).toEqual([0, 1, 1]);
  });
});

describe('PasswordGuard unauthenticated connections', () => {
  it('admits 16 per address, refuses the 17th, and frees a slot on release (once)', () => {
    const guard = new PasswordGuard();
    const slots = Array.from({ length: 16 }, () => guard.admitConnection('2001:db8::1'));
    expect(slots.every(Boolean)).toBe(true);
    expect(guard.admitConnection('2001:db8::2')).toBeUndefined(); // same /64
    expect(guard.admitConnection('2001:db9::1')).toBeDefined();
    slots[0]?.release();
    slots[0]?.release();
    expect(guard.unauthenticatedCount('2001:db8::1')).toBe(15);
    expect(guard.admitConnection('2001:db8::1')).toBeDefined();
    expect(guard.admitConnection('2001:db8::1')).toBeUndefined();
  });
});

describe('addressKey', () => {
  it('normalises addresses', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:DB8:0:0:1::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });
});

describe('constantTimeEqualStrings', () => {
  it('compares by content, whatever the lengths', () => {
    expect(constantTimeEqualStrings('hunter2', 'hunter2')).toBe(true);
    expect(constantTimeEqualStrings('hunter2', 'hunter3')).toBe(false);
    expect(constantTimeEqualStrings('hunter2', 'hunter22')).toBe(false);
    expect(constantTimeEqualStrings('', '')).toBe(true);
    expect(constantTimeEqualStrings('사랑방', '사랑방')).toBe(true);
  });
});
