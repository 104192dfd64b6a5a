/**
 * Flow control across all chat connections of one server.
 *
 * - A recipient that is still making progress but has more than `softBytes` queued is "congested": while any
 *   recipient is congested, the server stops reading from every chat socket (senders are pushed back) until the
 *   queue drains. Memory stays bounded and nobody loses anything.
 * - A recipient that made no write progress for `stallMs` while most other readers kept up (took everything they
 *   were sent, or made progress within `stallMs`) no longer holds the senders back. When most readers lag too
 *   (the whole machine is slow) the push-back goes on, up to `maxStallMs`, so that a room can never freeze for good.
 * - The hard bound is enforced by Connection: a message that would take a queue over `hardBytes` is not queued;
 *   that recipient is dropped at once as a slow consumer and told so. The others notice nothing.
 */

import { consoleReporter, contained, type Reporter } from './contain.js';

export interface FlowOptions {
  softBytes: number;
  hardBytes: number;
  /** No progress this long, while most other readers kept up: stop holding senders back for this reader. */
  stallMs: number;
  /** No progress this long: stop holding senders back for this reader whatever the others do. */
  maxStallMs: number;
  /** How often stalls are checked. */
  checkIntervalMs: number;
}

export const DEFAULT_FLOW: FlowOptions = {
  softBytes: 256 * 1024,
  hardBytes: 1024 * 1024,
  stallMs: 150,
  maxStallMs: 1000,
  checkIntervalMs: 50,
};

/** What the flow controller needs from a connection. */
export interface FlowConnection {
  readonly queuedBytes: number;
  /** Last time bytes left the queue for the kernel, or when the queue last became non-empty. */
  readonly lastProgressAt: number;
  pauseReading(): void;
  resumeReading(): void;
}

export class FlowControl {
  private readonly connections = new Set<FlowConnection>();
  private readonly congested = new Set<FlowConnection>();
  private timer: NodeJS.Timeout | undefined;
  private pausedNow = false;
  private peak = 0;
  private lastCheckAt: number;
  /** From the last check: readers keeping up (nothing queued, or progress within stallMs) and readers lagging. */
  private keepers = 0;
  private laggards = 0;

  constructor(
    readonly options: FlowOptions = DEFAULT_FLOW,
    private readonly now: () => number = Date.now,
    private readonly report: Reporter = consoleReporter,
  ) {
    this.lastCheckAt = now();
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  register(connection: FlowConnection): void {
    this.connections.add(connection);
    if (this.pausedNow) connection.pauseReading();
    if (!this.timer) {
      this.lastCheckAt = this.now();
      this.timer = setInterval(() => this.check(), this.options.checkIntervalMs).unref();
    }
  }

  unregister(connection: FlowConnection): void {
    this.connections.delete(connection);
    if (this.congested.delete(connection)) this.update();
    if (this.connections.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** The most bytes any one connection has had queued so far. */
  get peakQueuedBytes(): number {
    return this.peak;
  }

  /** Called after bytes were queued for `connection`. */
  queued(connection: FlowConnection): void {
    if (connection.queuedBytes > this.peak) this.peak = connection.queuedBytes;
    if (connection.queuedBytes <= this.options.softBytes || this.congested.has(connection)) return;
    if (this.isStalled(connection, this.now())) return;
    this.congested.add(connection);
    this.update();
  }

  /** Called after queued bytes of `connection` were handed to the kernel. */
  drained(connection: FlowConnection): void {
    if (connection.queuedBytes <= this.options.softBytes && this.congested.delete(connection)) this.update();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private isStalled(connection: FlowConnection, now: number): boolean {
    if (connection.queuedBytes === 0) return false;
    const idle = now - connection.lastProgressAt;
    if (idle >= this.options.maxStallMs) return true;
    // The connection is itself one of the laggards; the others keep up when most of them do.
    return idle >= this.options.stallMs && this.keepers > 0 && this.keepers >= this.laggards - 1;
  }

  private tally(now: number): void {
    this.keepers = 0;
    this.laggards = 0;
    for (const each of this.connections) {
      if (each.queuedBytes === 0 || now - each.lastProgressAt < this.options.stallMs) this.keepers++;
      else this.laggards++;
    }
  }

  private check(): void {
    const now = this.now();
    const late = now - this.lastCheckAt > Math.max(2 * this.options.checkIntervalMs, this.options.stallMs);
    this.lastCheckAt = now;
    if (this.congested.size === 0) return;
    this.tally(now);
    let changed = false;
    for (const connection of this.congested) {
      // A late check means this process itself was not running (an overloaded machine): nobody could make
      // progress meanwhile, so only the absolute limit applies.
      const stalled = late
        ? now - connection.lastProgressAt >= this.options.maxStallMs
        : this.isStalled(connection, now);
      if (stalled) changed = this.congested.delete(connection) || changed;
    }
    if (changed) this.update();
  }

  private update(): void {
    const shouldPause = this.congested.size > 0;
    if (shouldPause === this.pausedNow) return;
    this.pausedNow = shouldPause;
    for (const connection of [...this.connections]) {
      contained(this.report, 'flow control', () =>
        shouldPause ? connection.pauseReading() : connection.resumeReading(),
      );
    }
  }
}
