import type { ConnectionState, HostState, RoomEvent, RoomId, RoomSnapshot, TransferInfo } from '@contract/ipc-contract';
import type { Action } from './actions';
import { emptyLog } from './message-log';
import type { AppState, DmView, RoomState, RoomView, StoredHistoryView, TimelineEntry, TransferView } from './model';
import { applyOutboxItem, discardPending, restoreOutbox } from './outbox';
import { addNotice, roomEventReducer, sortUsers } from './room-reducer';
import { currentRoom } from './selectors';
import { withStoredPage } from './stored-reducer';

const NOTHING_STORED: StoredHistoryView = { loaded: false, hasOlder: false, oldestId: null };

export function initialState(): AppState {
  return {
    settings: null,
    osLocale: 'en',
    connection: { phase: 'idle' },
    rooms: {},
    currentRoomId: null,
    early: null,
    host: { running: false },
    roomLink: null,
    offers: [],
    transfers: [],
    panel: 'none',
  };
}

const NOT_HOSTING: HostState = { running: false };

/** The protocol's text limit (4 KiB), for an app that does not say the room's. */
export const DEFAULT_TEXT_BYTES = 4096;

function roomView(room: RoomSnapshot): RoomView {
  return {
    host: room.host,
    port: room.port,
    roomName: room.roomName,
    nick: room.nick,
    maxUsers: room.maxUsers,
    textBytes: room.limits?.textBytes ?? DEFAULT_TEXT_BYTES,
    historyKept: room.limits?.historyKept ?? 0,
    roomKey: room.roomKey,
  };
}

/**
 * A joined room becomes the current one; rejoining the room on screen (same host and port) keeps its conversation.
 * Its outbox is main's (a reload restores what is still sending or failed).
 */
function withRoom(state: AppState, room: RoomSnapshot, now: number): AppState {
  const before = currentRoom(state);
  const sameRoom = before?.room.host === room.host && before.room.port === room.port;
  let dm: DmView | null = null;
  if (room.dmPeer) dm = { peer: room.dmPeer, state: 'active', log: before?.dm?.log ?? emptyLog(), unread: 0 };
  else if (room.pendingWith) dm = { peer: room.pendingWith, state: 'pending-out', log: emptyLog(), unread: 0 };
  const connection: ConnectionState =
    state.connection.roomId === undefined || state.connection.roomId === room.roomId
      ? state.connection
      : { phase: 'connected', roomId: room.roomId, host: room.host, port: room.port, nick: room.nick };
  const next: RoomState = {
    roomId: room.roomId,
    connection,
    room: roomView(room),
    users: sortUsers(room.users),
    timeline: sameRoom && before ? before.timeline : emptyLog(),
    stored: sameRoom && before ? before.stored : NOTHING_STORED,
    dm,
    dmRequests: before?.roomId === room.roomId ? before.dmRequests : [],
    away: room.users.some((u) => u.nick === room.nick && u.status === 'away'),
    heldToCome: 0,
    outbox: before?.roomId === room.roomId ? before.outbox : [],
  };
  // One room at a time today: the new room replaces whatever was on screen.
  let joined = next;
  if (state.early?.roomId === room.roomId)
    for (const early of state.early.events) joined = roomEventReducer(joined, early.event, early.now);
  joined = restoreOutbox(joined, room.outbox, now);
  return { ...state, rooms: { [room.roomId]: joined }, currentRoomId: room.roomId, early: null };
}

/** How many events of a room not joined yet are kept for it (a replay is at most the host's history). */
const EARLY_LIMIT = 5_000;

/** An event for a room this page does not know yet: kept for when its join answers (only the latest such room). */
function keepEarly(state: AppState, roomId: RoomId, event: RoomEvent & { historyId?: number }, now: number): AppState {
  const events = state.early?.roomId === roomId ? state.early.events : [];
  if (events.length >= EARLY_LIMIT) return state;
  return { ...state, early: { roomId, events: [...events, { event, now }] } };
}

/** Applies `change` to the room `roomId` names (omitted: the current room); no such room, no change. */
function inRoom(state: AppState, roomId: RoomId | undefined, change: (room: RoomState) => RoomState): AppState {
  const id = roomId ?? state.currentRoomId;
  const room = id === null ? undefined : state.rooms[id];
  if (!room || id === null) return state;
  const next = change(room);
  return next === room ? state : { ...state, rooms: { ...state.rooms, [id]: next } };
}

function withoutRoom(state: AppState, roomId: RoomId | undefined): AppState {
  const id = roomId ?? state.currentRoomId;
  const rooms = { ...state.rooms };
  if (id !== null) delete rooms[id];
  return { ...state, rooms, currentRoomId: state.currentRoomId === id ? null : state.currentRoomId, offers: [] };
}

