/**
 * Main → renderer event delivery. Events wait in a bounded queue until the renderer says it is ready (`app.ready`),
 * so nothing emitted during start-up is lost; transfer progress is coalesced per transfer and sent at most every
 * `progressIntervalMs` (about 10 a second) as one batch.
 */
import type { EventName, EventPayload, TransferProgress } from '@contract/ipc-contract';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export const MAX_QUEUED_EVENTS = 10_000;

export class EventOutbox {
  private ready = false;
  private queue: { event: EventName; payload: unknown }[] = [];
  private progress = new Map<string, TransferProgress>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly sink: EventSink,
    private readonly progressIntervalMs = 100,
  ) {}

  /** The renderer is listening: deliver everything queued, in order. */
  markReady(): void {
    if (this.ready || this.closed) return;
    this.ready = true;
    const queued = this.queue;
    this.queue = [];
    for (const { event, payload } of queued) this.sink(event, payload as never);
    if (this.progress.size > 0) this.scheduleProgress();
  }

  /** A reload: queue again until the new page is ready. */
  markNotReady(): void {
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
    if (this.ready) {
      this.sink(event, payload);
      return;
    }
    this.queue.push({ event, payload });
    if (this.queue.length > MAX_QUEUED_EVENTS) this.queue.shift();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
    this.progress.clear();
  }

  private scheduleProgress(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.ready || this.closed || this.progress.size === 0) return;
      const items = [...this.progress.values()];
      this.progress.clear();
      this.sink('transfer.progress', { items });
    }, this.progressIntervalMs);
  }
}
