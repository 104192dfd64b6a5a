/**
 * Main → renderer event delivery. Events wait in a bounded queue until the renderer says it is ready (`app.ready`),
 * so nothing emitted during start-up is lost; transfer progress is coalesced per transfer and sent at most every
 * `progressIntervalMs` (about 10 a second) as one batch. Events emitted in one turn (every message of one socket
 * read) leave together, in order, in batches of at most EVENT_BATCH_MAX: one IPC message and one renderer task per
 * batch instead of per event (bench:ui: 100,000 arriving messages had cost the page ~110 µs of task overhead each).
 */
import type { BridgeEvent, EventBatch, EventName, EventPayload, TransferProgress } from '@contract/ipc-contract';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
/** Where batches go: the window's page (electron/ipc.ts) or the browser-mode WebSocket. */
export type EventBatchSink = (events: EventBatch) => void;

export const EVENT_BATCH_MAX = 256;

export const MAX_QUEUED_EVENTS = 10_000;

export class EventOutbox {
  private ready = false;
  private queue: BridgeEvent[] = [];
  /** Emitted while ready, leaving at the end of this turn (a microtask), so the turn's events go together. */
  private pending: BridgeEvent[] = [];
  private flushQueued = false;
  private progress = new Map<string, TransferProgress>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly sink: EventBatchSink,
    private readonly progressIntervalMs = 100,
  ) {}

  /** The renderer is listening: deliver everything queued, in order. */
  markReady(): void {
    if (this.ready || this.closed) return;
    this.ready = true;
    this.pending = this.queue;
    this.queue = [];
    this.flush();
    if (this.progress.size > 0) this.scheduleProgress();
  }

  /** A reload: what this turn emitted goes to the page it was emitted for; the rest queues until the new one is ready. */
  markNotReady(): void {
    this.flush();
    this.ready = false;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.closed) return;
    if (event === 'transfer.progress') {
      for (const item of (payload as EventPayload<'transfer.progress'>).items) this.progress.set(item.transferId, item);
      if (this.ready) this.scheduleProgress();
      return;
    }
    if (event === 'transfer.update') {
      // A state change makes any pending progress of that transfer stale; send the update in order instead.
      this.progress.delete((payload as EventPayload<'transfer.update'>).transferId);
    }
    const item = { event, payload } as BridgeEvent;
    if (this.ready) {
      this.send(item);
      return;
    }
    this.queue.push(item);
    if (this.queue.length > MAX_QUEUED_EVENTS) this.queue.shift();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
    this.pending = [];
    this.progress.clear();
  }

  private send(item: BridgeEvent): void {
    this.pending.push(item);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  private flush(): void {
    const events = this.pending;
    this.pending = [];
    if (this.closed) return;
    for (let at = 0; at < events.length; at += EVENT_BATCH_MAX) this.sink(events.slice(at, at + EVENT_BATCH_MAX));
  }

  private scheduleProgress(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.ready || this.closed || this.progress.size === 0) return;
      const items = [...this.progress.values()];
      this.progress.clear();
      this.send({ event: 'transfer.progress', payload: { items } });
    }, this.progressIntervalMs);
  }
}
