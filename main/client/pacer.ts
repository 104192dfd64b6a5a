/**
 * The client's copy of the host's rate-limit bucket (`perSec` tokens a second, at most `burst`): the outbox takes a
 * token per message and waits when there is none, so a script sending fast stays under the room's limit.
 */
export class Pacer {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSec: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Milliseconds until a token is there (0: now). */
  msUntilNext(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSec) * 1000);
  }

  take(): void {
    this.refill();
    this.tokens = Math.max(0, this.tokens - 1);
  }

  /** The host said its bucket is empty. */
  empty(): void {
    this.refill();
    this.tokens = 0;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSec);
    this.updatedAt = now;
  }
}
