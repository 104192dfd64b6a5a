import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap when there is no jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
      backoffDelay(attempt, { initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 }),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('keeps jittered delays within [nominal * (1 - jitter), nominal]', () => {
    const options = { initialDelayMs: 1000, maxDelayMs: 60_000, jitter: 0.5 };
    expect(backoffDelay(3, options, () => 0)).toBe(4000);
    expect(backoffDelay(3, options, () => 0.999999)).toBe(2000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(2, options);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });

  it('spreads clients that reconnect at the same attempt', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, { jitter: 0.3 })));
    expect(delays.size).toBeGreaterThan(10);
  });
});
