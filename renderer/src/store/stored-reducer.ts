/** A page of the room's stored history merged into its timeline, and where the next older page starts. */
import type { HistoryPage } from '@contract/ipc-contract';
import type { RoomState } from './model';
import { mergeStored } from './stored-history';

export function withStoredPage(room: RoomState, page: HistoryPage, older: boolean): RoomState {
  const first = page.entries[0]?.id;
  const before = room.stored.oldestId;
  const extendsBack = first !== undefined && (before === null || first < before);
  const stored = {
    loaded: true,
    oldestId: extendsBack ? first : before,
    // The newest page says whether anything is older only when it reaches further back than what is loaded.
    hasOlder: older || extendsBack || before === null ? page.hasOlder : room.stored.hasOlder,
  };
  return { ...room, timeline: mergeStored(room.timeline, page.entries), stored };
}
