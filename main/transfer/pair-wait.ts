/**
 * How long a pairing wait for the next file of an offer may go on once its own time ran out: while the file before
 * it has not ended (its bytes still move, or its receiver has not reported it verified or failed), a full timeout
 * more; once it has, whatever is left of a full timeout counted from its end. Used by the host's pipes and by the
 * clients' data links alike.
 */

/** The file before this one in the same offer, as a pairing wait sees it. */
export interface PreviousFile {
  /** Not yet ended: bytes on their way, or the receiver still writing or verifying. */
  readonly open: boolean;
  /** When it ended (Date.now()), if it did after being started. */
  readonly endedAt: number | undefined;
}

/** Milliseconds more to wait (0: give up). */
export function pairWaitLeft(previous: PreviousFile | undefined, timeoutMs: number, now = Date.now()): number {
  if (!previous) return 0;
  if (previous.open) return timeoutMs;
  return previous.endedAt === undefined ? 0 : Math.max(0, previous.endedAt + timeoutMs - now);
}
