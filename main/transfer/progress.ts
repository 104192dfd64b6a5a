/** Progress of one transfer, throttled: at most one report per interval (about 10 a second), the last count never held back. */

export interface ProgressReport {
  /** Bytes of the whole file done so far (a resumed transfer starts at its offset). */
  bytes: number;
  size: number;
  /** 0–100, one decimal. */
  percent: number;
  /** Recent speed, bytes per second; 0 during the first second (see WARM_UP_MS). */
  bytesPerSecond: number;
  /** Seconds left at the recent speed; undefined until a speed is known. */
  etaSeconds: number | undefined;
}

/**
 * No speed is reported before this much time has passed: a sender first fills the socket buffers (several MB at
 * once), which says nothing about the link and made the first figures many times too high.
 */
const WARM_UP_MS = 1000;

export class ProgressMeter {
  private readonly startedAt: number;
  private bytes: number;
  private lastEmitAt: number;
  private lastEmitBytes: number;
  private speed = 0;
  /** A report due for bytes added since the last one (when adding stopped inside an interval). */
  private trailing: NodeJS.Timeout | undefined;

  constructor(
    private readonly size: number,
    start: number,
    private readonly report: (progress: ProgressReport) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bytes = start;
    this.startedAt = now();
    this.lastEmitAt = this.startedAt;
    this.lastEmitBytes = start;
  }

  get done(): number {
    return this.bytes;
  }

  add(count: number): void {
    this.bytes += count;
    const now = this.now();
    if (now - this.lastEmitAt >= this.intervalMs) this.emit(now);
    else if (!this.trailing) {
      // The last bytes of a burst are reported too, one interval later, even if no more come (a stalled receiver).
      this.trailing = setTimeout(() => this.emit(this.now()), this.intervalMs);
      this.trailing.unref();
    }
  }

  /** Sets the bytes done to `total` (never backwards), from a count kept elsewhere (the host's `file.progress`). */
  set(total: number): void {
    if (total > this.bytes) this.add(Math.min(total, this.size) - this.bytes);
  }

  /** Reports the current state now (at the end, or when a transfer starts). */
  flush(): void {
    this.emit(this.now());
  }

  private emit(now: number): void {
    clearTimeout(this.trailing);
    this.trailing = undefined;
    const elapsed = (now - this.lastEmitAt) / 1000;
    const warm = now - this.startedAt >= WARM_UP_MS;
    if (elapsed > 0 && warm) {
      const recent = (this.bytes - this.lastEmitBytes) / elapsed;
      // Smooth so the figure does not jump with every scheduling hiccup.
      this.speed = this.speed === 0 ? recent : this.speed * 0.7 + recent * 0.3;
    }
    this.lastEmitAt = now;
    this.lastEmitBytes = this.bytes;
    const left = this.size - this.bytes;
    this.report({
      bytes: this.bytes,
      size: this.size,
      percent: this.size === 0 ? 100 : Math.floor((this.bytes / this.size) * 1000) / 10,
      bytesPerSecond: Math.round(this.speed),
      etaSeconds: this.speed > 0 ? Math.ceil(left / this.speed) : left === 0 ? 0 : undefined,
    });
  }
}
