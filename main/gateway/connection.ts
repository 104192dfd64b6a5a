/**
 * One chat socket's state: a bounded outgoing queue written in batches (when, flush-scheduler.ts decides), byte
 * accounting and write progress for flow control, read pausing, and an orderly close. A message that would take the
 * queue over the hard bound is never skipped silently: the connection is dropped as a slow consumer instead.
 * Knows nothing about frames or the room.
 */
import type { Socket } from 'node:net';
import type { FlowConnection, FlowControl } from './backpressure.js';
import { consoleReporter, contained, type Reporter } from './contain.js';
import { FlushScheduler } from './flush-scheduler.js';
import { OutQueue, type Batch } from './out-queue.js';

/** What the owner of a connection (a session) hears from it. */
export interface ConnectionOwner {
  onData(chunk: Buffer): void;
  onClose(): void;
  /** Flow control decided this peer stopped reading; the owner says goodbye and the connection is destroyed. */
  onSlowConsumer(): void;
  /** Reading resumed after a push-back pause; the owner continues with input it held back. */
  onResume(): void;
}

const BATCH_BYTES = 64 * 1024;
const CLOSE_GRACE_MS = 2000;

/** Used when a connection is made without a scheduler of its own: flushes on every event-loop turn. */
const everyTurn = new FlushScheduler(0);

let nextConnectionId = 1;

export class Connection implements FlowConnection {
  readonly id = nextConnectionId++;
  readonly remoteAddress: string;
  queuedBytes = 0;
  lastProgressAt: number;
  lastReceivedAt: number;
  private readonly out = new OutQueue();
  private owner: ConnectionOwner | undefined;
  private readPaused = false;
  private closing = false;
  private closedNow = false;
  private overflowed = false;
  /** Already handed to the flush scheduler for its next batch (one hand-over per batch, not one per message). */
  private flushPending = false;
  /** Batches handed to the socket and not yet taken by the kernel. */
  private writing = 0;

  constructor(
    readonly socket: Socket,
    private readonly flow: FlowControl,
    private readonly report: Reporter = consoleReporter,
    private readonly flusher: FlushScheduler = everyTurn,
    private readonly now: () => number = Date.now,
  ) {
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.lastProgressAt = now();
    this.lastReceivedAt = now();
    socket.setNoDelay(true);
  }

  /** Starts delivering input to `owner`, beginning with bytes the transport already read. */
  attach(owner: ConnectionOwner, leftover: Buffer): void {
    this.owner = owner;
    this.flow.register(this);
    this.socket.on('data', (chunk: Buffer) => {
      this.lastReceivedAt = this.now();
      this.guard('input', () => owner.onData(chunk));
    });
    this.socket.once('close', () => this.guard('close', () => this.handleClose()));
    // The peer half-closed (`printf ... | nc`): Node ends our side right after this event, so write what its last
    // lines produced first. prependListener runs before Node's own 'end' handler.
    this.socket.prependListener('end', () => this.write());
    if (this.socket.destroyed) {
      queueMicrotask(() => this.handleClose());
      return;
    }
    // Flow control may have paused this connection as it registered.
    if (!this.readPaused) this.socket.resume();
    if (leftover.length > 0) this.input(leftover);
  }

  /** Outside attach(), so that the socket's listeners do not keep the first bytes alive with attach's scope. */
  private input(leftover: Buffer): void {
    this.guard('input', () => this.owner?.onData(leftover));
  }

  get closed(): boolean {
    return this.closedNow || this.closing;
  }

  get readingPaused(): boolean {
    return this.readPaused;
  }

