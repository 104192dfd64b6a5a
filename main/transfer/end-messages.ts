/**
 * How an offer or transfer ends, told to both sides: the `file.ended` event (one builder for one-to-one and group
 * offers) and one sentence per reason, written for the people on both sides.
 */
import type { FileEndedEvent, FileEndReason } from '../protocol/file-messages.js';

export interface EndContext {
  by?: string | undefined;
  sender: string;
  receiver: string;
  name?: string;
  timeoutMs?: number;
}

/** What ended: a whole offer, one transfer of it, or (group offers) one invitee's part. */
export interface EndTarget {
  offer: string;
  transfer?: { id: string; index: number };
  /** Group offers: the invitee an offer-level ending concerns. */
  to?: string;
}

/** The `file.ended` event for `target`; `detail` replaces the reason's usual sentence. */
export function endedEvent(target: EndTarget, reason: FileEndReason, c: EndContext, detail?: string): FileEndedEvent {
  return {
    t: 'file.ended',
    offer: target.offer,
    ...(target.transfer ? { transfer: target.transfer.id, index: target.transfer.index } : {}),
    reason,
    message: detail ?? endMessage(reason, c),
    ...(target.to !== undefined ? { to: target.to } : {}),
    ...(c.by !== undefined ? { by: c.by } : {}),
  };
}

export function endMessage(reason: FileEndReason, c: EndContext): string {
  const what = c.name ?? 'the files';
  switch (reason) {
    case 'declined':
      return `${c.receiver} declined ${what}.`;
    case 'expired':
      return `${c.receiver} did not answer within ${Math.round((c.timeoutMs ?? 60_000) / 1000)} s; the offer expired.`;
    case 'cancelled':
      return `${c.by ?? 'Somebody'} cancelled ${what}.`;
    case 'sender_left':
      return `${c.sender} left the room; ${what} stopped.`;
    case 'receiver_left':
      return `${c.receiver} left the room; ${what} stopped.`;
    case 'no_space':
      return `${c.receiver} does not have enough free disk space for ${what}.`;
    case 'write_failed':
      return `${c.receiver}'s computer could not write ${what}.`;
    case 'read_failed':
      return `${c.sender}'s computer could not read ${what}.`;
    case 'hash_mismatch':
      return `${what} arrived but its SHA-256 does not match the offer; it was discarded.`;
    case 'size_mismatch':
      return `${what} did not have the size that was offered.`;
    case 'tampered':
      return `${what} was altered on its way through the host and was stopped; nothing altered was saved.`;
    case 'unverified':
      return `${what} could not be sent end-to-end encrypted: the other side's key could not be verified.`;
    case 'interrupted':
      return `The connection carrying ${what} was cut.`;
    case 'timeout':
      return `${what} stopped making progress.`;
    case 'protocol':
      return `${what} broke the transfer rules and was stopped.`;
    case 'lagging':
      return `${c.receiver} fell too far behind the others receiving ${what}; what arrived is kept, and sending it to ${c.receiver} again resumes it.`;
    case 'host_stopped':
      return `The host stopped; ${what} stopped.`;
  }
}
