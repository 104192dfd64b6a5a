import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

describe('rate limiter', () => {
  it('allows a burst of twice the rate, then refills at the rate', () => {
    let now = 0;
    const allow = createRateLimiter(5, () => now);
    const burst = Array.from({ length: 12 }, () => allow());
    expect(burst.filter(Boolean)).toHaveLength(10);
    now += 200; // one token
    expect(allow()).toBe(true);
    expect(allow()).toBe(false);
    now += 60_000; // never more than the burst
    expect(Array.from({ length: 12 }, () => allow()).filter(Boolean)).toHaveLength(10);
  });

  it('says how long until the next message is accepted', () => {
    let now = 0;
    const allow = createRateLimiter(4, () => now); // a token every 250 ms, burst 8
    expect(allow.retryAfterMs()).toBe(0);
    while (allow());
    expect(allow.retryAfterMs()).toBe(250);
    now += 100;
    expect(allow.retryAfterMs()).toBe(150);
    now += 150;
    expect(allow.retryAfterMs()).toBe(0);
    expect(allow()).toBe(true);
    expect(createRateLimiter('off').retryAfterMs()).toBe(0);
  });

  it('can be turned off, and refuses nonsense settings', () => {
    const allow = createRateLimiter('off');
    expect(Array.from({ length: 10_000 }, () => allow()).every(Boolean)).toBe(true);
    expect(() => createRateLimiter(0)).toThrow(RangeError);
    expect(() => createRateLimiter(Number.NaN)).toThrow(RangeError);
  });
});
