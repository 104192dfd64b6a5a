/**
 * File-transfer messages (issue 3); see docs/PROTOCOL.md, section "Files".
 *
 * Offers and consent travel on the control connection. The bytes of each accepted file travel on a separate data
 * connection per file and side: `SBNG` preamble, one frame `DataHello {t:'data', ticket | token}`, the host answers one
 * `DataReady` (or an `error` frame and closes), then the connection carries raw bytes only: sender → host →
 * receiver. All sizes and offsets are integers ≤ Number.MAX_SAFE_INTEGER (64-bit safe, never 32-bit).
 */

export interface FileDescriptor {
  name: string;
  /** Bytes; a 64-bit-safe integer (≤ Number.MAX_SAFE_INTEGER). */
  size: number;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
}

/**
 * End-to-end keys of one side of an offer (docs/PROTOCOL.md "Files", "End-to-end encryption"), all base64url without
 * padding: `eph` its X25519 ephemeral public key (32 bytes), `spki` its identity's SubjectPublicKeyInfo DER, `sig`
 * its ECDSA P-256 SHA-256 DER signature over the transcript. `n` (offer only): the offer's 16-byte random nonce.
 * The host relays it untouched; absent = raw bytes (a side without an identity).
 */
export interface FileE2e {
  eph: string;
  spki: string;
  sig: string;
  n?: string;
}

/** Why an offer or a transfer ended without success. Both sides receive it in `file.ended`. */
export type FileEndReason =
  | 'declined'
  | 'expired'
  | 'cancelled'
  | 'sender_left'
  | 'receiver_left'
  | 'no_space'
  | 'write_failed'
  | 'read_failed'
  | 'hash_mismatch'
  | 'size_mismatch'
  | 'tampered'
  | 'unverified'
  | 'interrupted'
  | 'timeout'
  | 'protocol'
  | 'lagging'
  | 'host_stopped';

/** Reasons a client may give itself when it declines (`file.answer`) or cancels (`file.cancel`). */
export type FileClientReason =
  | 'declined'
  | 'cancelled'
  | 'no_space'
  | 'write_failed'
  | 'read_failed'
  | 'hash_mismatch'
  | 'size_mismatch'
  | 'tampered'
  | 'unverified'
  | 'interrupted';

/** One accepted file: its transfer id, the file's index in the offer, the one-time token and the resume offset. */
export interface TransferTicket {
  transfer: string;
  index: number;
  token: string;
  /** Bytes the receiver already holds; only `size - offset` bytes flow. */
  offset: number;
}

// ---------------------------------------------------------------- client -> server requests

/** Sender: offer files to one user (`to` a nick), or to several at once (a group offer: `"*"` = everyone else in the
 * room who can receive files, or a list of nicks), uploaded once and fanned out by the host. Errors: no_such_user,
 * self_target, user_away, user_busy, file_too_large, transfer_unsupported (plain-text receiver), bad_request. */
export interface FileOfferRequest {
  t: 'file.offer';
  id: number;
  to: string | string[];
  files: FileDescriptor[];
  e2e?: FileE2e;
}

/** Receiver: accept some files (each with a resume offset) or none (= decline, with an optional reason). */
export interface FileAnswerRequest {
  t: 'file.answer';
  id: number;
  offer: string;
  accept: { index: number; offset: number }[];
  reason?: FileClientReason;
  /** The receiver's end-to-end keys, when it accepts an end-to-end offer. */
  e2e?: FileE2e;
}

/** Either side: cancel a pending offer (sender only), all transfers of an offer, or one transfer. */
export interface FileCancelRequest {
  t: 'file.cancel';
  id: number;
  offer?: string;
  transfer?: string;
  /** A group offer's sender: only this invitee's part ends. */
  to?: string;
  reason?: FileClientReason;
}

/** Receiver: every byte arrived and the whole file's SHA-256 matches; the sender is told `file.done`. */
export interface FileVerifiedRequest {
  t: 'file.verified';
  id: number;
  transfer: string;
}

/** Sender of an end-to-end group offer: the offer's content key, wrapped for one receiver who accepted. */
export interface FileKeyRequest {
  t: 'file.key';
  id: number;
  offer: string;
  to: string;
  /** base64url: AES-256-GCM(K || files digest) under the pair's wrap key (docs/PROTOCOL.md, group offers). */
  key: string;
}

