/**
 * Keepalive for framed connections, one timer for all of them: a peer silent for `intervalMs` gets a `ping`;
 * a peer that sent nothing at all for `timeoutMs` is dropped as dead. Plain-text peers rely on TCP keepalive
 * instead (a `ping` line would show up in their terminal).
 */

import { consoleReporter, contained, type Reporter } from './contain.js';

export interface KeepaliveOptions {
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_KEEPALIVE: KeepaliveOptions = { intervalMs: 30_000, timeoutMs: 90_000 };

export interface KeepaliveTarget {
  /** When the peer last sent any byte. */
  readonly lastReceivedAt: number;
  ping(): void;
  timedOut(): void;
}

export class Keepalive {
  private readonly targets = new Map<KeepaliveTarget, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: KeepaliveOptions = DEFAULT_KEEPALIVE,
    private readonly now: () => number = Date.now,
    private readonly report: Reporter = consoleReporter,
  ) {}

  add(target: KeepaliveTarget): void {
    this.targets.set(target, 0);
    const period = Math.max(10, Math.min(this.options.intervalMs, this.options.timeoutMs) / 3);
    this.timer ??= setInterval(() => this.check(), period).unref();
  }

  remove(target: KeepaliveTarget): void {
    this.targets.delete(target);
    if (this.targets.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const now = this.now();
    for (const [target, lastPingAt] of [...this.targets]) {
      const silent = now - target.lastReceivedAt;
      if (silent >= this.options.timeoutMs) {
        this.targets.delete(target);
        contained(this.report, 'keepalive timeout', () => target.timedOut());
      } else if (silent >= this.options.intervalMs && now - lastPingAt >= this.options.intervalMs) {
        this.targets.set(target, now);
        contained(this.report, 'keepalive ping', () => target.ping());
      }
    }
  }
}
