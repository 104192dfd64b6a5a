/**
 * Host side of one transfer's bytes: pairs the sender's and the receiver's data connections, then relays exactly
 * `length` bytes from sender to receiver with backpressure (the sender is paused while more than 1 MiB waits in
 * the receiver's socket), so the host holds about 1 MiB per transfer and never touches its disk.
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { encodeFrame } from '../protocol/codec.js';
import type { DataReady, FileEndReason } from '../protocol/file-messages.js';
import { pairWaitLeft, type PreviousFile } from './pair-wait.js';
import { takeOverForBigReads, type BigReads } from './relay-reads.js';

/** Bytes the host lets wait in one receiver's socket before it pauses that sender. */
export const RELAY_BUFFER_BYTES = 1024 * 1024;

/** How often the host reports a transfer's progress to its sender (`file.progress`), while it grows. */
export const PROGRESS_INTERVAL_MS = 250;

export type DataRole = 'sender' | 'receiver';

export interface PipeEvents {
  /** Every byte reached the receiver's socket; the receiver will now verify. */
  relayed(): void;
  /**
   * `bytes` of `length` were passed on to the receiver's connection (written to its socket, not waiting in the
   * host); reported at most every PROGRESS_INTERVAL_MS while it grows, and once more when all were.
   */
  progress(bytes: number): void;
  /** The pipe broke; both sockets are already closed. */
  failed(reason: FileEndReason, message: string): void;
}

export interface PipeTiming {
  /** How long one side may wait for the other to connect. */
  pairTimeoutMs: number;
  /** How long the relay may make no progress before the transfer is given up. */
  stallTimeoutMs: number;
  /** After a data connection closes early, how long to wait for its side to say why before calling it a cut. */
  explainGraceMs: number;
}

/** One transfer's pair of data connections, as FileRelay sees it: relayed here (DataPipe) or in a child process. */
export interface Pipe {
  /** Whether either side's data connection has arrived. */
  readonly connected: boolean;
  attach(role: DataRole, socket: Socket, leftover: Buffer): void;
  /** Closes both connections without reporting anything (the transfer ended for another reason). */
  close(): void;
}

/**
 * `after`: the transfer before this one in the same offer; until it ended (relayed and reported by its receiver, or
 * failed), pairing does not time out, and it then has a full pairing timeout from that end.
 */
export type PipeFactory = (
  transfer: string,
  offset: number,
  length: number,
  events: PipeEvents,
  after?: string,
) => Pipe;

export class DataPipe implements Pipe, PreviousFile {
  /** When a pipe that had a connection closed (relayed and acknowledged, or failed). */
  endedAt: number | undefined;
  private sender: Socket | undefined;
  /** The sender's socket read into the pipe's own buffers (relay-reads.ts); else (TLS) its 'data' events. */
  private senderReads: BigReads | undefined;
  private receiver: Socket | undefined;
  private relayedBytes = 0;
  private started = false;
  private complete = false;
  private closed = false;
  private pairTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private reportedBytes = 0;
  private lastProgress = Date.now();

  constructor(
    readonly transfer: string,
    readonly offset: number,
    readonly length: number,
    private readonly events: PipeEvents,
    private readonly timing: PipeTiming,
    /**
     * The file before this one in the same offer. A client connects for the next file before the current one is
     * through (PROTOCOL.md, data connections, 5), and its receiver may still be writing it long after the host relayed
     * its last byte: until it ended, the wait is not a timeout (pair-wait.ts).
     */
    private readonly previous: () => PreviousFile | undefined = () => undefined,
  ) {}

  /**
   * Had a data connection and is not closed yet: its bytes are moving, or, relayed, its receiver has not reported it
   * (the host closes the pipe on `file.verified` or when the transfer ends).
   */
  get open(): boolean {
    return this.connected && !this.closed;
  }

  /** Whether either side's data connection has arrived. */
  get connected(): boolean {
    return this.sender !== undefined || this.receiver !== undefined;
  }

  /**
   * Call in the turn the socket was handed over (in the relay child or the host itself): a sender's socket is then
   * taken over to read into the pipe's own reused buffers (relay-reads.ts) before Node's socket reads anything, not
   * through a fresh buffer and a 'data' event per read (garbage that piled up to ~70 MiB in-process).
   */
  attach(role: DataRole, socket: Socket, leftover: Buffer): void {
    if (this.closed || (role === 'sender' ? this.sender : this.receiver)) {
      socket.destroy();
      return;
    }
    if (role === 'sender') {
      const big = leftover.length === 0 && !(socket instanceof TLSSocket) ? takeOverForBigReads(socket) : undefined;
      if (big) socket = big.socket;
      this.sender = socket;
      this.senderReads = big?.reads;
    } else this.receiver = socket;
    socket.setNoDelay(true);
    socket.on('error', () => undefined); // 'close' follows, and is handled there
    socket.once('close', () => this.onClose(role));
    if (leftover.length > 0) return this.fail('protocol', `the ${role} sent bytes before the host's go-ahead`);
    if (role === 'receiver') {
      socket.on('data', () => this.fail('protocol', 'the receiver sent bytes on its data connection'));
      socket.write(this.ready('receiver'));
      socket.resume();
    }
    if (this.sender && this.receiver) this.start();
    else this.pairTimer ??= this.waitForPair();
  }

