/**
 * The session's outbox: every `say` and `whisper` goes through it, with a client message id (`cid`) the host
 * de-duplicates, so nothing typed is lost or posted twice. Messages are sent one at a time, in order, while the
 * session is connected, paced under the room's rate limit (`welcome.limits.rate`); a message whose connection dropped
 * before its answer stays `sending` and is sent again after the next login; `rate_limited` waits `retryAfterMs` and
 * tries again. A refusal (banned word, no such user…) makes it `failed` until `retry` or `discard`. Messages still
 * unsent after `offlineMs` without a connection, or when the session closes, fail with `offline`.
 */
import { randomBytes } from 'node:crypto';
import type { Results } from '../protocol/messages.js';
import { ConnectionError, ProtocolError, asSessionError, type SessionError } from './errors.js';
import { Pacer } from './pacer.js';

export type OutboxState = 'sending' | 'sent' | 'failed';

export type OutboxMessage =
  { kind: 'say'; text: string; scope?: 'room' | 'dm' } | { kind: 'whisper'; to: string; text: string };

/** A message's state change (the session's `outbox` event), and what `items()` lists. */
export type OutboxEvent = OutboxMessage & {
  cid: string;
  state: OutboxState;
  /** Once `sent`: the message id the host gave it. */
  mid?: number;
  /** Once `failed`: why (ProtocolError from the host, or ConnectionError `offline`). */
  error?: SessionError;
};

/** What the outbox needs of its session. */
export interface OutboxLink {
  /** Logged in: requests may be sent now. */
  connected(): boolean;
  send(message: OutboxMessage, cid: string): Promise<Results['say']>;
  /** The room's rate limit (from the welcome), if it has one. */
  rate(): { perSec: number; burst: number } | undefined;
  emit(event: OutboxEvent): void;
}

/** How long messages wait for a connection before they fail with `offline`. */
export const OUTBOX_OFFLINE_MS = 10 * 60_000;
/** The wait after `rate_limited` when the host says nothing more precise. */
const DEFAULT_RETRY_MS = 1000;
/** The pause before resending after a request failed on a connection that still looks up. */
const RESEND_PAUSE_MS = 250;

/** A fresh client message id: 16 random bytes in base64url (22 characters). */
export function newClientId(): string {
  return randomBytes(16).toString('base64url');
}

interface Entry {
  cid: string;
  message: OutboxMessage;
  state: OutboxState;
  mid?: number;
  error?: SessionError;
  inFlight: boolean;
  resolve: (result: Results['say']) => void;
  reject: (error: SessionError) => void;
}

export class Outbox {
  /** In send order (a retried message moves to the end). */
  private readonly entries = new Map<string, Entry>();
  private pumping = false;
  private pacer: Pacer | undefined;
  private offlineTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped: SessionError | undefined;
  private wake: (() => void) | undefined;
  private readonly idleWaiters = new Set<() => void>();

  constructor(
    private readonly link: OutboxLink,
    private readonly offlineMs = OUTBOX_OFFLINE_MS,
  ) {}

