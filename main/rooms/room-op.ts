/**
 * A member's change to a room, described as data: what `RoomHub.order` takes, so a cluster can put every change of
 * a room into one order shared by all its instances (main/cluster/) and replay it on each instance's copy of the
 * room. `applyOp` is that replay: the one mapping from a description to the Room method that performs it.
 */
import type { LeaveReason } from '../protocol/messages.js';
import type { MemberId } from './ids.js';
import type { Member } from './member.js';
import type { Room } from './room.js';

/** Who joins, as the other instances need to show them (never the password or the connection). */
export interface JoinFacts {
  id: MemberId;
  nick: string;
  secure: boolean;
  textClient: boolean;
  fp?: string | undefined;
}

export type RoomOp =
  | { t: 'join'; member: JoinFacts; password?: string | undefined }
  | { t: 'leave'; reason: LeaveReason }
  | { t: 'say'; text: string; scope?: 'room' | 'dm' | undefined; cid?: string | undefined }
  | { t: 'whisper'; to: string; text: string; cid?: string | undefined }
  | { t: 'sleep'; text?: string | undefined }
  | { t: 'wakeup' }
  | { t: 'with'; to: string }
  | { t: 'with.answer'; from: string; accept: boolean }
  | { t: 'end' }
  | { t: 'with.expire' }
  | { t: 'nick'; nick: string };

/** The description of a client request that changes the room, or undefined for one that only reads. */
export function opOf(request: { t: string }): RoomOp | undefined {
  switch (request.t) {
    case 'say':
    case 'whisper':
    case 'sleep':
    case 'wakeup':
    case 'with':
    case 'with.answer':
    case 'end':
    case 'nick': {
      const { id: _id, ...op } = request as { t: string; id?: number };
      return op as RoomOp;
    }
    default:
      return undefined;
  }
}

/** Performs `op` for `member` (joins and leaves excepted: they need an endpoint, see the cluster's replica). */
export function applyOp(room: Room, member: Member, op: RoomOp): unknown {
  switch (op.t) {
    case 'say':
      return room.say(member, op.text, op.scope);
    case 'whisper':
      return room.whisper(member, op.to, op.text);
    case 'sleep':
      return room.sleep(member, op.text);
    case 'wakeup':
      return room.wakeup(member);
    case 'with':
      return room.requestWith(member, op.to);
    case 'with.answer':
      return room.answerWith(member, op.from, op.accept);
    case 'end':
      return room.end(member);
    case 'with.expire':
      return room.expireWith(member);
    case 'nick':
      return room.rename(member, op.nick);
    case 'leave':
      return room.leave(member, op.reason);
    case 'join':
      throw new Error('a join is applied by the hub, which knows the endpoint');
  }
}