  private waitForPair(ms = this.timing.pairTimeoutMs): NodeJS.Timeout {
    return setTimeout(() => {
      const more = pairWaitLeft(this.previous(), this.timing.pairTimeoutMs);
      if (more > 0) this.pairTimer = this.waitForPair(more);
      else
        this.fail('timeout', `the other side did not connect within ${Math.round(this.timing.pairTimeoutMs / 1000)} s`);
    }, ms);
  }

  /** Closes both connections without reporting anything (the transfer ended for another reason). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.connected) this.endedAt = Date.now();
    clearTimeout(this.pairTimer);
    clearTimeout(this.closeTimer);
    clearInterval(this.stallTimer);
    clearInterval(this.progressTimer);
    this.sender?.destroy();
    this.receiver?.destroy();
  }

  private ready(role: DataRole): Buffer {
    return encodeFrame({
      t: 'ok',
      transfer: this.transfer,
      role,
      offset: this.offset,
      length: this.length,
      ...(role === 'sender' ? { progress: true as const } : {}),
    } satisfies DataReady);
  }

  private start(): void {
    const sender = this.sender!;
    const receiver = this.receiver!;
    clearTimeout(this.pairTimer);
    this.started = true;
    this.lastProgress = Date.now();
    sender.write(this.ready('sender'));
    if (this.length === 0) return this.finish();
    /** One chunk of the sender's: relayed, or the pipe failed; false to stop reading until the receiver drains. */
    const relay = (chunk: Buffer, release?: () => void): boolean => {
      if (this.closed) return false;
      if (this.complete) {
        sender.destroy(); // more than offered after the last byte: cut the sender, the receiver has its file
        return false;
      }
      if (this.relayedBytes + chunk.length > this.length) {
        this.fail('protocol', `the sender sent more than the ${this.length} bytes offered`);
        return false;
      }
      this.relayedBytes += chunk.length;
      this.lastProgress = Date.now();
      receiver.write(chunk, release);
      if (this.relayedBytes === this.length) this.finish();
      // Our own bound instead of the socket's 16 KiB mark: fewer pause/resume turns, still bounded memory.
      return receiver.writableLength <= RELAY_BUFFER_BYTES;
    };
    receiver.on('drain', () => {
      this.lastProgress = Date.now();
      if (!this.closed) sender.resume();
    });
    if (this.senderReads) this.senderReads.start(relay);
    else {
      sender.on('data', (chunk: Buffer) => {
        if (!relay(chunk)) sender.pause();
      });
      sender.resume();
    }
    const every = Math.max(50, Math.floor(this.timing.stallTimeoutMs / 4));
    this.stallTimer = setInterval(() => {
      if (Date.now() - this.lastProgress > this.timing.stallTimeoutMs) {
        this.fail('timeout', `no progress for ${Math.round(this.timing.stallTimeoutMs / 1000)} s`);
      }
    }, every);
    this.stallTimer.unref();
    this.progressTimer = setInterval(() => this.report(), PROGRESS_INTERVAL_MS);
    this.progressTimer.unref();
  }

  /** Reports the bytes passed on to the receiver's socket, if more than last time. */
  private report(passedOn = this.relayedBytes - (this.receiver?.writableLength ?? 0)): void {
    if (this.closed || passedOn <= this.reportedBytes) return;
    this.reportedBytes = passedOn;
    this.events.progress(passedOn);
  }

  private finish(): void {
    this.complete = true;
    clearInterval(this.stallTimer);
    clearInterval(this.progressTimer);
    // The end goes out once every byte is written to the socket: then all of them were passed on.
    this.receiver?.end(() => this.report(this.length));
    this.events.relayed();
  }

  private onClose(role: DataRole): void {
    if (this.closed || this.complete || this.closeTimer) return;
    this.sender?.pause();
    const got = this.started ? ` after ${this.relayedBytes} of ${this.length} bytes` : ' before the transfer started';
    // A client that fails locally (disk full, unreadable file) closes its data connection and sends `file.cancel`
    // with the reason on its control connection; the two race. Wait briefly so the reason wins over "interrupted".
    this.closeTimer = setTimeout(
      () => this.fail('interrupted', `the ${role}'s data connection closed${got}`),
      this.timing.explainGraceMs,
    );
  }

  private fail(reason: FileEndReason, message: string): void {
    if (this.closed) return;
    this.close();
    this.events.failed(reason, message);
  }
}
