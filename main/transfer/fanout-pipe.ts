/**
 * Host side of one file of a group offer: reads the sender's single upload once and fans the bytes out to every
 * receiver who accepted, each at its own pace. The bytes read but not yet handed to every receiver stay in a shared
 * window (fanout-window.ts: reused slabs, one copy for all receivers), at most `windowBytes`: while the slowest
 * receiver is that far behind, the host stops reading the sender. A receiver that keeps the others waiting so for
 * `lagGraceMs` in all (reset once it is back within half the window) is cut with `lagging`; the rest go on.
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { encodeFrame } from '../protocol/codec.js';
import type { DataReady, FileEndReason } from '../protocol/file-messages.js';
import { FanoutWindow } from './fanout-window.js';
import { pairWaitLeft, type PreviousFile } from './pair-wait.js';
import type { PipeTiming } from './relay-pipe.js';
import { takeOverForBigReads, type BigReads } from './relay-reads.js';

/** Default window: bytes of one file the host keeps for receivers behind the fastest. */
export const RELAY_WINDOW_BYTES = 16 * 1024 * 1024;

/** Bytes queued in one receiver's socket before the host waits for its 'drain'. */
const RECEIVER_QUEUE_BYTES = 256 * 1024;
/** Most bytes handed to a receiver's socket in one write. */
const WRITE_BYTES = 64 * 1024;
/** One read of the upload at most (net's own read size, so the window overshoots by no more than before). */
const UPLOAD_READ_BYTES = 64 * 1024;
const LAG_TICK_MS = 100;

export interface FanoutTiming extends PipeTiming {
  /** Bytes read from the sender that the host keeps for receivers still behind. Default 16 MiB. */
  windowBytes: number;
  /** How long, in all, a receiver may hold the window full before it is cut (`lagging`). Default 3 s. */
  lagGraceMs: number;
}

export interface FanoutEvents {
  /** Every byte reached this receiver's socket; it will now verify. */
  relayed(transfer: string): void;
  /** This receiver's part ended (its socket is closed); the others go on. */
  failed(transfer: string, reason: FileEndReason, message: string): void;
  /** The upload itself broke: every receiver still in it has been dropped. */
  uploadFailed(reason: FileEndReason, message: string): void;
}

interface Seat {
  transfer: string;
  socket: Socket | undefined;
  /** Bytes handed to its socket, and bytes its socket has flushed (the window keeps those in between). */
  pos: number;
  flushed: number;
  heldMs: number;
  closeTimer?: NodeJS.Timeout;
}

export class FanoutPipe {
  /** Bytes read from the sender's data connection (the figure the sender's wire cost is checked against). */
  bytesFromSender = 0;
  /** Most bytes the window ever held at once (read from the sender, not yet handed to every receiver). */
  peakWindowBytes = 0;
  private sender: Socket | undefined;
  private senderReads: BigReads | undefined;
  private readonly seats = new Map<string, Seat>();
  /** Receivers that had every byte handed to their socket but whose socket has not flushed it all yet. */
  private readonly draining = new Set<Seat>();
  private readonly window = new FanoutWindow();
  private started = false;
  private closed = false;
  private senderDone = false;
  private paused = false;
  private pairTimer: NodeJS.Timeout | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private senderCloseTimer: NodeJS.Timeout | undefined;
  private lastProgress = Date.now();

  constructor(
    readonly upload: string,
    readonly length: number,
    private readonly events: FanoutEvents,
    private readonly timing: FanoutTiming,
    /**
     * The file before this one in the same offer: until every receiver of it is done (verified or ended), pairing
     * waits, and then a full pairing timeout from that end (pair-wait.ts).
     */
    private readonly previous: () => PreviousFile | undefined = () => undefined,
    /** Whether the consent phase is over (no receiver joins after that); until then nothing starts. */
    private readonly settled: () => boolean = () => true,
  ) {}

  /** Memory the window's slabs took at most (the window, plus what receivers' sockets still had queued). */
  get peakBufferedBytes(): number {
    return this.window.peakAllocatedBytes;
  }

  get connected(): boolean {
    return this.sender !== undefined || [...this.seats.values()].some((s) => s.socket !== undefined);
  }

  /** The sender's upload connection has arrived (its pairing wait then runs). */
  get uploadBegun(): boolean {
    return this.sender !== undefined;
  }

  get moving(): boolean {
    return !this.closed && (!this.senderDone || [...this.seats.values()].some((s) => s.pos < this.length));
  }

  addReceiver(transfer: string): void {
    if (!this.started && !this.closed)
      this.seats.set(transfer, { transfer, socket: undefined, pos: 0, flushed: 0, heldMs: 0 });
  }

  /** Takes a receiver out (its transfer ended for another reason); its socket is closed. */
  drop(transfer: string): void {
    const seat = this.seats.get(transfer);
    if (!seat) return;
    this.seats.delete(transfer);
    clearTimeout(seat.closeTimer);
    seat.socket?.destroy();
    if (this.closed) return;
    if (this.seats.size === 0 && this.settled()) return this.close();
    if (this.started) this.afterProgress();
    else this.maybeStart();
  }

