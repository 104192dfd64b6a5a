/**
 * The file-writing part of receiving: opens the `.part` (fresh, or a kept one to resume), and writes a data
 * connection's bytes into it while counting and hashing them, telling the disk's own failures (full, cannot write,
 * more bytes than offered) and altered encrypted bytes apart from a broken connection. End to end, the bytes pass
 * the opener first: only records whose tag checked reach the hash and the `.part`. An end-to-end file is read from a
 * `reuseReads` link (data-link.ts): its socket's one read buffer goes straight through the opener, whose plaintext
 * (fresh buffers) is hashed and handed to the file's stream, without a stream per stage and without a fresh buffer
 * per socket read.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Writable } from 'node:stream';
import type { RecordOpener } from '../security/file-crypto.js';
import { pipeline } from 'node:stream/promises';
import type { Socket } from 'node:net';
import type { DataLink } from './data-link.js';
import { hashFileInto } from './hash.js';
import { PartFile, type PartMeta } from './part-file.js';
import { isTransferError, TransferError } from './transfer-error.js';

/** The local failures that end a received file, each told to the host as the transfer's end reason. */
export type ReceiveFailure = 'no_space' | 'write_failed' | 'hash_mismatch' | 'size_mismatch' | 'tampered';

/** Why a failure while receiving ends the file: its own code when it is one of ours, else `write_failed`. */
export function receiveFailureOf(error: unknown): ReceiveFailure {
  return isTransferError(error, 'no_space', 'write_failed', 'hash_mismatch', 'size_mismatch', 'tampered')
    ? (error.code as ReceiveFailure)
    : 'write_failed';
}

/** The `.part` a file is written to: the kept `resumeName` continued at `offset`, or a fresh one. */
export async function openPart(
  dir: string,
  safeName: string,
  meta: PartMeta,
  resume: { name: string | undefined; offset: number },
): Promise<PartFile> {
  return resume.offset > 0 && resume.name
    ? PartFile.reopen(dir, { finalName: resume.name, offset: resume.offset })
    : PartFile.create(dir, safeName, meta);
}

/** A SHA-256 already fed with the first `offset` bytes of a kept `.part` (a fresh one when `offset` is 0). */
export async function startHash(part: PartFile, offset: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (offset > 0 && (await hashFileInto(hash, part.partPath, offset)) !== offset) {
    throw new TransferError('write_failed', 'the kept partial file changed');
  }
  return hash;
}

export interface WriteOptions {
  /** File bytes expected (the file's size less the resume offset). */
  length: number;
  /** End to end: opens the sealed stream (security/file-crypto.ts `recordOpener`) before anything is counted. */
  opener?: RecordOpener | undefined;
  hash: Hash;
  /** Where the bytes go (positioned at the resume offset). */
  open: () => Writable;
  onSocket: (socket: Socket) => void;
  /** After each chunk: its size and the bytes received so far. */
  onBytes: (chunk: number, received: number) => void;
}

export interface Written {
  received: number;
  /** Set when writing stopped because of this machine (the disk, too many bytes), not the connection. */
  failure?: TransferError & { code: ReceiveFailure };
}

/**
 * Writes the data connection's bytes to the `.part` while hashing them on this thread: SHA-256 here runs at
 * 1.5 GB/s or more, faster than any LAN, and a hashing thread cost more CPU than it saved (bench:transfer).
 * Never rejects: a connection that fails or breaks shows as fewer bytes received than expected.
 */
export async function writeIncoming(link: Promise<DataLink>, options: WriteOptions): Promise<Written> {
  const { length, hash } = options;
  let received = 0;
  let failure: Written['failure'];
  const fail = (code: ReceiveFailure, message: string): TransferError & { code: ReceiveFailure } =>
    (failure ??= new TransferError(code, message) as TransferError & { code: ReceiveFailure });
  try {
    const opened = await link;
    const { socket } = opened;
    options.onSocket(socket);
    /** Counts and hashes a chunk of file bytes; false (and the failure set) for more than were offered. */
    const count = (chunk: Buffer): boolean => {
      if (received + chunk.length > length) {
        fail('size_mismatch', 'more bytes arrived than were offered');
        return false;
      }
      received += chunk.length;
      options.onBytes(chunk.length, received);
      hash.update(chunk);
      return true;
    };
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (!count(chunk)) return callback(failure);
        callback(null, chunk);
      },
    });
    const writer = options.open();
    writer.once('error', (error: NodeJS.ErrnoException) => {
      // Only the file system's own failures; the pipeline also destroys the writer when the socket breaks.
      if (!error.syscall && error.code !== 'ENOSPC' && error.code !== 'EDQUOT') return;
      const full = error.code === 'ENOSPC' || error.code === 'EDQUOT';
      fail(full ? 'no_space' : 'write_failed', full ? 'the disk is full' : `could not write: ${error.message}`);
    });
    if (options.opener && opened.readInto) await readSealed(opened, options.opener, count, writer);
    else if (options.opener) await pipeline(socket, openerStream(options.opener), counter, writer);
    else await pipeline(socket, counter, writer);
    return { received };
  } catch (error) {
    if (isTransferError(error, 'tampered')) fail('tampered', error.message);
    return failure ? { received, failure } : { received };
  }
}

/** A RecordOpener as a stream stage (a link without `readInto`). */
function openerStream(opener: RecordOpener): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(opener.push(chunk, (plain) => this.push(plain)));
    },
    flush(callback) {
      callback(opener.end());
    },
  });
}

/**
 * Reads a `reuseReads` link through `opener` into `writer`: each read is opened before the next one refills the
 * buffer, and only the opener's own fresh plaintext buffers reach `count` and the writer (whose writes finish later).
 * Pauses reading while the writer is full. Resolves once the writer finished after the final record; rejects (the
 * socket and writer destroyed) on a cut, altered bytes, too many bytes or a write failure.
 */
function readSealed(
  link: DataLink,
  opener: RecordOpener,
  count: (plain: Buffer) => boolean,
  writer: Writable,
): Promise<void> {
  const { socket } = link;
  return new Promise((resolve, reject) => {
    let over = false;
    const finish = (error?: Error): void => {
      if (over) return;
      over = true;
      socket.off('end', onEnd);
      socket.off('close', onClose);
      if (!error) return resolve();
      socket.destroy();
      writer.destroy();
      reject(error);
    };
    let full = false;
    let refused: Error | undefined;
    const emit = (plain: Buffer): void => {
      if (refused) return;
      if (!count(plain)) refused = new TransferError('size_mismatch', 'more bytes arrived than were offered');
      else if (!writer.write(plain)) full = true;
    };
    const onEnd = (): void => {
      socket.off('close', onClose); // every byte is in: the socket may close before the writer finishes
      const error = opener.end();
      if (error) return finish(error);
      writer.end();
    };
    const onClose = (): void => finish(new TransferError('link_closed', 'the data connection closed'));
    socket.once('end', onEnd);
    socket.once('close', onClose);
    writer.once('finish', () => finish());
    writer.once('error', (error) => finish(error));
    link.readInto!((bytes) => {
      if (over) return false;
      const error = opener.push(bytes, emit) ?? refused;
      if (error) {
        finish(error);
        return false;
      }
      if (!full) return true;
      full = false;
      writer.once('drain', () => socket.resume());
      return false;
    });
    if (socket.destroyed && !over) onClose(); // it broke while waiting for its turn
  });
}
