import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApi, useAppState, useStore } from '../app/app-context';
import { createRoomActions } from '../app/room-actions';
import { createSessionActions } from '../app/session-actions';
import { Composer } from '../components/composer/Composer';
import { droppedFiles, isFileDrag } from '../components/people/drop-files';
import { SendFilesDialog } from '../components/people/SendFilesDialog';
import type { UserActionsHandlers } from '../components/people/UserRow';
import type { PendingHandlers } from '../components/messages/PendingStatus';
import { AwayBanner, ReconnectingBanner } from '../components/room/Banners';
import { DmPanel } from '../components/room/DmPanel';
import { RoomClosed } from '../components/room/RoomClosed';
import { RoomHeader } from '../components/room/RoomHeader';
import { SidePane } from '../components/room/SidePane';
import { isLive, type TransferHandlers } from '../components/transfers/TransferItem';
import { FileCardActionsContext, type FileCardActions } from '../components/files/file-card-actions';
import { useT } from '../i18n/i18n';
import { displayName } from '../lib/display-text';
import { splitOutbox } from '../store/outbox';
import {
  currentRoom,
  selectAway,
  selectDm,
  selectHasOlder,
  selectOutbox,
  selectRoomConnection,
  selectRoomId,
  selectRoomView,
  selectUsers,
} from '../store/selectors';
import { LeaveDialog } from './LeaveDialog';
import { LaterBanner, RoomDialogs, useLater } from './RoomDialogs';
import { RoomSide } from './RoomSide';
import { RoomTimeline } from './RoomTimeline';
import { useRoomHistory } from './use-room-history';
import { DM_PANE_ID, SIDE_PANE_ID, useRoomLayout } from './use-room-layout';

/**
 * The room: the header across the window; below it the conversation and composer, the 1:1 pane and the people list
 * (or transfers, or search). In a narrow window the two side columns open over the conversation from header toggles,
 * so the conversation keeps the whole width. A room its host closed keeps its conversation, with the way home.
 */