  attachSender(socket: Socket, leftover: Buffer): void {
    if (this.closed || this.sender) return void socket.destroy();
    // Read into one reused buffer (relay-reads.ts) instead of a fresh one per read: with 'data' events, every relayed
    // byte became garbage the collector let pile up to 64 MB beyond the window (docs/PERFORMANCE.md).
    const big =
      leftover.length === 0 && !(socket instanceof TLSSocket)
        ? takeOverForBigReads(socket, UPLOAD_READ_BYTES)
        : undefined;
    if (big) {
      socket = big.socket;
      this.senderReads = big.reads;
    }
    this.sender = socket;
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.pause();
    socket.once('close', () => this.senderClosed());
    if (leftover.length > 0) return this.failUpload('protocol', "the sender sent bytes before the host's go-ahead");
    this.pairTimer ??= this.waitForPair();
    this.maybeStart();
  }

  attachReceiver(transfer: string, socket: Socket, leftover: Buffer): void {
    const seat = this.seats.get(transfer);
    if (this.closed || !seat || seat.socket) return void socket.destroy();
    seat.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.once('close', () => this.receiverClosed(seat));
    if (leftover.length > 0) return this.failSeat(seat, 'protocol', 'the receiver sent bytes on its data connection');
    socket.on('data', () => this.failSeat(seat, 'protocol', 'the receiver sent bytes on its data connection'));
    socket.on('drain', () => this.pump(seat));
    this.maybeStart();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of [this.pairTimer, this.lagTimer, this.stallTimer, this.senderCloseTimer]) clearTimeout(timer);
    clearInterval(this.lagTimer);
    clearInterval(this.stallTimer);
    this.sender?.destroy();
    for (const seat of this.seats.values()) {
      clearTimeout(seat.closeTimer);
      seat.socket?.destroy();
    }
    this.draining.clear();
    this.window.clear();
  }

  private ready(role: 'sender' | 'receiver', transfer: string): Buffer {
    return encodeFrame({ t: 'ok', transfer, role, offset: 0, length: this.length } satisfies DataReady);
  }

  private waitForPair(ms = this.timing.pairTimeoutMs): NodeJS.Timeout {
    return setTimeout(() => {
      this.pairTimer = undefined;
      if (this.started || this.closed) return;
      const more = this.settled()
        ? pairWaitLeft(this.previous(), this.timing.pairTimeoutMs)
        : this.timing.pairTimeoutMs;
      if (more > 0) {
        this.pairTimer = this.waitForPair(more);
        return;
      }
      const seconds = Math.round(this.timing.pairTimeoutMs / 1000);
      if (!this.sender) return this.failUpload('timeout', `the sender did not connect within ${seconds} s`);
      for (const seat of [...this.seats.values()]) {
        if (!seat.socket) this.failSeat(seat, 'timeout', `the receiver did not connect within ${seconds} s`);
      }
      this.maybeStart();
    }, ms);
  }

  private maybeStart(): void {
    if (this.started || this.closed || !this.sender || !this.settled()) return;
    if (this.seats.size === 0) return this.close();
    if ([...this.seats.values()].some((seat) => !seat.socket)) return;
    this.start(this.sender);
  }

  private start(sender: Socket): void {
    clearTimeout(this.pairTimer);
    this.started = true;
    this.lastProgress = Date.now();
    for (const seat of this.seats.values()) {
      seat.socket!.write(this.ready('receiver', seat.transfer));
      seat.socket!.resume();
    }
    sender.write(this.ready('sender', this.upload));
    if (this.length === 0) {
      this.senderDone = true;
      for (const seat of [...this.seats.values()]) this.pump(seat);
      return;
    }
    if (this.senderReads) {
      this.senderReads.start((chunk, release) => {
        this.fromSender(chunk); // copied into the window
        release();
        return !this.paused && !this.closed;
      });
    } else {
      sender.on('data', (chunk: Buffer) => this.fromSender(chunk));
      sender.resume();
    }
    const every = Math.max(50, Math.floor(this.timing.stallTimeoutMs / 4));
    this.stallTimer = setInterval(() => {
      if (Date.now() - this.lastProgress > this.timing.stallTimeoutMs) {
        this.failUpload('timeout', `no progress for ${Math.round(this.timing.stallTimeoutMs / 1000)} s`);
      }
    }, every);
    this.stallTimer.unref();
  }

  private head(): number {
    return this.bytesFromSender;
  }

  /** Bytes before this position are no longer needed by any receiver's socket. */
  private flushedLow(): number {
    let low = this.head();
    for (const seat of this.seats.values()) low = Math.min(low, seat.flushed);
    for (const seat of this.draining) low = Math.min(low, seat.flushed);
    return low;
  }

  private fromSender(chunk: Buffer): void {
    if (this.closed) return;
    if (this.senderDone) return void this.sender?.destroy();
    if (this.bytesFromSender + chunk.length > this.length) {
      return this.failUpload('protocol', `the sender sent more than the ${this.length} bytes offered`);
    }
    this.window.append(chunk);
    this.bytesFromSender += chunk.length;
    this.lastProgress = Date.now();
    if (this.bytesFromSender === this.length) this.senderDone = true;
    for (const seat of [...this.seats.values()]) this.pump(seat);
    this.afterProgress();
  }

  /** Hands a receiver what it has not had yet, up to its socket's queue bound. */
  private pump(seat: Seat): void {
    const socket = seat.socket;
    if (this.closed || !this.started || !socket || socket.destroyed || !this.seats.has(seat.transfer)) return;
    let moved = false;
    while (seat.pos < this.head() && socket.writableLength < RECEIVER_QUEUE_BYTES) {
      const piece = this.window.view(seat.pos, WRITE_BYTES);
      socket.write(piece, () => this.flushedTo(seat, piece.length));
      seat.pos += piece.length;
      moved = true;
    }
    if (moved) this.lastProgress = Date.now();
    if (this.head() - seat.pos < this.timing.windowBytes / 2) seat.heldMs = 0;
    if (seat.pos === this.length && this.seats.has(seat.transfer)) {
      this.seats.delete(seat.transfer);
      if (seat.flushed < seat.pos) this.draining.add(seat);
      socket.end();
      this.events.relayed(seat.transfer);
    }
    if (moved) this.afterProgress();
  }

  /** A write's callback: its bytes left the process (or its socket was destroyed); their slab may be reused. */
  private flushedTo(seat: Seat, bytes: number): void {
    seat.flushed += bytes;
    if (seat.flushed >= seat.pos) this.draining.delete(seat);
    if (!this.closed) this.window.release(this.flushedLow());
  }

  /** Drops chunks every receiver has had; pauses or resumes the sender on the window. */
  private afterProgress(): void {
    if (this.closed || !this.started) return;
    const low = Math.min(this.head(), ...[...this.seats.values()].map((s) => s.pos));
    this.window.release(this.flushedLow());
    this.peakWindowBytes = Math.max(this.peakWindowBytes, this.head() - low);
    if (this.seats.size === 0) {
      if (this.senderDone) this.close();
      else this.failUpload('cancelled', 'nobody is receiving this file any more');
      return;
    }
    if (this.senderDone) return;
    if (this.head() - low >= this.timing.windowBytes) this.pauseSender();
    else this.resumeSender();
  }

  private pauseSender(): void {
    if (this.paused) return;
    this.paused = true;
    this.sender?.pause();
    let last = Date.now();
    this.lagTimer = setInterval(() => {
      const now = Date.now();
      const elapsed = now - last;
      last = now;
      for (const seat of [...this.seats.values()]) {
        if (this.head() - seat.pos < this.timing.windowBytes) continue;
        seat.heldMs += elapsed;
        if (seat.heldMs >= this.timing.lagGraceMs) {
          const mib = Math.round(this.timing.windowBytes / 2 ** 20);
          this.failSeat(seat, 'lagging', `the receiver fell more than ${mib} MiB behind the others.`);
        }
      }
    }, LAG_TICK_MS);
    this.lagTimer.unref();
  }

  private resumeSender(): void {
    if (!this.paused) return;
    this.paused = false;
    clearInterval(this.lagTimer);
    this.sender?.resume();
  }

  private senderClosed(): void {
    if (this.closed || this.senderDone) return;
    this.senderCloseTimer = setTimeout(
      () => this.failUpload('interrupted', `the sender's data connection closed after ${this.head()} bytes`),
      this.timing.explainGraceMs,
    );
  }

  private receiverClosed(seat: Seat): void {
    this.draining.delete(seat);
    if (this.closed || !this.seats.has(seat.transfer) || seat.pos === this.length) return;
    const got = this.started ? ` after ${seat.pos} of ${this.length} bytes` : ' before the transfer started';
    this.seats.delete(seat.transfer);
    if (this.started) this.afterProgress();
    seat.closeTimer = setTimeout(
      () => this.events.failed(seat.transfer, 'interrupted', `the receiver's data connection closed${got}`),
      this.timing.explainGraceMs,
    );
    this.maybeStart();
  }

  private failSeat(seat: Seat, reason: FileEndReason, message: string): void {
    if (!this.seats.has(seat.transfer)) return;
    this.seats.delete(seat.transfer);
    seat.socket?.destroy();
    this.events.failed(seat.transfer, reason, message);
    if (!this.closed && this.started) this.afterProgress();
  }

  private failUpload(reason: FileEndReason, message: string): void {
    if (this.closed) return;
    this.close();
    this.events.uploadFailed(reason, message);
  }
}
