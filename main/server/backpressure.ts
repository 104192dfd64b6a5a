/**
 * Flow control across all chat connections of one server.
 *
 * - A recipient that is still making progress but has more than `softBytes` queued is "congested": while any
 *   recipient is congested, the server stops reading from every chat socket (senders are pushed back) until the
 *   queue drains. Memory stays bounded and nobody loses anything.
 * - A recipient that made no write progress for `stallMs` no longer holds the senders back.
 * - Over `hardBytes` nothing more is queued for a recipient (Connection refuses it); if it stays over for
 *   `dropAfterMs` it is dropped as a slow consumer. The others notice nothing.
 */

import { consoleReporter, contained, type Reporter } from './contain.js';

export interface FlowOptions {
  softBytes: number;
  hardBytes: number;
  stallMs: number;
  dropAfterMs: number;
  /** How often stalls and slow consumers are checked. */
  checkIntervalMs: number;
}

export const DEFAULT_FLOW: FlowOptions = {
  softBytes: 256 * 1024,
  hardBytes: 1024 * 1024,
  stallMs: 1000,
  dropAfterMs: 5000,
  checkIntervalMs: 250,
};

/** What the flow controller needs from a connection. */
export interface FlowConnection {
  readonly queuedBytes: number;
  /** Last time bytes left the queue for the kernel, or when the queue last became non-empty. */
  readonly lastProgressAt: number;
  /** Since when the queue has been at or over the hard bound; undefined when under it. */
  readonly overHardSince: number | undefined;
  pauseReading(): void;
  resumeReading(): void;
  dropSlowConsumer(): void;
}

export class FlowControl {
  private readonly connections = new Set<FlowConnection>();
  private readonly congested = new Set<FlowConnection>();
  private timer: NodeJS.Timeout | undefined;
  private pausedNow = false;
  private peak = 0;

  constructor(
    readonly options: FlowOptions = DEFAULT_FLOW,
    private readonly now: () => number = Date.now,
    private readonly report: Reporter = consoleReporter,
  ) {}

  get paused(): boolean {
    return this.pausedNow;
  }

  register(connection: FlowConnection): void {
    this.connections.add(connection);
    if (this.pausedNow) connection.pauseReading();
    this.timer ??= setInterval(() => this.check(), this.options.checkIntervalMs).unref();
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
    return connection.queuedBytes > 0 && now - connection.lastProgressAt >= this.options.stallMs;
  }

  private check(): void {
    const now = this.now();
    let changed = false;
    for (const connection of this.congested) {
      if (this.isStalled(connection, now)) changed = this.congested.delete(connection) || changed;
    }
    if (changed) this.update();
    for (const connection of this.connections) {
      const since = connection.overHardSince;
      if (since !== undefined && now - since >= this.options.dropAfterMs) {
        contained(this.report, 'slow-consumer drop', () => connection.dropSlowConsumer());
      }
    }
  }

  private update(): void {
    const shouldPause = this.congested.size > 0;
    if (shouldPause === this.pausedNow) return;
    this.pausedNow = shouldPause;
    for (const connection of [...this.connections]) {
      contained(this.report, 'flow control', () => (shouldPause ? connection.pauseReading() : connection.resumeReading()));
    }
  }
}
