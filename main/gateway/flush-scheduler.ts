/**
 * Decides when queued bytes are written to the sockets. All connections with bytes waiting are flushed together:
 * on the next event-loop turn when the server is quiet, but no sooner than `intervalMs` after the previous flush
 * when it is busy. Messages that arrive spread out (one a millisecond in a busy room) then share one write(2) per
 * recipient instead of one each, for at most `intervalMs` of extra latency.
 * A batch is written SLICE connections per event-loop turn. Node finishes a write (its request, callback and
 * stream bookkeeping) only after the turn that made it, so a turn that wrote to all 5,000 members of a room kept
 * 5,000 writes' objects alive across scavenges, and V8 promoted them: in a join storm the old generation grew to
 * ~100 MiB of such garbage, whose pages stayed resident after it (docs/PERFORMANCE.md, idle 5,000).
 */

export interface Flushable {
  flush(): void;
}

/** Connections written per event-loop turn; a crowd of a few hundred is still written in one. */
const SLICE = 256;

export class FlushScheduler {
  private readonly dirty = new Set<Flushable>();
  /** A batch being written, slice by slice, and where its next slice starts. */
  private batch: Flushable[] = [];
  private next = 0;
  private scheduled = false;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Flushes `target` with the next batch. */
  add(target: Flushable): void {
    this.dirty.add(target);
    if (!this.scheduled) this.schedule();
  }

  /** Forgets `target` (its connection closed). */
  delete(target: Flushable): void {
    this.dirty.delete(target);
    const at = this.batch.indexOf(target, this.next);
    if (at >= 0) this.batch.splice(at, 1);
  }

  private schedule(): void {
    this.scheduled = true;
    const wait = this.lastFlushAt + this.intervalMs - this.now();
    if (wait <= 0) setImmediate(() => this.run());
    else setTimeout(() => this.run(), Math.ceil(wait));
  }

  private run(): void {
    if (this.next === 0) {
      this.lastFlushAt = this.now();
      this.batch = [...this.dirty];
      this.dirty.clear();
    }
    const end = Math.min(this.batch.length, this.next + SLICE);
    // A target may be deleted by another's flush (its close): `next` moves first, so the loop reads the array live.
    while (this.next < end && this.next < this.batch.length) this.batch[this.next++]!.flush();
    if (this.next < this.batch.length) {
      setImmediate(() => this.run());
      return;
    }
    this.batch = [];
    this.next = 0;
    this.scheduled = false;
    if (this.dirty.size > 0) this.schedule();
  }
}