export function Room() {
  const api = useApi();
  const store = useStore();
  const t = useT();
  // Narrow reads, not the whole RoomState (new with every arriving message): the timeline has its own subscriber.
  const roomId = useAppState(selectRoomId);
  const room = useAppState(selectRoomView);
  const connection = useAppState(selectRoomConnection);
  const dm = useAppState(selectDm);
  const away = useAppState(selectAway);
  const outbox = useAppState(selectOutbox);
  const hasOlder = useAppState(selectHasOlder);
  const users = useAppState(selectUsers);
  const transfers = useAppState((s) => s.transfers);
  const panel = useAppState((s) => s.panel);
  const host = useAppState((s) => s.host);
  const historyOff = useAppState((s) => s.settings?.historyRetention === 'off');
  const [searchFocus, setSearchFocus] = useState(0);
  const [prefill, setPrefill] = useState<{ text: string; seq: number }>();
  const [dropHint, setDropHint] = useState(false);
  const [choosingRecipients, setChoosingRecipients] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const later = useLater();
  /** "Send as a file" from the room's composer: who gets it (the dialog resolves this). */
  const [textFileFor, setTextFileFor] = useState<((to: string[] | null) => void) | null>(null);

  const actions = useMemo(() => createRoomActions(api, store, () => t), [api, store, t]);
  const session = useMemo(() => createSessionActions(api, store), [api, store]);
  const stored = useRoomHistory(api, store, roomId ?? undefined, room?.roomKey, hasOlder);
  const { narrow, dmOpen, sideOpen, closeSide, closeDm, togglePanel, toggles } = useRoomLayout(store, panel, dm);

  // Ctrl/Cmd+F opens the search panel (or puts the cursor back in its box).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'f')
        return;
      event.preventDefault();
      store.dispatchNow({ type: 'panel', panel: 'search' });
      setSearchFocus((n) => n + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  // The app menu's room items, and a click on a whisper's notification (which starts a reply).
  useEffect(() => {
    const offMenu = api.on('menu', ({ command }) => {
      if (command === 'send-files') setChoosingRecipients(true);
      else if (command === 'toggle-away') void actions.setAway(!currentRoom(store.getState())?.away);
      else if (command === 'leave-room') setLeaving(true);
      else if (command === 'host-room' || command === 'join-room') {
        store.dispatchNow({ type: 'local-notice', notice: { type: 'error', text: t.leaveRoomFirst }, now: Date.now() });
      }
    });
    const offFocus = api.on('focus', (target) => {
      if (target.kind === 'whisper') setPrefill((p) => ({ text: `/to ${target.peer} `, seq: (p?.seq ?? 0) + 1 }));
    });
    return () => {
      offMenu();
      offFocus();
    };
  }, [api, store, actions, t]);

  const handlers: UserActionsHandlers = useMemo(
    () => ({
      onWhisper: (nick) => {
        actions.startWhisper(nick);
        setPrefill((p) => ({ text: `/to ${nick} `, seq: (p?.seq ?? 0) + 1 }));
      },
      onAskDm: (nick) => void actions.askDm(nick),
      onSendFiles: (nick) => void actions.pickAndSend([nick]),
      onDropFiles: (nick, files) => void actions.dropAndSend([nick], files),
    }),
    [actions],
  );
  const transferHandlers: TransferHandlers = useMemo(
    () => ({
      onCancel: (transferId) => void actions.cancelTransfer(transferId),
      onResume: (transferId) => void actions.resumeTransfer(transferId),
      onShowInFolder: (transferId) => void actions.showInFolder(transferId),
    }),
    [actions],
  );
  const cardActions: FileCardActions = useMemo(
    () => ({
      answer: (answer) => void actions.answerOffer(answer),
      cancel: (transferId) => void actions.cancelTransfer(transferId),
      showInFolder: (transferId) => void actions.showInFolder(transferId),
    }),
    [actions],
  );
  const pendingHandlers: PendingHandlers = useMemo(
    () => ({ onRetry: (cid) => void actions.retry(cid), onDiscard: (cid) => void actions.discard(cid) }),
    [actions],
  );
  const pending = useMemo(() => splitOutbox(outbox), [outbox]);
  const markDmRead = useCallback(() => store.dispatch({ type: 'dm-read' }), [store]);
  const chooseRecipients = useCallback(
    () => new Promise<string[] | null>((resolve) => setTextFileFor(() => resolve)),
    [],
  );
  const sendLongTo = useCallback(
    (target: 'room' | 'dm') =>
      (text: string, how: 'split' | 'file', onProgress: (sent: number, total: number) => void) =>
        actions.sendLong(text, target, how, { onProgress, chooseRecipients }),
    [actions, chooseRecipients],
  );

  if (!room || !connection) return null;
  const nicks = users.map((u) => u.nick);
  const liveCount = transfers.filter((tr) => isLive(tr.state)).length;
  const dmActive = dm?.state === 'active';
  const queued = connection.phase === 'reconnecting' || connection.phase === 'connecting';
  const closed = connection.phase === 'closed';

  return (
    <FileCardActionsContext.Provider value={cardActions}>
      <div className="flex h-full flex-col">
        <RoomHeader
          room={room}
          connection={connection}
          userCount={users.length}
          away={away}
          liveTransfers={liveCount}
          transfersOpen={panel === 'transfers'}
          searchOpen={panel === 'search'}
          narrow={narrow}
          toggles={toggles}
          onToggleSearch={() => togglePanel('search')}
          onToggleAway={() => void actions.setAway(!away)}
          onToggleTransfers={() => togglePanel('transfers')}
          onSettings={() => store.dispatchNow({ type: 'panel', panel: 'settings' })}
          onLeave={() => setLeaving(true)}
        />
        <div className="relative flex min-h-0 flex-1">
          <main
            className="relative flex min-w-0 flex-1 flex-col bg-panel"
            onDragOver={(e) => {
              if (closed || !isFileDrag(e)) return;
              e.preventDefault();
              setDropHint(true);
            }}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropHint(false);
            }}
            onDrop={(e) => {
              e.preventDefault();
              setDropHint(false);
              if (!closed) void actions.dropAndSendToRoom(droppedFiles(e));
            }}
          >
            <ReconnectingBanner connection={connection} />
            {away && !closed && (
              <AwayBanner historyKept={room.historyKept} onBack={() => void actions.setAway(false)} />
            )}
            <LaterBanner later={later} />
            <RoomTimeline
              label={t.messages}
              empty={t.emptyRoom}
              pending={pending.room}
              pendingHandlers={pendingHandlers}
              onNearTop={stored.onNearTop}
              loadingOlder={stored.loadingOlder}
              focus={stored.focus}
            />
            {closed ? (
              <RoomClosed
                onHome={() => void actions.leave()}
                onRejoin={() => session.join({ host: room.host, port: room.port, nick: room.nick })}
              />
            ) : (
              <Composer
                placeholder={t.messagePlaceholder(displayName(room.roomName || room.host, 32))}
                nicks={nicks}
                self={room.nick}
                prefill={prefill}
                onSubmit={(text) => actions.submit(text, 'room')}
                limitBytes={room.textBytes}
                onSendLong={sendLongTo('room')}
                onAttach={() => setChoosingRecipients(true)}
                queued={queued}
                autoFocus
              />
            )}
            {dropHint && (
              <div className="pointer-events-none absolute inset-3 flex items-center justify-center rounded-2xl border-2 border-dashed border-accent bg-accent-soft/85 text-sm font-semibold text-accent">
                {t.dropToEveryone}
              </div>
            )}
          </main>
          {dm && !closed && (
            <SidePane id={DM_PANE_ID} narrow={narrow} open={dmOpen} width="w-[380px]" onClose={closeDm}>
              <DmPanel
                dm={dm}
                self={room.nick}
                onSubmit={(text) => actions.submit(text, 'dm')}
                limitBytes={room.textBytes}
                onSendLong={sendLongTo('dm')}
                onEnd={() => void actions.endDm()}
                onSendFiles={() => void actions.pickAndSend([dm.peer])}
                onDropFiles={(files) => void actions.dropAndSend([dm.peer], files)}
                onRead={markDmRead}
                pending={pending.dm}
                pendingHandlers={pendingHandlers}
                queued={queued}
              />
            </SidePane>
          )}
          {!closed && (
            <SidePane
              id={SIDE_PANE_ID}
              narrow={narrow}
              open={sideOpen}
              width={panel === 'transfers' || panel === 'search' ? 'w-80' : 'w-64'}
              onClose={closeSide}
            >
              <RoomSide
                panel={panel}
                host={host}
                users={users}
                self={room.nick}
                canDm={!dm}
                handlers={handlers}
                transfers={transfers}
                transferHandlers={transferHandlers}
                roomKey={room.roomKey}
                historyOff={historyOff}
                searchFocus={searchFocus}
                onReveal={stored.reveal}
                onStopHosting={() => void session.stopHosting()}
                onClearFinished={() => void actions.clearFinished()}
                onClosePanel={closeSide}
              />
            </SidePane>
          )}
        </div>
        {!closed && <RoomDialogs actions={actions} later={later} />}
        {leaving && (
          <LeaveDialog
            dmPeer={dmActive ? dm?.peer : undefined}
            liveTransfers={liveCount}
            onStay={() => setLeaving(false)}
            onLeave={() => {
              setLeaving(false);
              void actions.leave();
            }}
          />
        )}
        {textFileFor && (
          <SendFilesDialog
            users={users}
            self={room.nick}
            title={t.sendTextFileTitle}
            description={t.sendTextFileBody}
            confirmLabel={t.sendAsFile}
            onClose={() => {
              setTextFileFor(null);
              textFileFor(null);
            }}
            onSend={(to) => {
              setTextFileFor(null);
              textFileFor(to);
            }}
          />
        )}
        {choosingRecipients && (
          <SendFilesDialog
            users={users}
            self={room.nick}
            onClose={() => setChoosingRecipients(false)}
            onSend={(to) => {
              setChoosingRecipients(false);
              void actions.pickAndSend(to);
            }}
            onSendToEveryone={() => {
              setChoosingRecipients(false);
              void actions.pickAndSendToRoom();
            }}
          />
        )}
      </div>
    </FileCardActionsContext.Provider>
  );
}
