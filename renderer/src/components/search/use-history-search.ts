/**
 * Searching the conversation store as the reader types: debounced, the newest answer only (a slow answer to an
 * older query never replaces a newer one), and the stored rooms' names for results from other rooms.
 */
import { useEffect, useRef, useState } from 'react';
import type { HistoryRoom, HistorySearchHit, RoomKey, SarangbangApi } from '@contract/ipc-contract';

export const SEARCH_DEBOUNCE_MS = 250;
export const SEARCH_LIMIT = 50;

export interface SearchState {
  /** What the results are for ('' before anything was searched). */
  query: string;
  hits: HistorySearchHit[];
  searching: boolean;
}

export function useHistorySearch(api: SarangbangApi, query: string, roomKey: RoomKey | undefined): SearchState {
  const [state, setState] = useState<SearchState>({ query: '', hits: [], searching: false });
  const seq = useRef(0);
  useEffect(() => {
    const text = query.trim();
    const mine = ++seq.current;
    if (!text) {
      setState({ query: '', hits: [], searching: false });
      return;
    }
    setState((s) => ({ ...s, searching: true }));
    const timer = setTimeout(() => {
      void api
        .invoke('history.search', { query: text, limit: SEARCH_LIMIT, ...(roomKey ? { roomKey } : {}) })
        .then((reply) => {
          if (mine !== seq.current) return;
          setState({ query: text, hits: reply.ok ? reply.result.hits : [], searching: false });
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, query, roomKey]);
  return state;
}

/** The stored rooms by key (names for results from other rooms), read each time all rooms are searched. */
export function useHistoryRooms(api: SarangbangApi, wanted: boolean): ReadonlyMap<RoomKey, HistoryRoom> {
  const [rooms, setRooms] = useState<ReadonlyMap<RoomKey, HistoryRoom>>(new Map());
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void api.invoke('history.rooms').then((reply) => {
      if (live && reply.ok) setRooms(new Map(reply.result.rooms.map((r) => [r.roomKey, r])));
    });
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return rooms;
}
