/**
 * The one kind of failure the client side of file transfer throws (sender, receiver, data links, local files, the
 * `.part` store), with a stable `code` that callers switch on; the message is a sentence for people and is never
 * matched. Modelled on main/client/errors.ts.
 *
 * These codes stay on this machine: what crosses the wire is the host's `error` codes (docs/PROTOCOL.md) and a
 * transfer's `FileEndReason`. Where a local failure ends a transfer, its code is the `FileEndReason` the host is told
 * (`no_space`, `write_failed`, `read_failed`, `hash_mismatch`, `size_mismatch`), so one word names it on both sides.
 */
import type { FileEndReason } from '../protocol/file-messages.js';

export type TransferErrorCode =
  /** accept/decline: the offer is no longer waiting for an answer (answered, expired, cancelled, or never shown). */
  | 'offer_not_pending'
  /** accept: the download folder could not be created or its free space read. */
  | 'save_dir_unusable'
  /** Offering: the chosen paths cannot be sent (none, too many, missing, a folder, not a regular file). */
  | 'bad_selection'
  /** Receiving: the disk filled up while writing. */
  | 'no_space'
  /** Receiving: the file (or a kept `.part` to resume) could not be written. */
  | 'write_failed'
  /** Sending: the file could not be read. */
  | 'read_failed'
  /** Receiving: the bytes arrived but their SHA-256 is not the offer's. */
  | 'hash_mismatch'
  /** Receiving: more bytes arrived than were offered. */
  | 'size_mismatch'
  /** Receiving: an end-to-end encrypted record failed its tag, came out of order, or had the wrong length. */
  | 'tampered'
  /** Either side: the peer's end-to-end keys could not be verified (unknown key, wrong key, bad signature, or no
   * encryption offered although both sides have identities). */
  | 'unverified'
  /** A received name would leave the download folder, or no free "name (n).ext" was left. */
  | 'unsafe_name'
  /** Data link: no connection, or no go-ahead from the host, in time. */
  | 'link_timeout'
  /** Data link: the TCP connection to the host failed. */
  | 'link_failed'
  /** Data link: the connection closed (before the go-ahead, or while the file's bytes were being written). */
  | 'link_closed'
  /** Data link: the host answered with something that is not the go-ahead frame. */
  | 'bad_frame'
  /** Data link: the host does not know our one-time token (its own `error` code). */
  | 'bad_token'
  /** Data link: the host refused the data connection for another reason. */
  | 'link_refused'
  /** Data link: we gave up waiting (the transfer was cancelled or ended meanwhile). */
  | 'link_aborted';

/** The codes that end a transfer because of something on this machine, and are told to the host as such. */
export type LocalEndCode = Extract<TransferErrorCode, FileEndReason>;

export class TransferError extends Error {
  constructor(
    readonly code: TransferErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransferError';
  }
}

export function isTransferError(error: unknown, ...codes: TransferErrorCode[]): error is TransferError {
  return error instanceof TransferError && (codes.length === 0 || codes.includes(error.code));
}
