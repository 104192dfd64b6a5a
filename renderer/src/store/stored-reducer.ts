/**
 * A page of the room's stored history merged into its timeline (and the 1:1 open now into its panel), and where the
 * next older page starts.
 */
import type { HistoryPage } from '@contract/ipc-contract';
import type { RoomState } from './model';
import { dmEntryOf, mergeStored, timelineEntryOf } from './stored-history';

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
  // The 1:1 open now gets its stored messages and file cards (a reload starts its panel empty).
  const peer = room.dm?.state === 'active' ? room.dm.peer : undefined;
  const timeline = mergeStored(room.timeline, page.entries, (e) => timelineEntryOf(e, peer));
  if (!room.dm || peer === undefined) return { ...room, timeline, stored };
  const dm = { ...room.dm, log: mergeStored(room.dm.log, page.entries, (e) => dmEntryOf(e, peer)) };
  return { ...room, timeline, dm, stored };
}
