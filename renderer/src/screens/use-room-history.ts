/**
 * The room screen's side of stored history: the newest page when a room is entered, older pages as the reader
 * nears the top of the log, and bringing a search result into the log (scrolled to and briefly highlighted).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RoomKey, SarangbangApi } from '@contract/ipc-contract';
import type { AppStore } from '../app/app-context';
import { createHistoryActions } from '../app/history-actions';
import type { LogFocus } from '../components/messages/MessageList';

export function useRoomHistory(
  api: SarangbangApi,
  store: AppStore,
  roomId: string | undefined,
  roomKey: RoomKey | undefined,
  hasOlder: boolean,
) {
  const history = useMemo(() => createHistoryActions(api, store), [api, store]);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [focus, setFocus] = useState<LogFocus | null>(null);

  useEffect(() => {
    if (roomId && roomKey) void history.loadLatest(roomId);
  }, [history, roomId, roomKey]);

  const onNearTop = useCallback(() => {
    if (!roomId || !hasOlder || history.isLoading(roomId)) return;
    setLoadingOlder(true);
    void history.loadOlder(roomId).finally(() => setLoadingOlder(false));
  }, [history, roomId, hasOlder]);

  const reveal = useCallback(
    async (historyId: number): Promise<boolean> => {
      if (!roomId) return false;
      const key = await history.reveal(roomId, historyId);
      if (key === null) return false;
      setFocus((f) => ({ key, seq: (f?.seq ?? 0) + 1 }));
      return true;
    },
    [history, roomId],
  );

  return { onNearTop, loadingOlder, focus, reveal };
}
