/** Reads of the app state that screens share: the room on screen, and stable empties for when there is none. */
import type { UserInfo } from '@contract/ipc-contract';
import type { AppState, DmRequestView, RoomState } from './model';

const NO_USERS: UserInfo[] = [];
const NO_REQUESTS: DmRequestView[] = [];

/** The room on screen, or null on the home screen. */
export function currentRoom(state: AppState): RoomState | null {
  return state.currentRoomId === null ? null : (state.rooms[state.currentRoomId] ?? null);
}

export const selectRoomView = (s: AppState) => currentRoom(s)?.room ?? null;
export const selectUsers = (s: AppState) => currentRoom(s)?.users ?? NO_USERS;
export const selectDmRequests = (s: AppState) => currentRoom(s)?.dmRequests ?? NO_REQUESTS;
/*
 * The room screen reads its parts one by one: each arriving message makes a new RoomState, but these parts keep
 * their identity, so only what shows the timeline (selectTimeline) renders again per batch of messages.
 */
export const selectRoomId = (s: AppState) => currentRoom(s)?.roomId ?? null;
export const selectRoomConnection = (s: AppState) => currentRoom(s)?.connection ?? null;
export const selectTimeline = (s: AppState) => currentRoom(s)?.timeline ?? null;
export const selectDm = (s: AppState) => currentRoom(s)?.dm ?? null;
export const selectAway = (s: AppState) => currentRoom(s)?.away ?? false;
export const selectOutbox = (s: AppState) => currentRoom(s)?.outbox;
export const selectHasOlder = (s: AppState) => currentRoom(s)?.stored.hasOlder ?? false;
