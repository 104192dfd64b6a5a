/**
 * Per-client message rate limit: a token bucket refilled at `perSecond` tokens a second, holding at most `burst`.
 * Generous by default so people typing never notice it; scripts that flood get `rate_limited` errors.
 */

export type RateLimitSetting = number | 'off';

export const DEFAULT_RATE_PER_SECOND = 20;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until `take` would succeed (0: now). */
  msUntilNext(): number {
    const tokens = Math.min(this.burst, this.tokens + ((this.now() - this.updatedAt) / 1000) * this.perSecond);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.perSecond) * 1000);
  }
}

/** A per-client check: true when a request may go ahead (taking a token); `retryAfterMs` says when the next may. */
export interface RateLimiter {
  (): boolean;
  retryAfterMs(): number;
}

/** The bucket behind a setting (as the welcome's `limits.rate` tells clients): `N` a second, burst 2N; none for 'off'. */
export function rateLimitShape(setting: RateLimitSetting): { perSec: number; burst: number } | undefined {
  if (setting === 'off') return undefined;
  if (!(setting > 0)) throw new RangeError(`rate limit must be a positive number or 'off', got ${String(setting)}`);
  return { perSec: setting, burst: Math.max(1, setting * 2) };
}

/** Returns a fresh per-client check: `N` messages a second with a burst of 2N, or no limit for 'off'. */
export function createRateLimiter(setting: RateLimitSetting, now: () => number = Date.now): RateLimiter {
  const shape = rateLimitShape(setting);
  if (!shape) return Object.assign(() => true, { retryAfterMs: () => 0 });
  const bucket = new TokenBucket(shape.perSec, shape.burst, now);
  return Object.assign(() => bucket.take(), { retryAfterMs: () => bucket.msUntilNext() });
}
