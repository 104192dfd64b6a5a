/**
 * A room's recent chat messages in memory: a ring of the last `capacity` records (room messages, whispers and 1:1
 * messages share it), filled at `room.on('message')`. It answers what a replay needs: the messages after an id, the
 * latest ones, whether anything asked for is gone, and who may see a private message (`visibleTo`). Turning records
 * into `msg` frames within a byte budget is `histEnvelopes`.
 */
import type { ChatMessage } from '../protocol/messages.js';
import type { MemberId } from './ids.js';
import { Envelope } from './member.js';
import type { MessageRecord } from './message-point.js';

export const DEFAULT_HISTORY = 1000;
export const MAX_HISTORY = 100_000;

/**
 * Most bytes of replayed frames queued at once for one connection (a login replay, or the messages held while
 * away): half a connection's hard queue bound, so a replay never makes its reader a slow consumer.
 */
export const REPLAY_BUDGET_BYTES = 512 * 1024;

/** Who is asking, for `visibleTo`: the connection's member id and, with a client certificate, its fingerprint. */
export interface Viewer {
  id: MemberId;
  fp?: string | undefined;
}

/**
 * Room messages are for everyone; a whisper or 1:1 message only for its two parties: the same connection, or the
 * same key (fingerprint) when both the party and the viewer have one.
 */
export function visibleTo(record: MessageRecord, viewer: Viewer): boolean {
  if (record.scope === 'room') return true;
  if (record.from === viewer.id || record.to === viewer.id) return true;
  return viewer.fp !== undefined && (record.fromFp === viewer.fp || record.toFp === viewer.fp);
}

export class RoomHistory {
  /** Oldest at `head` once full; before that, in order from index 0. */
  private readonly ring: MessageRecord[] = [];
  private head = 0;
  private newest = 0;
  private discarded = false;

  constructor(readonly capacity: number = DEFAULT_HISTORY) {
    if (!Number.isSafeInteger(capacity) || capacity < 0 || capacity > MAX_HISTORY)
      throw new RangeError(`history must be a whole number from 0 to ${MAX_HISTORY}, got ${String(capacity)}`);
  }

  add(record: MessageRecord): void {
    this.newest = record.mid;
    if (this.capacity === 0) {
      this.discarded = true;
      return;
    }
    if (this.ring.length < this.capacity) {
      this.ring.push(record);
      return;
    }
    this.ring[this.head] = record;
    this.head = (this.head + 1) % this.capacity;
    this.discarded = true;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The newest message id of this run, kept or not (0 before the first message). */
  get lastMid(): number {
    return this.newest;
  }

  /** True once any message of this run is no longer kept (the ring wrapped, or history is off). */
  get dropped(): boolean {
    return this.discarded;
  }

  /** True when every message with an id above `after` is still kept. */
  keepsAllAfter(after: number): boolean {
    if (after >= this.newest) return true;
    const oldest = this.ring[this.head];
    return oldest !== undefined && oldest.mid <= after + 1;
  }

  /** The kept records with an id above `after` that pass `keep`, oldest first. */
  since(after: number, keep: (record: MessageRecord) => boolean): MessageRecord[] {
    const found: MessageRecord[] = [];
    for (const record of this.newestFirst()) {
      if (record.mid <= after) break;
      if (keep(record)) found.push(record);
    }
    return found.reverse();
  }

  /** The latest `max` kept records that pass `keep`, oldest first. */
  latest(max: number, keep: (record: MessageRecord) => boolean): MessageRecord[] {
    const found: MessageRecord[] = [];
    if (max <= 0) return found;
    for (const record of this.newestFirst()) {
      if (keep(record)) found.push(record);
      if (found.length >= max) break;
    }
    return found.reverse();
  }

  private *newestFirst(): Generator<MessageRecord> {
    const size = this.ring.length;
    for (let i = size - 1; i >= 0; i--) yield this.ring[(this.head + i) % size]!;
  }
}

/** The `msg` a record was, marked as replayed. */
export function histMessage(record: MessageRecord): ChatMessage {
  const message: ChatMessage = {
    t: 'msg',
    mid: record.mid,
    ts: record.ts,
    from: record.fromNick,
    scope: record.scope,
    text: record.text,
    hist: true,
  };
  if (record.toNick !== undefined) message.to = record.toNick;
  return message;
}

/**
 * Replay envelopes for `records` (oldest first), keeping the newest ones whose frames fit in `budgetBytes`
 * together; `cut` is true when older ones were left out to stay within it.
 */
export function histEnvelopes(
  records: readonly MessageRecord[],
  budgetBytes: number,
): { envelopes: Envelope[]; cut: boolean } {
  const envelopes: Envelope[] = [];
  let bytes = 0;
  for (let i = records.length - 1; i >= 0; i--) {
    const envelope = new Envelope(histMessage(records[i]!));
    bytes += envelope.frame.length;
    if (bytes > budgetBytes) return { envelopes: envelopes.reverse(), cut: true };
    envelopes.push(envelope);
  }
  return { envelopes: envelopes.reverse(), cut: false };
}
