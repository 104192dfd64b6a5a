/**
 * One running transfer on a client: its data link or socket, and the host's verdict (`file.done` or `file.ended`),
 * which may arrive before, during or after the local work. Local work can be aborted from outside (cancel, the
 * host ending it, a lost session).
 */
import type { Socket } from 'node:net';
import type { FileEndReason } from '../protocol/file-messages.js';
import { openDataLink, type DataLinkHandle } from './data-link.js';
import type { DataCredential } from './e2e-context.js';
import { pairWaitLeft } from './pair-wait.js';
import type { TransferTiming } from './transfer-timing.js';
import type { TransferInfo, TransferSession } from './transfer-types.js';

export type Verdict = { ok: true } | { ok: false; reason: FileEndReason; message: string };

/**
 * When the file before it has at most this much left, a transfer opens its data connection, so both sides' next
 * connections pair while the bytes before them still flow: files stream back to back instead of waiting one round
 * trip each. Small, so an early connection seldom waits long; while it does, the file before it has not ended,
 * which keeps the pairing timeouts on both ends from running out.
 */
export const CONNECT_AHEAD_BYTES = 1024 * 1024;

export interface LinkTarget {
  host: string;
  port: number;
  timeoutMs: number;
  /** The data frame's credential for a token (a ticket on a TLS session). */
  credential: (token: string) => DataCredential;
}

/** Where a session's data connections go, how each identifies itself, and how long it may wait for its go-ahead. */
export function linkTarget(
  session: Pick<TransferSession, 'host' | 'port' | 'dataTicket'>,
  timing: Pick<TransferTiming, 'dataTimeoutMs'>,
): LinkTarget {
  return {
    host: session.host,
    port: session.port,
    timeoutMs: timing.dataTimeoutMs,
    credential: (token) => session.dataTicket(token),
  };
}

export class ActiveTransfer {
  private verdictValue: Verdict | undefined;
  /** When the verdict came (Date.now()). */
  private settledAt: number | undefined;
  private readonly waiters = new Set<(verdict: Verdict) => void>();
  link: DataLinkHandle | undefined;
  socket: Socket | undefined;
  /** The one-time data-connection token for our role. */
  token = '';
  /** Sender: the host's `file.progress` count for this transfer (bytes of the go-ahead's `length`), when it sends one. */
  onHostProgress: ((bytes: number) => void) | undefined;
  /** Open the data link with `reuseReads` (data-link.ts): a receiver whose reader copies what it keeps. */
  reuseReads = false;

  constructor(readonly info: TransferInfo) {}

  /**
   * This transfer's data connection, opened on the first call: early, while `previous` (the transfer before it in
   * the same offer) still runs, or when its turn comes. It does not time out waiting while `previous` has no verdict,
   * and then has a full `timeoutMs` from that verdict (pair-wait.ts).
   */
  connect({ host, port, timeoutMs, credential }: LinkTarget, previous?: ActiveTransfer): DataLinkHandle {
    const before = previous && {
      get open() {
        return !previous.verdict;
      },
      get endedAt() {
        return previous.settledAt;
      },
    };
    this.link ??= openDataLink(
      host,
      port,
      credential(this.token),
      timeoutMs,
      () => pairWaitLeft(before, timeoutMs),
      this.reuseReads,
    );
    return this.link;
  }

  /**
   * Opens the data connection ahead of this transfer's turn once `previous` has at most CONNECT_AHEAD_BYTES left to
   * move (`remaining`), unless this one already ended.
   */
  connectAhead(target: LinkTarget, previous: ActiveTransfer, remaining: number): void {
    if (remaining <= CONNECT_AHEAD_BYTES && !this.verdictValue) this.connect(target, previous);
  }

  get verdict(): Verdict | undefined {
    return this.verdictValue;
  }

  /** Records the host's (or the session's) word on this transfer and stops local work if it failed. */
  settle(verdict: Verdict): void {
    if (this.verdictValue) return;
    this.verdictValue = verdict;
    this.settledAt = Date.now();
    if (!verdict.ok) this.abort(verdict.message);
    for (const waiter of this.waiters) waiter(verdict);
    this.waiters.clear();
  }

  /**
   * Waits for the verdict; after `timeoutMs` settles it as `fallback` and calls `onFallback`, so the caller can tell
   * the host what it saw (the host may still believe the transfer is running, e.g. when only our data link broke).
   */
  waitVerdict(timeoutMs: number, fallback: Verdict, onFallback?: () => void): Promise<Verdict> {
    if (this.verdictValue) return Promise.resolve(this.verdictValue);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.verdictValue) return;
        this.settle(fallback);
        onFallback?.();
      }, timeoutMs);
      timer.unref();
      this.waiters.add((verdict) => {
        clearTimeout(timer);
        resolve(verdict);
      });
    });
  }

  abort(reason: string): void {
    this.link?.abort(reason);
    this.socket?.destroy();
  }
}
