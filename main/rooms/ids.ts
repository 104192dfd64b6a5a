/**
 * The names rooms and members go by inside the server. Both are branded strings, so a nickname (a plain string)
 * can never be passed where an id is meant. A member id is stable for its connection's life and is never the
 * nickname (a rename keeps it); once secure rooms land it will be the identity's.
 */
import { randomBytes } from 'node:crypto';

export type RoomId = string & { readonly __brand: 'RoomId' };
export type MemberId = string & { readonly __brand: 'MemberId' };

/** The one room a server holds today. */
export const DEFAULT_ROOM_ID = 'main' as RoomId;

/** A fresh member id: random, so two servers (a cluster) never hand out the same one. */
export function newMemberId(): MemberId {
  return randomBytes(9).toString('base64url') as MemberId;
}
