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