  /**
   * Queues bytes. Returns false when they were not queued: the connection is closing, or they would take it over
   * its hard bound while it is not reading (flow control's judgement), in which case it is dropped as a slow
   * consumer right after the caller's turn (a broadcast may be looping over the room); nothing more is queued for
   * it meanwhile, and its `bye` tells it it missed messages. A connection that is reading is never dropped: it is
   * queued anyway and holds the senders back. `shared`: a broadcast in its room's arena (Envelope.inArena).
   */
  send(bytes: Buffer, shared = false): boolean {
    if (this.closing || this.closedNow || this.overflowed) return false;
    if (this.queuedBytes + bytes.length > this.flow.options.hardBytes && this.flow.stalled(this)) {
      this.overflowed = true;
      queueMicrotask(() => this.dropSlowConsumer());
      return false;
    }
    if (this.queuedBytes === 0) this.lastProgressAt = this.now();
    this.out.push(bytes, this.queuedBytes, shared);
    this.queuedBytes += bytes.length;
    if (!this.flushPending) {
      this.flushPending = true;
      this.flusher.add(this);
    }
    this.flow.queued(this);
    return true;
  }

  /**
   * Writes queued bytes to the socket in batches of at most BATCH_BYTES (one write, or one writev of a few pieces:
   * nothing is copied again); each batch reports its own progress. While the socket still holds an earlier write,
   * the bytes wait here instead, where a run of broadcasts is one region of the room's slab, not a write request
   * and its bookkeeping per flush that the socket would keep until its reader catches up (in a join storm, 5,000
   * such lagging sockets filled V8's old generation); the write's completion flushes them, together.
   */
  flush(): void {
    this.flushPending = false;
    if (this.writing === 0) this.write();
  }

  private write(): void {
    if (this.out.empty || this.socket.destroyed) return;
    for (const batch of this.out.take(BATCH_BYTES)) {
      const done = (error?: Error | null): void => this.written(batch, !error);
      const { regions } = batch;
      this.writing++;
      if (regions.length === 1) {
        this.socket.write(regions[0]!, done);
        continue;
      }
      this.socket.cork();
      for (let i = 0; i < regions.length - 1; i++) this.socket.write(regions[i]!);
      this.socket.write(regions[regions.length - 1]!, done);
      this.socket.uncork();
    }
  }

  pauseReading(): void {
    if (this.readPaused) return;
    this.readPaused = true;
    this.socket.pause();
  }

  resumeReading(): void {
    if (!this.readPaused) return;
    this.readPaused = false;
    if (!this.closedNow) this.socket.resume();
    this.guard('resume', () => this.owner?.onResume());
  }

  dropSlowConsumer(): void {
    if (this.closing || this.closedNow) return;
    this.guard('slow consumer', () => this.owner?.onSlowConsumer());
    if (!this.closing) this.destroy();
  }

  /** Sends what is queued plus `last` (if any, ignoring the bounds), then closes; destroys after a grace period. */
  close(last?: Buffer): void {
    if (this.closing || this.closedNow) return;
    if (last) {
      this.out.push(last, this.queuedBytes);
      this.queuedBytes += last.length;
    }
    this.write(); // all of it before the end, behind what the socket holds
    this.closing = true;
    // A closing connection no longer holds senders back.
    this.flow.unregister(this);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  destroy(): void {
    this.closing = true;
    this.socket.destroy();
  }

  /** Runs owner code; if it throws, this connection (only) is destroyed. */
  private guard(where: string, run: () => void): void {
    contained(this.report, `${where} from ${this.remoteAddress}`, run, () => this.socket.destroy());
  }

  private written(batch: Batch, ok: boolean): void {
    this.writing--;
    this.out.done(batch, ok);
    this.queuedBytes -= batch.bytes;
    this.lastProgressAt = this.now();
    this.flow.drained(this);
    if (this.writing === 0 && !this.flushPending && !this.out.empty) {
      this.flushPending = true;
      this.flusher.add(this);
    }
  }

  private handleClose(): void {
    if (this.closedNow) return;
    this.closedNow = true;
    this.closing = true;
    this.flusher.delete(this);
    this.out.clear();
    this.flow.unregister(this);
    this.owner?.onClose();
  }
}
