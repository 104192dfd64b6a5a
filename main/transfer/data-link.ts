/**
 * Client side of a data connection: connect, send the preamble and `{t:'data', token}`, wait for the host's
 * go-ahead frame. After it the socket carries raw file bytes only.
 */
import net from 'node:net';
import { FrameDecoder, encodeFrame } from '../protocol/codec.js';
import type { DataHello, DataReady } from '../protocol/file-messages.js';
import { PREAMBLE } from '../protocol/limits.js';

export class DataLinkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataLinkError';
  }
}

export interface DataLink {
  socket: net.Socket;
  ready: DataReady;
  /** Bytes that arrived right after the go-ahead frame (file bytes for a receiver). */
  leftover: Buffer;
}

export interface DataLinkHandle {
  promise: Promise<DataLink>;
  /** Gives up waiting (for a cancel): the promise rejects and the socket is closed. */
  abort(reason: string): void;
}

/** Opens a data connection; `timeoutMs` bounds connect + waiting for the peer to be paired. */
export function openDataLink(host: string, port: number, token: string, timeoutMs: number): DataLinkHandle {
  const socket = net.createConnection({ host, port });
  socket.setNoDelay(true);
  let abort: (reason: string) => void = () => undefined;
  const promise = new Promise<DataLink>((resolve, reject) => {
    const decoder = new FrameDecoder();
    const fail = (error: DataLinkError): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new DataLinkError('timeout', `the host did not start the transfer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const onError = (error: Error): void => fail(new DataLinkError('connect_failed', `data connection failed: ${error.message}`));
    const onClose = (): void => fail(new DataLinkError('closed', 'the host closed the data connection before the transfer started'));
    const onData = (chunk: Buffer): void => {
      const { frames, rest, error } = decoder.push(chunk);
      const first = frames[0];
      if (error || !first) {
        if (error) fail(new DataLinkError('bad_frame', 'the host sent something that is not a frame'));
        return;
      }
      if (first.t === 'error') {
        return fail(new DataLinkError(String(first.code ?? 'error'), String(first.message ?? 'the host refused the data connection')));
      }
      if (first.t !== 'ok' || frames.length > 1) return fail(new DataLinkError('bad_frame', 'unexpected frame on the data connection'));
      cleanup();
      socket.pause();
      resolve({ socket, ready: first as unknown as DataReady, leftover: Buffer.from(rest) });
    };
    function cleanup(): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    }
    abort = (reason) => fail(new DataLinkError('aborted', reason));
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('connect', () => {
      socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', token } satisfies DataHello)]));
    });
  });
  promise.catch(() => undefined);
  return { promise, abort: (reason) => abort(reason) };
}