  /** Messages not yet sent (state `sending`). */
  get pending(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.state === 'sending') count++;
    return count;
  }

  /** Messages sending or failed, in send order. */
  items(): OutboxEvent[] {
    return [...this.entries.values()].map(snapshot);
  }

  /** Queues a message. Resolves with its `mid` once the host posted it; rejects once it failed. */
  add(message: OutboxMessage, cid: string = newClientId()): Promise<Results['say']> {
    if (this.entries.has(cid))
      return Promise.reject(new ProtocolError('bad_request', `The message id ${cid} is already in the outbox.`));
    let settle: Pick<Entry, 'resolve' | 'reject'> | undefined;
    const promise = new Promise<Results['say']>((resolve, reject) => (settle = { resolve, reject }));
    promise.catch(() => undefined); // a caller that only follows the events need not handle it
    const entry: Entry = { cid, message, state: 'sending', inFlight: false, ...settle! };
    this.entries.set(cid, entry);
    if (this.stopped) this.fail(entry, this.stopped);
    else {
      this.link.emit(snapshot(entry));
      this.kick();
    }
    return promise;
  }

  /** Sends a failed message again (after the others waiting). False when there is no failed message `cid`. */
  retry(cid: string): boolean {
    const entry = this.entries.get(cid);
    if (!entry || entry.state !== 'failed') return false;
    this.entries.delete(cid);
    this.entries.set(cid, entry);
    if (this.stopped) {
      this.fail(entry, this.stopped);
      return true;
    }
    entry.state = 'sending';
    delete entry.error;
    this.link.emit(snapshot(entry));
    this.kick();
    return true;
  }

  /**
   * Forgets a failed message, or one still waiting to be sent (its promise rejects with `discarded`). False when
   * there is no such message, or it is on its way to the host right now (it may be posted).
   */
  discard(cid: string): boolean {
    const entry = this.entries.get(cid);
    if (!entry || entry.inFlight) return false;
    this.entries.delete(cid);
    if (entry.state === 'sending') {
      entry.state = 'failed';
      entry.reject(new ConnectionError('discarded', 'The message was deleted before it was sent.'));
    }
    this.notifyIdle();
    return true;
  }

  /** Resolves once no message is waiting to be sent (failed ones do not count). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  /** The session logged in (again): send what waits, paced for this connection's rate limit. */
  resume(): void {
    if (this.stopped) return;
    clearTimeout(this.offlineTimer);
    this.offlineTimer = undefined;
    const rate = this.link.rate();
    // The login took one token of the host's bucket.
    this.pacer = rate ? new Pacer(rate.perSec, Math.max(1, rate.burst - 1)) : undefined;
    this.wake?.();
    this.kick();
  }

  /** The session closed for good: everything unsent fails with `error` (and so does anything added later). */
  stop(error: SessionError): void {
    if (this.stopped) return;
    this.stopped = error;
    clearTimeout(this.offlineTimer);
    this.wake?.();
    for (const entry of [...this.entries.values()]) if (entry.state === 'sending') this.fail(entry, error);
  }

  private kick(): void {
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (let entry = this.head(); entry; entry = this.head()) {
        if (this.stopped) return;
        if (!this.link.connected()) return this.waitForConnection();
        const wait = this.pacer?.msUntilNext() ?? 0;
        if (wait > 0) {
          await this.sleep(wait);
          continue;
        }
        this.pacer?.take();
        entry.inFlight = true;
        let outcome: { result: Results['say'] } | { error: SessionError };
        try {
          outcome = { result: await this.link.send(entry.message, entry.cid) };
        } catch (caught) {
          outcome = { error: asSessionError(caught) };
        } finally {
          entry.inFlight = false;
        }
        if (entry.state !== 'sending' || this.entries.get(entry.cid) !== entry) continue;
        if ('result' in outcome) {
          this.sent(entry, outcome.result);
          continue;
        }
        const { error } = outcome;
        if (error instanceof ConnectionError) {
          // The connection dropped (or the host did not answer): the same cid is sent again once it is back.
          if (this.link.connected()) await this.sleep(RESEND_PAUSE_MS);
        } else if (error.code === 'rate_limited') {
          this.pacer?.empty();
          const perSec = this.link.rate()?.perSec;
          await this.sleep(error.retryAfterMs ?? (perSec ? Math.ceil(1000 / perSec) : DEFAULT_RETRY_MS));
        } else {
          this.fail(entry, error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** The first message waiting to be sent. */
  private head(): Entry | undefined {
    for (const entry of this.entries.values()) if (entry.state === 'sending') return entry;
    return undefined;
  }

  private waitForConnection(): void {
    this.offlineTimer ??= setTimeout(() => {
      this.offlineTimer = undefined;
      const minutes = Math.round(this.offlineMs / 60_000);
      const error = new ConnectionError(
        'offline',
        `Not sent: no connection to the room for ${minutes >= 1 ? `${minutes} min` : `${Math.round(this.offlineMs / 1000)} s`}.`,
      );
      for (const entry of [...this.entries.values()])
        if (entry.state === 'sending' && !entry.inFlight) this.fail(entry, error);
    }, this.offlineMs);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private sent(entry: Entry, result: Results['say']): void {
    entry.state = 'sent';
    entry.mid = result.mid;
    this.entries.delete(entry.cid);
    this.link.emit(snapshot(entry));
    entry.resolve(result);
    this.notifyIdle();
  }

  private fail(entry: Entry, error: SessionError): void {
    entry.state = 'failed';
    entry.error = error;
    this.link.emit(snapshot(entry));
    entry.reject(error);
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.idleWaiters.size === 0 || this.pending > 0) return;
    for (const resolve of [...this.idleWaiters]) resolve();
    this.idleWaiters.clear();
  }
}

function snapshot(entry: Entry): OutboxEvent {
  return {
    ...entry.message,
    cid: entry.cid,
    state: entry.state,
    ...(entry.mid === undefined ? {} : { mid: entry.mid }),
    ...(entry.error === undefined ? {} : { error: entry.error }),
  };
}
