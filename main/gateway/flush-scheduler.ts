/**
 * Decides when queued bytes are written to the sockets. All connections with bytes waiting are flushed together:
 * on the next event-loop turn when the server is quiet, but no sooner than `intervalMs` after the previous flush
 * when it is busy. Messages that arrive spread out (one a millisecond in a busy room) then share one write(2) per
 * recipient instead of one each, for at most `intervalMs` of extra latency.
 */

export interface Flushable {
  flush(): void;
}

export class FlushScheduler {
  private readonly dirty = new Set<Flushable>();
  private scheduled = false;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Flushes `target` with the next batch. */
  add(target: Flushable): void {
    this.dirty.add(target);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlushAt + this.intervalMs - this.now();
    if (wait <= 0) setImmediate(() => this.run());
    else setTimeout(() => this.run(), Math.ceil(wait));
  }

  /** Forgets `target` (its connection closed). */
  delete(target: Flushable): void {
    this.dirty.delete(target);
  }

  private run(): void {
    this.scheduled = false;
    this.lastFlushAt = this.now();
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const each of batch) each.flush();
  }
}
