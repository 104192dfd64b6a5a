/**
 * A raw, lean framed-protocol client for the load generator: speaks the wire protocol directly (preamble, hello,
 * login, say), splits frames incrementally without copying whole chunks, and hands `msg` frames to the benchmark
 * as offsets into a latin1 view of the chunk (one native conversion per chunk; bytes map 1:1 to characters), so that
 * millions of deliveries can be checked with native string search instead of JSON.parse or byte loops.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Identity } from '../main/security/identity.js';
import { clientTlsOptions } from '../main/security/tls-options.js';
import { encodeFrame, type FrameObject } from '../main/protocol/codec.js';
import { PREAMBLE, PROTOCOL_VERSION } from '../main/protocol/limits.js';
import { nowUs } from './stats.js';
import { sourceAddress } from './source-address.js';

const HEADER = 4;
/** Larger than the protocol's 16 KiB so that an oversized server frame is observed rather than fatal here. */
const MAX_ACCEPTED_FRAME = 4 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 60_000;
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export interface DeliveryHandler {
  /**
   * A `msg` frame: its JSON payload is raw[start, end), one character per byte (latin1), so offsets are byte
   * offsets and ASCII compares as itself.
   */
  onMsg(client: LoadClient, raw: string, start: number, end: number, recvUs: number): void;
  /** Any other event the client does not handle itself (left, status, notice, ...). */
  onEvent?(client: LoadClient, frame: FrameObject): void;
}

interface Waiter {
  resolve: (frame: FrameObject) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

// The frames the server sends most are told apart by the start of `{"t":"<type>"` (character codes compare without
// a call); a frame whose `t` is not first is simply decoded with JSON.parse.
const TYPE_START = '{"t":"';
const QUOTE = 0x22;
function typeIs(raw: string, start: number, a: number, b: number, length: number): boolean {
  const at = start + TYPE_START.length;
  return (
    raw.charCodeAt(at) === a &&
    raw.charCodeAt(at + 1) === b &&
    raw.charCodeAt(at + length) === QUOTE &&
    raw.charCodeAt(start + 2) === 0x74 /* t */ &&
    raw.charCodeAt(start + 4) === 0x3a
  ); /* : */
}
const isMsg = (raw: string, start: number): boolean =>
  typeIs(raw, start, 0x6d /* m */, 0x73 /* s */, 3) && raw.charCodeAt(start + 8) === 0x67;
const isJoined = (raw: string, start: number): boolean => typeIs(raw, start, 0x6a /* j */, 0x6f /* o */, 6);
const isOk = (raw: string, start: number): boolean => typeIs(raw, start, 0x6f /* o */, 0x6b /* k */, 2);

/** `--tls`: every load client connects with TLS 1.3 and this identity as its client certificate (as the app does). */
let tlsIdentity: Identity | undefined;
export function useTls(identity: Identity | undefined): void {
  tlsIdentity = identity;
}

export class LoadClient {
  socket: net.Socket;
  /** `ok` answers received while no request was awaited (the answers to `say`). */
  acks = 0;
  joinedEvents = 0;
  /** Error codes received outside awaited requests, with their counts. */
  readonly errors = new Map<string, number>();
  byeReason: string | undefined;
  closed = false;
  socketError: Error | undefined;
  /** Set when the stream could not be decoded. */
  protocolFault: string | undefined;
  /** The named room this client's `hello` asks for (PROTOCOL.md 19.2); undefined: the default room. */
  room: string | undefined;

  private tail = Buffer.allocUnsafe(0);
  private tailLength = 0;
  private nextId = 1;
  private readonly waiters = new Map<number, Waiter>();
  private welcomeWaiter: Waiter | undefined;

  constructor(
    readonly index: number,
    public handler: DeliveryHandler,
  ) {
    if (tlsIdentity) {
      // A TLS socket is made in connect(); until then this one only stands in (never connected).
      this.socket = new net.Socket();
      return;
    }
    // `onread` hands each read to us in one buffer shared by all clients, without the stream machinery or an
    // allocation per chunk; onData is synchronous and copies what it keeps, so the next read may reuse it.
    const options: net.SocketConstructorOpts = {
      onread: { buffer: READ_BUFFER, callback: (length: number) => this.onData(READ_BUFFER, length) },
    };
    this.socket = this.attach(new net.Socket(options));
  }

  private attach(socket: net.Socket): net.Socket {
    socket.setNoDelay(true);
    socket.on('error', (error) => {
      this.socketError = error;
    });
    socket.on('close', () => {
      this.closed = true;
      const error = new Error(`connection closed${this.byeReason ? ` (bye: ${this.byeReason})` : ''}`);
      this.welcomeWaiter?.reject(error);
      for (const waiter of this.waiters.values()) waiter.reject(error);
      this.waiters.clear();
    });
    return socket;
  }