function upsertTransfer(transfers: TransferView[], info: TransferInfo): TransferView[] {
  const index = transfers.findIndex((t) => t.transferId === info.transferId);
  if (index < 0) return [...transfers, { ...info, bytesPerSec: 0, etaMs: null }];
  const next = [...transfers];
  const old = next[index]!;
  const running = info.state === 'running';
  next[index] = { ...info, bytesPerSec: running ? old.bytesPerSec : 0, etaMs: running ? old.etaMs : null };
  return next;
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'snapshot': {
      const { snapshot, now } = action;
      const next: AppState = {
        ...state,
        settings: snapshot.settings,
        osLocale: snapshot.osLocale,
        connection: snapshot.connection,
        host: snapshot.host,
        offers: snapshot.offers.map((o) => ({ ...o, expiresAt: now + o.expiresInMs })),
        transfers: snapshot.transfers.map((t) => ({ ...t, bytesPerSec: 0, etaMs: null })),
      };
      return snapshot.room ? withRoom(next, snapshot.room, now) : { ...next, rooms: {}, currentRoomId: null };
    }
    case 'settings':
      return { ...state, settings: action.settings };
    case 'connection': {
      const c = action.connection;
      const next = inRoom({ ...state, connection: c }, c.roomId, (r) => ({
        ...r,
        connection: c,
        room: c.nick && c.nick !== r.room.nick ? { ...r.room, nick: c.nick } : r.room,
        // Closed by its host: nobody is left to talk to (no 1:1, no requests, no people).
        ...(c.phase === 'closed' ? { dm: null, dmRequests: [], users: [] } : {}),
      }));
      return c.phase === 'closed' ? { ...next, offers: [] } : next;
    }
    case 'host':
      return { ...state, host: action.host ?? NOT_HOSTING };
    case 'room-link':
      return {
        ...state,
        roomLink: action.link ? { link: action.link, seq: (state.roomLink?.seq ?? 0) + 1 } : null,
      };
    case 'joined':
      return withRoom(state, action.room, action.now);
    case 'left':
      return withoutRoom(state, action.roomId);
    case 'users':
      return inRoom(state, action.roomId, (r) => ({ ...r, users: sortUsers(action.users) }));
    case 'room-event':
      if (action.roomId !== undefined && !state.rooms[action.roomId])
        return keepEarly(state, action.roomId, action.event, action.now);
      return inRoom(state, action.roomId, (r) => roomEventReducer(r, action.event, action.now));
    case 'outbox':
      return inRoom(state, action.roomId, (r) => applyOutboxItem(r, action.item, action.now));
    case 'outbox-discarded':
      return inRoom(state, action.roomId, (r) => discardPending(r, action.cid));
    case 'history-page':
      return inRoom(state, action.roomId, (r) => withStoredPage(r, action.page, action.older));
    case 'history-cleared': {
      const cleared = (r: RoomState): RoomState =>
        action.roomKey === undefined || r.room.roomKey === action.roomKey
          ? { ...r, timeline: emptyLog<TimelineEntry>(), stored: { ...NOTHING_STORED, loaded: true } }
          : r;
      const rooms = Object.fromEntries(Object.entries(state.rooms).map(([id, r]) => [id, cleared(r)]));
      return { ...state, rooms };
    }
    case 'local-notice':
      return inRoom(state, undefined, (r) => addNotice(r, action.notice, action.now));
    case 'away':
      return inRoom(state, undefined, (r) => ({ ...r, away: action.away }));
    case 'dm-pending':
      return inRoom(state, undefined, (r) => ({
        ...r,
        dm: { peer: action.peer, state: 'pending-out', log: emptyLog(), unread: 0 },
      }));
    case 'dm-cancelled':
      return inRoom(state, undefined, (r) => (r.dm?.state === 'pending-out' ? { ...r, dm: null } : r));
    case 'dm-request-answered':
      return inRoom(state, undefined, (r) => ({
        ...r,
        dmRequests: r.dmRequests.filter((q) => q.from !== action.from),
      }));
    case 'dm-read':
      return inRoom(state, undefined, (r) => (r.dm && r.dm.unread > 0 ? { ...r, dm: { ...r.dm, unread: 0 } } : r));
    case 'offer':
      return {
        ...state,
        offers: action.offer.autoAccepted
          ? state.offers
          : [
              ...state.offers.filter((o) => o.offerId !== action.offer.offerId),
              { ...action.offer, expiresAt: action.now + action.offer.expiresInMs },
            ],
      };
    case 'offer-later':
      return {
        ...state,
        offers: state.offers.map((o) => (o.offerId === action.offerId ? { ...o, later: action.later ?? true } : o)),
      };
    case 'offer-closed':
      return { ...state, offers: state.offers.filter((o) => o.offerId !== action.offerId) };
    case 'transfer':
      return { ...state, transfers: upsertTransfer(state.transfers, action.transfer) };
    case 'transfers-cleared': {
      const cleared = new Set(action.transferIds);
      return { ...state, transfers: state.transfers.filter((t) => !cleared.has(t.transferId)) };
    }
    case 'progress': {
      const byId = new Map(action.items.map((p) => [p.transferId, p]));
      const transfers = state.transfers.map((t) => {
        const p = byId.get(t.transferId);
        return p ? { ...t, bytes: p.bytes, size: p.size, bytesPerSec: p.bytesPerSec, etaMs: p.etaMs } : t;
      });
      return { ...state, transfers };
    }
    case 'panel':
      return { ...state, panel: action.panel };
    default:
      return state;
  }
}
