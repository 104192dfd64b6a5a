import type { HostState, RoomSnapshot, TransferInfo } from '@contract/ipc-contract';
import type { Action } from './actions';
import { emptyLog } from './message-log';
import type { AppState, DmView, RoomView, TransferView } from './model';
import { addNotice, roomEventReducer, sortUsers } from './room-reducer';

export function initialState(): AppState {
  return {
    settings: null,
    osLocale: 'en',
    connection: { phase: 'idle' },
    room: null,
    host: { running: false },
    users: [],
    timeline: emptyLog(),
    dm: null,
    dmRequests: [],
    away: false,
    missedWhileAway: null,
    offers: [],
    transfers: [],
    panel: 'none',
  };
}

const NOT_HOSTING: HostState = { running: false };

function roomView(room: RoomSnapshot): RoomView {
  return { host: room.host, port: room.port, roomName: room.roomName, nick: room.nick, maxUsers: room.maxUsers };
}

function withRoom(state: AppState, room: RoomSnapshot): AppState {
  const sameRoom = state.room?.host === room.host && state.room.port === room.port;
  let dm: DmView | null = null;
  if (room.dmPeer) dm = { peer: room.dmPeer, state: 'active', log: state.dm?.log ?? emptyLog(), unread: 0 };
  else if (room.pendingWith) dm = { peer: room.pendingWith, state: 'pending-out', log: emptyLog(), unread: 0 };
  return {
    ...state,
    room: roomView(room),
    users: sortUsers(room.users),
    timeline: sameRoom ? state.timeline : emptyLog(),
    dm,
    away: room.users.some((u) => u.nick === room.nick && u.status === 'away'),
  };
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
      let next: AppState = {
        ...state,
        settings: snapshot.settings,
        osLocale: snapshot.osLocale,
        connection: snapshot.connection,
        host: snapshot.host,
        offers: snapshot.offers.map((o) => ({ ...o, expiresAt: now + o.expiresInMs })),
        transfers: snapshot.transfers.map((t) => ({ ...t, bytesPerSec: 0, etaMs: null })),
      };
      next = snapshot.room ? withRoom(next, snapshot.room) : { ...next, room: null, users: [] };
      return next;
    }
    case 'settings':
      return { ...state, settings: action.settings };
    case 'connection': {
      const c = action.connection;
      const room = state.room && c.nick && c.nick !== state.room.nick ? { ...state.room, nick: c.nick } : state.room;
      return { ...state, connection: c, room };
    }
    case 'host':
      return { ...state, host: action.host ?? NOT_HOSTING };
    case 'joined':
      return withRoom(state, action.room);
    case 'left':
      return {
        ...state,
        room: null,
        users: [],
        dm: null,
        dmRequests: [],
        away: false,
        missedWhileAway: null,
        offers: [],
      };
    case 'users':
      return { ...state, users: sortUsers(action.users) };
    case 'room-event':
      return roomEventReducer(state, action.event, action.now);
    case 'local-notice':
      return addNotice(state, action.notice, action.now);
    case 'away':
      return { ...state, away: action.away, missedWhileAway: action.away ? null : state.missedWhileAway };
    case 'dismiss-missed':
      return { ...state, missedWhileAway: null };
    case 'dm-pending':
      return { ...state, dm: { peer: action.peer, state: 'pending-out', log: emptyLog(), unread: 0 } };
    case 'dm-cancelled':
      return state.dm?.state === 'pending-out' ? { ...state, dm: null } : state;
    case 'dm-request-answered':
      return { ...state, dmRequests: state.dmRequests.filter((r) => r.from !== action.from) };
    case 'dm-read':
      return state.dm && state.dm.unread > 0 ? { ...state, dm: { ...state.dm, unread: 0 } } : state;
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
