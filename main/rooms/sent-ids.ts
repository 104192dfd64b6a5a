/**
 * Client message ids a room has already posted: (sender, `cid`) → the message id it got, the most recent `capacity`
 * of them, so a `say`/`whisper` resent after a reconnect is answered with the first id instead of posted twice.
 * The sender is its key fingerprint when it has one (it survives a reconnect), else its nickname's key.
 */
import type { Member } from './member.js';

export const SENT_IDS_KEPT = 4096;

export class SentIds {
  /** `cid|sender` → mid, oldest first (a Map keeps insertion order). */
  private readonly posted = new Map<string, number>();

  constructor(private readonly capacity = SENT_IDS_KEPT) {}

  /** The message id `member` already got for `cid`, if it is still remembered. */
  find(member: Member, cid: string): number | undefined {
    return this.posted.get(entryKey(member, cid));
  }

  remember(member: Member, cid: string, mid: number): void {
    this.posted.set(entryKey(member, cid), mid);
    if (this.posted.size > this.capacity) this.posted.delete(this.posted.keys().next().value as string);
  }
}

/** A cid never holds `|`, so the key cannot be read two ways. */
function entryKey(member: Member, cid: string): string {
  return `${cid}|${member.fingerprint ?? `nick:${member.key}`}`;
}