export type FileClientMessage =
  FileOfferRequest | FileAnswerRequest | FileCancelRequest | FileVerifiedRequest | FileKeyRequest;

export interface FileResults {
  /** `to`: group offers only, the nicks it went to. */
  'file.offer': { offer: string; expiresInMs: number; to?: string[] };
  'file.key': Record<string, never>;
  'file.answer': { transfers: TransferTicket[] };
  'file.cancel': Record<string, never>;
  'file.verified': Record<string, never>;
}

// ---------------------------------------------------------------- server -> client events

/** To the receiver: somebody wants to send files. */
export interface FileOfferEvent {
  t: 'file.offer';
  offer: string;
  from: string;
  files: FileDescriptor[];
  expiresInMs: number;
  /** The sender's end-to-end keys, as it sent them. */
  e2e?: FileE2e;
  /** A group offer: the same bytes go to everyone who accepts; accept with offset 0; sealed with a content key. */
  group?: true;
}

/** To the sender: the receiver accepted these files (`skipped` lists the indexes it did not take). */
export interface FileAcceptedEvent {
  t: 'file.accepted';
  offer: string;
  to: string;
  transfers: TransferTicket[];
  skipped: number[];
  /** The receiver's end-to-end keys, as it sent them in its answer. */
  e2e?: FileE2e;
}

/** To the sender: the receiver verified the file. */
export interface FileDoneEvent {
  t: 'file.done';
  offer: string;
  transfer: string;
  index: number;
}

/**
 * To the sender of a one-to-one transfer, at most every 250 ms while the count grows: `bytes` of the data
 * connection's `length` that the host has passed on to the receiver's connection (written to its socket).
 */
export interface FileProgressEvent {
  t: 'file.progress';
  offer: string;
  transfer: string;
  bytes: number;
}

/** To both sides: an offer (no `transfer`) or one transfer ended without success. `by` is who caused it, if a user. */
export interface FileEndedEvent {
  t: 'file.ended';
  offer: string;
  transfer?: string;
  index?: number;
  reason: FileEndReason;
  by?: string;
  message: string;
  /** Group offers: the invitee an offer-level ending concerns (absent: the whole offer ended). */
  to?: string;
}

/** To a receiver of an end-to-end group offer: its wrapped content key, as the sender sent it. */
export interface FileKeyEvent {
  t: 'file.key';
  offer: string;
  key: string;
}

/** One file of a group offer's single upload: the sender's one-time token and the number of bytes to write. */
export interface UploadTicket {
  upload: string;
  index: number;
  token: string;
  length: number;
}

/** To the sender of a group offer, once its answers are in: upload each file once (`uploads` in file order). */
export interface FileUploadEvent {
  t: 'file.upload';
  offer: string;
  uploads: UploadTicket[];
}

export type FileServerMessage =
  | FileOfferEvent
  | FileAcceptedEvent
  | FileDoneEvent
  | FileProgressEvent
  | FileEndedEvent
  | FileKeyEvent
  | FileUploadEvent;

// ---------------------------------------------------------------- data connection

/** First (and only) frame a client sends on a data connection, right after the preamble. */
/** A data connection's first frame: `ticket` from members on TLS (PROTOCOL.md 13), `token` from unencrypted ones. */
export type DataHello = { t: 'data'; ticket: string } | { t: 'data'; token: string };

/** The host's go-ahead on a data connection; after it, raw bytes only (the sealed stream when end-to-end:
 * `length` then counts its bytes, wireLength(size - offset)). */
export interface DataReady {
  t: 'ok';
  transfer: string;
  role: 'sender' | 'receiver';
  offset: number;
  length: number;
  /**
   * Sender's go-ahead only: the host reports this transfer's progress with `file.progress` (bytes it passed on to
   * the receiver's connection). Absent from hosts before it: the sender then counts the bytes it wrote.
   */
  progress?: true;
}

/** A data connection may be opened for this long before its peer must appear. */
export const DATA_PAIR_TIMEOUT_MS = 60_000;
