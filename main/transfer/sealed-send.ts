/**
 * Sender, end to end: reads the file into two buffers of its own, taking turns (the next read runs while the
 * current one is sealed), seals each read from its buffer (security/file-crypto.ts `recordSealer`) and writes the
 * sealed records, fresh buffers, to the data socket, one corked `writev` per read; waits for 'drain' when the
 * socket is full. No fresh buffer per file read and no stream per stage.
 */
import { open } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { RecordSealer } from '../security/file-crypto.js';
import { TransferError } from './transfer-error.js';

/** One read of the file: 1 MiB (16 records sealed and written per turn), each of the two buffers this size. */
export const SEALED_READ_BYTES = 1024 * 1024;

/**
 * Sends `length` bytes of `path` from `start`, sealed, then half-closes the socket; resolves once every byte is
 * handed to the kernel. `onRead` gets each read's size. Rejects with `read_failed` (the file could not be read, or
 * held other than `length` bytes from `start`) or `link_closed`.
 */
export async function sendSealed(
  path: string,
  start: number,
  length: number,
  sealer: RecordSealer,
  socket: Socket,
  onRead: (bytes: number) => void,
): Promise<void> {
  let closed = false;
  const onClose = (): void => {
    closed = true;
  };
  socket.once('close', onClose);
  const linkClosed = (): TransferError => new TransferError('link_closed', 'the data connection closed');
  /** Resolves once the socket drained, rejects if it closes first. */
  const drained = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (closed || socket.destroyed) return reject(linkClosed());
      const onDrain = (): void => {
        socket.off('close', onGone);
        resolve();
      };
      const onGone = (): void => {
        socket.off('drain', onDrain);
        reject(linkClosed());
      };
      socket.once('drain', onDrain);
      socket.once('close', onGone);
    });
  let full = false;
  const emit = (sealed: Buffer): void => {
    if (!socket.write(sealed)) full = true;
  };
  const readFailed = (error: unknown): TransferError =>
    error instanceof TransferError
      ? error
      : new TransferError('read_failed', (error as Error).message, { cause: error });
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    socket.off('close', onClose);
    throw readFailed(error);
  }
  try {
    const buffers = [Buffer.allocUnsafeSlow(SEALED_READ_BYTES), Buffer.allocUnsafeSlow(SEALED_READ_BYTES)];
    const read = (turn: number, at: number): Promise<number> =>
      handle.read(buffers[turn % 2]!, 0, Math.min(SEALED_READ_BYTES, length - at), start + at).then((r) => r.bytesRead);
    emit(sealer.salt);
    let done = 0;
    let turn = 0;
    let next = length > 0 ? read(turn, 0) : undefined;
    while (next) {
      let bytes: number;
      try {
        bytes = await next;
      } catch (error) {
        throw readFailed(error);
      }
      if (closed || socket.destroyed) throw linkClosed();
      if (bytes === 0) break; // shorter than offered: the sealer's end says so
      const current = buffers[turn % 2]!;
      done += bytes;
      turn += 1;
      // The other buffer is free: its read runs while this one is sealed (the sealer is done with it when it returns).
      next = done < length ? read(turn, done) : undefined;
      socket.cork();
      const error = sealer.push(current.subarray(0, bytes), emit);
      socket.uncork();
      if (error) throw error;
      onRead(bytes);
      if (full) {
        full = false;
        await drained();
      }
    }
    const error = sealer.end(emit);
    if (error) throw error;
    if (closed || socket.destroyed) throw linkClosed();
    await new Promise<void>((resolve, reject) => {
      socket.once('close', () => reject(linkClosed()));
      socket.end((error?: Error | null) => (error ? reject(linkClosed()) : resolve()));
    });
  } finally {
    socket.off('close', onClose);
    await handle.close(); // after any read still running (FileHandle.close waits for it)
  }
}
