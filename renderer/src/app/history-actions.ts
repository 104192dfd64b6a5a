/**
 * The room's stored history, asked of the conversation store on this device: the newest page when a room is entered
 * (join, rejoin, reload, restart), older pages as the reader scrolls up, and bringing a search result's message into
 * the room's log. One request per room at a time; a failure leaves the log as it is (live messages still show).
 */
import type { HistoryPage, RoomId, SarangbangApi } from '@contract/ipc-contract';
import { indexOfHistoryId } from '../store/stored-history';
import type { AppStore } from './app-context';

/** Entries per page: about three screens of a tall window. */
export const PAGE_SIZE = 100;
/** A search result further back than this many entries is shown in the search panel instead of the room. */
const REVEAL_PAGES = 10;
const REVEAL_PAGE_SIZE = 500;

export function createHistoryActions(api: SarangbangApi, store: AppStore) {
  const busy = new Set<RoomId>();
  const room = (roomId: RoomId) => store.getState().rooms[roomId];

  const load = async (roomId: RoomId, older: boolean, limit: number): Promise<boolean> => {
    const current = room(roomId);
    const roomKey = current?.room.roomKey;
    if (!current || !roomKey || busy.has(roomId)) return false;
    const before = older ? current.stored.oldestId : null;
    if (older && (before === null || !current.stored.hasOlder)) return false;
    busy.add(roomId);
    try {
      const reply = await api.invoke('history.page', { roomKey, limit, ...(before === null ? {} : { before }) });
      if (!reply.ok) return false;
      const page: HistoryPage = reply.result;
      // Through the queue, after the room events that came before the answer (they may hold the same entries).
      store.dispatch({ type: 'history-page', roomId, page, older });
      store.flush();
      return true;
    } finally {
      busy.delete(roomId);
    }
  };

  return {
    isLoading: (roomId: RoomId): boolean => busy.has(roomId),
    /** The newest page of the room's stored history, put before (and merged with) what the log shows. */
    loadLatest: (roomId: RoomId): Promise<boolean> => load(roomId, false, PAGE_SIZE),
    /** The page before the oldest loaded entry. */
    loadOlder: (roomId: RoomId): Promise<boolean> => load(roomId, true, PAGE_SIZE),
    /**
     * Loads older pages until the room's log holds stored entry `historyId`; returns its row key, or null when it is
     * further back than a few thousand entries (or not in this room).
     */
    async reveal(roomId: RoomId, historyId: number): Promise<string | null> {
      for (let i = 0; ; i++) {
        const current = room(roomId);
        if (!current) return null;
        const index = indexOfHistoryId(current.timeline, historyId);
        if (index >= 0) return current.timeline.items[index]?.key ?? null;
        const { oldestId, hasOlder } = current.stored;
        if (i >= REVEAL_PAGES || !hasOlder || (oldestId !== null && oldestId <= historyId)) return null;
        while (busy.has(roomId)) await new Promise((resolve) => setTimeout(resolve, 20));
        if (!(await load(roomId, true, REVEAL_PAGE_SIZE))) return null;
      }
    },
  };
}

export type HistoryActions = ReturnType<typeof createHistoryActions>;
