/**
 * Flow control across all chat connections of one server.
 *
 * - A recipient that is still making progress but has more than `softBytes` queued is "congested": while any
 *   recipient is congested, the server stops reading from every chat socket (senders are pushed back) until the
 *   queue drains. Memory stays bounded and nobody loses anything.
 * - A recipient is "stalled" (judged not to be reading) when it made no write progress for `stallMs` while a clear
 *   majority of the other readers kept up (took everything they were sent, or made progress within `stallMs`), or
 *   for `maxStallMs` whatever the others do (so that a room can never freeze for good). A stalled recipient no
 *   longer holds the senders back; as soon as it makes progress again it does.
 * - The hard bound is enforced by Connection: a message that would take a stalled recipient's queue over
 *   `hardBytes` is not queued; that recipient is dropped at once as a slow consumer and told so. A recipient that
 *   is reading is never dropped: at the hard bound it holds the senders back instead (its queue may exceed the bound
 *   by what is already being delivered when the push-back starts, one message to each recipient).
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
  softBytes: 64 * 1024,
  hardBytes: 1024 * 1024,
  stallMs: 150,
  maxStallMs: 5000,
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
  /** Where the next resume starts, so that connections left paused by a nested pause go first next time. */
  private resumeCursor = 0;
  private talliedAt = Number.NEGATIVE_INFINITY;

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
    if (this.stalled(connection)) return;
    this.congested.add(connection);
    this.update();
  }

  /** Whether `connection` is judged not to be reading (so it no longer holds senders back, and may be dropped). */
  stalled(connection: FlowConnection): boolean {
    if (this.congested.has(connection)) return false;
    const now = this.now();
    if (connection.queuedBytes === 0 || now - connection.lastProgressAt < this.options.stallMs) return false;
    // The periodic check counts keepers only while someone is congested; a count that old says nothing now.
    if (now - this.talliedAt > this.options.checkIntervalMs) this.tally(now);
    return this.isStalled(connection, now);
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
    // The connection is itself one of the laggards; the others keep up when at least two thirds of them do. When
    // about as many lag as keep up, it is the machine (or the load generator) that is slow, not this reader.
    return idle >= this.options.stallMs && this.keepers > 0 && this.keepers >= 2 * (this.laggards - 1);
  }

  private tally(now: number): void {
    this.talliedAt = now;
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
    const all = [...this.connections];
    if (shouldPause) {
      for (const connection of all) contained(this.report, 'flow control', () => connection.pauseReading());
      return;
    }
    // Resuming a connection runs the input its session held back, which may congest a queue and pause everyone
    // again (a nested update): then the rest stay paused, and get to go first on the next resume.
    const start = this.resumeCursor % Math.max(1, all.length);
    for (let i = 0; i < all.length && !this.pausedNow; i++) {
      const index = (start + i) % all.length;
      this.resumeCursor = index + 1;
      contained(this.report, 'flow control', () => all[index]!.resumeReading());
    }
  }
}
