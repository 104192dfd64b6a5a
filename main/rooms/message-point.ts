/**
 * Where every chat message gets its id (`mid`). The room stamps each room message, whisper and 1:1 message in one
 * place, `Room.stamp`, which takes the next id from a `RoomSequence` and tells `room.on('message')` listeners: a
 * history log subscribes there, and a cluster or a persistent log swaps the in-memory sequence for its own.
 */
import type { MemberId, RoomId } from './ids.js';

/** The counters a room draws from: message ids, and join positions (the cursor of user-list pages). */
export interface RoomSequence {
  nextMid(): number;
  nextSeq(): number;
}

/** Counters in process memory, starting at 1 (what a single server uses). */
export function memorySequence(): RoomSequence {
  let mid = 1;
  let seq = 1;
  return { nextMid: () => mid++, nextSeq: () => seq++ };
}

/** One chat message as it was sent, for a history log. */
export interface MessageRecord {
  room: RoomId;
  mid: number;
  ts: number;
  scope: 'room' | 'whisper' | 'dm';
  from: MemberId;
  fromNick: string;
  /** The sender's key fingerprint, when it connected with a certificate (who may see a whisper in a replay). */
  fromFp?: string;
  /** The recipient of a whisper or 1:1 message. */
  to?: MemberId;
  toNick?: string;
  toFp?: string;
  text: string;
}
