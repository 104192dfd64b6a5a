/**
 * Client side of a data connection: connect, send the preamble and `{t:'data', token}` (or `{t:'data', ticket}` on
 * a TLS session), wait for the host's go-ahead frame. After it the socket carries raw file bytes only (the sealed
 * stream when the file is end-to-end encrypted).
 *
 * A link opened with `reuseReads` reads its socket into one buffer of its own, refilled by every read (net's
 * `onread`), instead of a fresh 64 KiB per read: its file bytes go to a synchronous consumer (`readInto`) that copies
 * what it keeps, as the opener of an end-to-end file does.
 */
import net from 'node:net';
import { HEADER_BYTES, encodeFrame, parsePayload, type FrameObject } from '../protocol/codec.js';
import type { DataReady } from '../protocol/file-messages.js';
import { GreetingSkipper } from '../protocol/greeting-skip.js';
import { MAX_FRAME_BYTES, PREAMBLE } from '../protocol/limits.js';
import type { DataCredential } from './e2e-context.js';
import { TransferError } from './transfer-error.js';

export interface DataLink {
  /**
   * Paused, positioned at the first file byte: bytes that came in the go-ahead's read are back in its buffer. Its
   * errors are already handled (they destroy it).
   */
  socket: net.Socket;
  ready: DataReady;
  /**
   * Only on a link opened with `reuseReads`, whose socket never holds or emits file bytes itself: hands every file
   * byte to `sink`, starting with those that came in the go-ahead's read, and resumes reading. `sink` must be done
   * with its argument when it returns (the same buffer is refilled by the next read, so it may not be kept or handed
   * to anything asynchronous); it returns false to pause reading (then `socket.resume()` continues). The end of
   * stream is the socket's 'end'.
   */
  readInto?: (sink: (bytes: Buffer) => boolean) => void;
}

/** How much one read of a `reuseReads` link takes at most (net's own read size). */
export const LINK_READ_BYTES = 64 * 1024;

export interface DataLinkHandle {
  promise: Promise<DataLink>;
  /** Gives up waiting (for a cancel): the promise rejects and the socket is closed. */
  abort(reason: string): void;
}

/**
 * Opens a data connection; `timeoutMs` bounds connect + waiting for the peer to be paired. When it runs out,
 * `waitMore` may say how many ms more to wait (this connection was opened early and the file before it has not ended
 * yet, or only just: pair-wait.ts); 0 gives up.
 */
export function openDataLink(
  host: string,
  port: number,
  credential: string | DataCredential,
  timeoutMs: number,
  waitMore: () => number = () => 0,
  reuseReads = false,
): DataLinkHandle {
  /** Where a `reuseReads` socket's reads go: the go-ahead's parser first, then `readInto`'s sink. */
  let sink: (bytes: Buffer) => boolean = () => false;
  const readBuffer = reuseReads ? Buffer.allocUnsafeSlow(LINK_READ_BYTES) : undefined;
  const socket = readBuffer
    ? net.createConnection({
        host,
        port,
        onread: { buffer: readBuffer, callback: (n) => sink(readBuffer.subarray(0, n)) },
      })
    : net.createConnection({ host, port });
  socket.setNoDelay(true);
  let abort: (reason: string) => void = () => undefined;
  const promise = new Promise<DataLink>((resolve, reject) => {
    const fail = (error: TransferError): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const wait = (ms: number): NodeJS.Timeout =>
      setTimeout(() => {
        const more = waitMore();
        if (more > 0) timer = wait(more);
        else
          fail(
            new TransferError(
              'link_timeout',
              `the host did not start the transfer within ${Math.round(timeoutMs / 1000)} s`,
            ),
          );
      }, ms);
    let timer = wait(timeoutMs);
    const onError = (error: Error): void =>
      fail(new TransferError('link_failed', `data connection failed: ${error.message}`));
    const onClose = (): void =>
      fail(new TransferError('link_closed', 'the host closed the data connection before the transfer started'));
    let received = Buffer.alloc(0);
    const greeting = new GreetingSkipper();
    const onData = (read: Buffer): boolean => {
      // A connection that started late may have been greeted as plain text first (docs/PROTOCOL.md section 1).
      const chunk = greeting.push(Buffer.from(read)); // a copy: a reused read buffer is refilled after this returns
      if (!chunk) return true;
      // Only the first frame is a frame: file bytes may follow it in the same read, and must not be decoded.
      received = Buffer.concat([received, chunk]);
      if (!takeFrame()) return true;
      return false; // the go-ahead came: read nothing more until the file's reader is there
    };
    /** Once the go-ahead is whole: settles the link (either way) and returns true. */
    const takeFrame = (): boolean => {
      if (received.length < HEADER_BYTES) return false;
      const length = received.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES) {
        fail(new TransferError('bad_frame', 'the host sent something that is not a frame'));
        return true;
      }
      if (received.length < HEADER_BYTES + length) return false;
      let first: FrameObject;
      try {
        first = parsePayload(received.subarray(HEADER_BYTES, HEADER_BYTES + length));
      } catch {
        fail(new TransferError('bad_frame', 'the host sent something that is not a frame'));
        return true;
      }
      if (first.t === 'error') {
        fail(
          new TransferError(
            first.code === 'bad_token' ? 'bad_token' : 'link_refused',
            String(first.message ?? 'the host refused the data connection'),
          ),
        );
        return true;
      }
      if (first.t !== 'ok') {
        fail(new TransferError('bad_frame', 'unexpected frame on the data connection'));
        return true;
      }
      cleanup();
      // An early connection may wait a whole file before it is used: a reset meanwhile must not become an uncaught
      // 'error'. Its owner sees the socket destroyed when it starts reading or writing.
      socket.on('error', () => undefined);
      socket.pause();
      const fileBytes = received.subarray(HEADER_BYTES + length);
      const ready = first as unknown as DataReady;
      if (!reuseReads) {
        // Back into the socket, not handed over beside it: held outside, they would leave its buffer empty, and a
        // small file's end of stream could then end the socket before anyone reads it (the next file connects
        // early).
        if (fileBytes.length > 0) socket.unshift(Buffer.from(fileBytes));
        resolve({ socket, ready });
        return true;
      }
      // Reading stopped with this read (onData returns false), so the end of stream is not read before readInto
      // resumes it, after handing over these bytes (`received` is this link's own copy).
      let early: Buffer | undefined = fileBytes.length > 0 ? fileBytes : undefined;
      const readInto = (into: (bytes: Buffer) => boolean): void => {
        sink = (bytes) => !socket.destroyed && into(bytes);
        const bytes = early;
        early = undefined;
        if (bytes && !into(bytes)) return;
        socket.resume();
      };
      resolve({ socket, ready, readInto });
      return true;
    };
    function cleanup(): void {
      clearTimeout(timer);
      sink = () => false;
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    }
    abort = (reason) => fail(new TransferError('link_aborted', reason));
    if (reuseReads) sink = onData;
    else socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('connect', () => {
      const fields = typeof credential === 'string' ? { token: credential } : credential;
      socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', ...fields })]));
    });
  });
  promise.catch(() => undefined);
  return { promise, abort: (reason) => abort(reason) };
}
