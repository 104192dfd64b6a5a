/**
 * Client side of a data connection: connect, send the preamble and `{t:'data', token}` (or `{t:'data', ticket}` on
 * a TLS session), wait for the host's go-ahead frame. After it the socket carries raw file bytes only (the sealed
 * stream when the file is end-to-end encrypted).
 */
import net from 'node:net';
import { HEADER_BYTES, encodeFrame, parsePayload, type FrameObject } from '../protocol/codec.js';
import type { DataReady } from '../protocol/file-messages.js';
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
}

export interface DataLinkHandle {
  promise: Promise<DataLink>;
  /** Gives up waiting (for a cancel): the promise rejects and the socket is closed. */
  abort(reason: string): void;
}

/**
 * Opens a data connection; `timeoutMs` bounds connect + waiting for the peer to be paired, renewed for as long as
 * `keepWaiting` says so (the file before this one is still on its way: this connection was opened early).
 */
export function openDataLink(
  host: string,
  port: number,
  credential: string | DataCredential,
  timeoutMs: number,
  keepWaiting: () => boolean = () => false,
): DataLinkHandle {
  const socket = net.createConnection({ host, port });
  socket.setNoDelay(true);
  let abort: (reason: string) => void = () => undefined;
  const promise = new Promise<DataLink>((resolve, reject) => {
    const fail = (error: TransferError): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const wait = (): NodeJS.Timeout =>
      setTimeout(() => {
        if (keepWaiting()) timer = wait();
        else
          fail(
            new TransferError(
              'link_timeout',
              `the host did not start the transfer within ${Math.round(timeoutMs / 1000)} s`,
            ),
          );
      }, timeoutMs);
    let timer = wait();
    const onError = (error: Error): void =>
      fail(new TransferError('link_failed', `data connection failed: ${error.message}`));
    const onClose = (): void =>
      fail(new TransferError('link_closed', 'the host closed the data connection before the transfer started'));
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      // Only the first frame is a frame: file bytes may follow it in the same read, and must not be decoded.
      received = Buffer.concat([received, chunk]);
      if (received.length < HEADER_BYTES) return;
      const length = received.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES)
        return fail(new TransferError('bad_frame', 'the host sent something that is not a frame'));
      if (received.length < HEADER_BYTES + length) return;
      let first: FrameObject;
      try {
        first = parsePayload(received.subarray(HEADER_BYTES, HEADER_BYTES + length));
      } catch {
        return fail(new TransferError('bad_frame', 'the host sent something that is not a frame'));
      }
      if (first.t === 'error') {
        return fail(
          new TransferError(
            first.code === 'bad_token' ? 'bad_token' : 'link_refused',
            String(first.message ?? 'the host refused the data connection'),
          ),
        );
      }
      if (first.t !== 'ok') return fail(new TransferError('bad_frame', 'unexpected frame on the data connection'));
      cleanup();
      // An early connection may wait a whole file before it is used: a reset meanwhile must not become an uncaught
      // 'error'. Its owner sees the socket destroyed when it starts reading or writing.
      socket.on('error', () => undefined);
      socket.pause();
      // Back into the socket, not handed over beside it: held outside, they would leave its buffer empty, and a
      // small file's end of stream could then end the socket before anyone reads it (the next file connects early).
      const fileBytes = received.subarray(HEADER_BYTES + length);
      if (fileBytes.length > 0) socket.unshift(Buffer.from(fileBytes));
      resolve({ socket, ready: first as unknown as DataReady });
    };
    function cleanup(): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    }
    abort = (reason) => fail(new TransferError('link_aborted', reason));
    socket.on('data', onData);
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