  /** Connects, sends the preamble and hello, and resolves on `welcome`. */
  connect(port: number, host = '127.0.0.1'): Promise<FrameObject> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no welcome in time')), REQUEST_TIMEOUT_MS);
      this.welcomeWaiter = {
        resolve: (frame) => (clearTimeout(timer), resolve(frame)),
        reject: (error) => (clearTimeout(timer), reject(error)),
        timer,
      };
      const hello = (): void => {
        this.socket.write(
          Buffer.concat([
            PREAMBLE,
            encodeFrame({
              t: 'hello',
              v: PROTOCOL_VERSION,
              app: 'sarangbang-bench',
              ...(this.room === undefined ? {} : { room: this.room }),
            }),
          ]),
        );
      };
      if (tlsIdentity) {
        const localAddress = sourceAddress(this.index);
        const from = localAddress === undefined ? {} : { localAddress };
        const secure = tls.connect({ host, port, ...from, ...clientTlsOptions(tlsIdentity) }, hello);
        secure.on('data', (chunk: Buffer) => this.onData(chunk, chunk.length));
        this.socket = this.attach(secure);
      } else {
        this.socket.connect({ port, host, localAddress: sourceAddress(this.index) }, hello);
      }
      this.socket.once('error', (error) => this.welcomeWaiter?.reject(error));
    });
  }

  /** Sends a request and resolves with its `ok` or `error` answer. */
  request(message: Record<string, unknown> & { t: string }): Promise<FrameObject> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`no answer to ${message.t} in time`));
      }, REQUEST_TIMEOUT_MS);
      this.waiters.set(id, {
        resolve: (frame) => (clearTimeout(timer), resolve(frame)),
        reject: (error) => (clearTimeout(timer), reject(error)),
        timer,
      });
      this.socket.write(encodeFrame({ ...message, id }));
    });
  }

  async login(nick: string): Promise<void> {
    const answer = await this.request({ t: 'login', nick });
    if (answer.t !== 'ok') throw new Error(`login ${nick} refused: ${String(answer.code)} ${String(answer.message)}`);
  }

  /** Request ids for fire-and-forget `say` frames built by the caller; kept apart from awaited requests. */
  takeIds(count: number): number {
    const first = this.nextId;
    this.nextId += count;
    return first;
  }

  write(frame: Buffer): void {
    if (!this.closed) this.socket.write(frame);
  }

  /** Stops reading the socket for good: the kernel buffers fill and the server sees a reader that never reads. */
  stopReading(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.destroy();
  }

  /** Bytes chunk[0, size) arrived. */
  private onData(chunk: Buffer, size: number): boolean {
    const recvUs = nowUs();
    let offset = 0;
    if (this.tailLength > 0) {
      if (this.tailLength < HEADER) {
        const take = Math.min(HEADER - this.tailLength, size);
        this.ensureTail(HEADER);
        chunk.copy(this.tail, this.tailLength, 0, take);
        this.tailLength += take;
        offset = take;
        if (this.tailLength < HEADER) return true;
      }
      const frameEnd = HEADER + this.tail.readUInt32BE(0);
      if (frameEnd - HEADER > MAX_ACCEPTED_FRAME) return this.fault(`frame of ${frameEnd - HEADER} bytes`);
      this.ensureTail(frameEnd);
      const take = Math.min(frameEnd - this.tailLength, size - offset);
      chunk.copy(this.tail, this.tailLength, offset, offset + take);
      this.tailLength += take;
      offset += take;
      if (this.tailLength < frameEnd) return true;
      this.tailLength = 0;
      this.onFrame(this.tail, this.tail.toString('latin1', 0, frameEnd), HEADER, frameEnd, recvUs);
    }
    const raw = size - offset >= HEADER ? chunk.toString('latin1', 0, size) : '';
    while (size - offset >= HEADER) {
      const length = chunk.readUInt32BE(offset);
      if (length > MAX_ACCEPTED_FRAME) return this.fault(`frame of ${length} bytes`);
      const end = offset + HEADER + length;
      if (end > size) break;
      this.onFrame(chunk, raw, offset + HEADER, end, recvUs);
      offset = end;
    }
    if (offset < size) {
      this.ensureTail(size - offset);
      chunk.copy(this.tail, 0, offset, size);
      this.tailLength = size - offset;
    }
    return true;
  }

  private ensureTail(size: number): void {
    if (this.tail.length >= size) return;
    const bigger = Buffer.allocUnsafe(Math.max(size, this.tail.length * 2, 512));
    this.tail.copy(bigger, 0, 0, this.tailLength);
    this.tail = bigger;
  }

  private fault(reason: string): boolean {
    this.protocolFault = reason;
    this.socket.destroy();
    return false;
  }

  /** One frame: its payload is buf[start, end) and, as latin1 text, raw[start, end). */
  private onFrame(buf: Buffer, raw: string, start: number, end: number, recvUs: number): void {
    if (isMsg(raw, start)) return this.handler.onMsg(this, raw, start, end, recvUs);
    if (isJoined(raw, start)) {
      this.joinedEvents++;
      return;
    }
    if (this.waiters.size === 0 && isOk(raw, start)) {
      this.acks++;
      return;
    }
    let frame: FrameObject;
    try {
      frame = JSON.parse(buf.toString('utf8', start, end)) as FrameObject;
    } catch {
      this.fault('undecodable frame');
      return;
    }
    if (frame.t === 'msg') {
      // Same checks as the fast path, on a re-encoding that keeps only what they need.
      const canonical = JSON.stringify({ t: 'msg', from: frame.from, text: frame.text });
      return this.handler.onMsg(this, canonical, 0, canonical.length, recvUs);
    }
    if (frame.t === 'joined') this.joinedEvents++;
    else this.onObject(frame);
  }

  private onObject(frame: FrameObject): void {
    switch (frame.t) {
      case 'welcome':
        this.welcomeWaiter?.resolve(frame);
        this.welcomeWaiter = undefined;
        return;
      case 'ping':
        this.socket.write(encodeFrame({ t: 'pong', id: frame.id }));
        return;
      case 'bye':
        this.byeReason = String(frame.reason);
        return;
      case 'ok':
      case 'error': {
        const waiter = typeof frame.id === 'number' ? this.waiters.get(frame.id) : undefined;
        if (waiter && typeof frame.id === 'number') {
          this.waiters.delete(frame.id);
          waiter.resolve(frame);
        } else if (frame.t === 'ok') this.acks++;
        else this.errors.set(String(frame.code), (this.errors.get(String(frame.code)) ?? 0) + 1);
        return;
      }
      default:
        this.handler.onEvent?.(this, frame);
    }
  }
}
