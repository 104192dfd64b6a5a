/** Translates the transfer core's events and reasons (main/transfer) into the IPC contract's shapes. */
import type {
  IncomingOffer,
  OfferClosedReason,
  TransferFailReason,
  TransferInfo,
  TransferProgress,
  TransferState,
} from '@contract/ipc-contract';
import type { FileEndReason } from '../protocol/file-messages.js';
import type { IncomingOffer as CoreOffer, TransferProgress as CoreProgress } from '../transfer/transfer-types.js';

/** Our stable id for one file of one offer, valid from the offer until the end (the core's id exists only once accepted). */
export function transferKey(offer: string, index: number): string {
  return `${offer}:${index}`;
}

export function toIncomingOffer(offer: CoreOffer, autoAccepted: boolean): IncomingOffer {
  return {
    offerId: offer.offer,
    from: offer.from,
    files: offer.files.map((f) => ({
      index: f.index,
      name: f.safeName,
      size: f.size,
      ...(f.resumeFrom > 0 ? { resumeFrom: f.resumeFrom } : {}),
    })),
    totalBytes: offer.files.reduce((sum, f) => sum + f.size, 0),
    expiresInMs: offer.expiresInMs,
    autoAccepted,
  };
}

export function toProgress(transferId: string, p: CoreProgress): TransferProgress {
  return {
    transferId,
    bytes: p.bytes,
    size: p.size,
    bytesPerSec: Math.round(p.bytesPerSecond),
    etaMs: p.etaSeconds === undefined ? null : Math.round(p.etaSeconds * 1000),
  };
}

export function offerClosedReason(reason: FileEndReason): OfferClosedReason {
  if (reason === 'expired') return 'expired';
  if (reason === 'cancelled' || reason === 'declined') return 'cancelled';
  if (reason === 'sender_left') return 'sender_left';
  return 'disconnected';
}

/** The state and reason a transfer ends in, from the core's reason and who we are. */
export function endState(
  reason: FileEndReason,
  direction: 'send' | 'receive',
  cancelledByMe: boolean,
  keptForResume: boolean,
): { state: TransferState; reason: TransferFailReason } {
  const leftSide = direction === 'send' ? 'receiver_left' : 'sender_left';
  switch (reason) {
    case 'declined':
      return { state: 'declined', reason: 'declined' };
    case 'expired':
      return { state: 'expired', reason: 'expired' };
    case 'cancelled':
      return { state: 'cancelled', reason: cancelledByMe ? 'cancelled_by_me' : 'cancelled_by_peer' };
    case 'sender_left':
    case 'receiver_left':
      return {
        state: keptForResume ? 'interrupted' : 'failed',
        reason: reason === leftSide ? 'peer_left' : 'disconnected',
      };
    case 'no_space':
      return { state: 'failed', reason: 'disk_full' };
    case 'write_failed':
      return { state: 'failed', reason: 'write_error' };
    case 'read_failed':
      return { state: 'failed', reason: 'read_error' };
    case 'hash_mismatch':
    case 'tampered':
      return { state: 'failed', reason: 'hash_mismatch' };
    case 'unverified':
      return { state: 'failed', reason: 'protocol_error' };
    case 'size_mismatch':
      return { state: 'failed', reason: 'size_mismatch' };
    case 'host_stopped':
      return { state: keptForResume ? 'interrupted' : 'failed', reason: 'host_stopped' };
    case 'interrupted':
    case 'timeout':
    case 'lagging':
      return { state: keptForResume ? 'interrupted' : 'failed', reason: 'disconnected' };
    case 'protocol':
      return { state: 'failed', reason: 'protocol_error' };
  }
}

export function newTransfer(
  fields: Pick<TransferInfo, 'transferId' | 'offerId' | 'direction' | 'peer' | 'name' | 'size' | 'state'> & {
    bytes?: number;
  },
): TransferInfo {
  return { bytes: 0, resumable: false, canShowInFolder: false, createdAt: Date.now(), ...fields };
}
