/** Public types of the client side of file transfer (what the terminal client and the desktop UI consume). */
import type { ClientSession } from '../client/session.js';
import type { FileDescriptor, FileEndReason } from '../protocol/file-messages.js';
import type { LocalFile } from './local-files.js';
import type { ProgressReport } from './progress.js';

export type Direction = 'send' | 'receive';

/** What file transfer needs from the client session. */
export type TransferSession = Pick<
  ClientSession,
  'request' | 'on' | 'host' | 'port' | 'nick' | 'list' | 'identity' | 'dataTicket'
>;

export interface IncomingFile extends FileDescriptor {
  index: number;
  /** The name it will be saved under (before "name (1).ext" numbering if taken). */
  safeName: string;
  /** Bytes already held in a kept `.part` of this exact file from this sender; 0 when none. */
  resumeFrom: number;
}

export interface IncomingOffer {
  offer: string;
  from: string;
  files: IncomingFile[];
  expiresInMs: number;
}

export interface OutgoingOffer {
  offer: string;
  /** The receiver's nick; `*` for a group offer (then `group` lists who it went to). */
  to: string;
  files: LocalFile[];
  expiresInMs: number;
  /** A group offer: the nicks it went to, each answering for itself; the files are uploaded once. */
  group?: string[];
}

export interface OfferAccepted {
  offer: string;
  to: string;
  accepted: number[];
  skipped: number[];
}

/** A pending offer ended before any transfer began (declined, expired, cancelled, a side left...). */
export interface OfferEnded {
  offer: string;
  direction: Direction;
  peer: string;
  reason: FileEndReason;
  message: string;
}

export interface TransferInfo {
  transfer: string;
  offer: string;
  index: number;
  direction: Direction;
  peer: string;
  name: string;
  size: number;
  /** Where a resumed transfer starts. */
  offset: number;
}

export interface TransferProgress extends TransferInfo, ProgressReport {}

export interface TransferResult extends TransferInfo {
  /** True only when the receiver verified the whole file's SHA-256 (both sides hear it). */
  ok: boolean;
  reason?: FileEndReason;
  message: string;
  /** Receiver: where the verified file was saved. */
  path?: string;
  /** Receiver: the `.part` was kept so the same offer can be resumed later. */
  keptForResume: boolean;
  /** Bytes of the file done when it ended (including the resume offset). */
  bytes: number;
}

export interface TransferEvents {
  /** Somebody offers us files: call accept() or decline(). */
  offer: IncomingOffer;
  'offer-accepted': OfferAccepted;
  'offer-ended': OfferEnded;
  started: TransferInfo;
  /** About 10 a second per transfer, and once at the end. */
  progress: TransferProgress;
  ended: TransferResult;
  /** The sender is hashing a file before offering it. */
  hashing: { path: string; bytes: number; size: number };
}
