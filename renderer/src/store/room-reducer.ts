/** The room's part of the reducer: one event of a room's stream (messages, replayed history, people, away, 1:1). */
import type { RoomEvent, UserInfo } from '@contract/ipc-contract';
import { appendToLog, emptyLog } from './message-log';
import type { MessageLog } from './message-log';
import type { DmView, FileCardEntry, NoticeView, RoomState, TimelineEntry } from './model';
import { intern } from './intern';
import { settleEcho } from './outbox';
import { alreadyShown, endsInHistory } from './replay';
import { hasHistoryId } from './stored-history';

export const sameNick = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function sortUsers(users: readonly UserInfo[]): UserInfo[] {
  return [...users].sort((a, b) => a.nick.localeCompare(b.nick, undefined, { sensitivity: 'base' }));
}

let noticeSeq = 0;
export function addNotice(state: RoomState, notice: NoticeView, ts: number, historyId?: number): RoomState {
  noticeSeq += 1;
  const entry: TimelineEntry = {
    kind: 'notice',
    key: `n${noticeSeq}`,
    ts,
    notice,
    ...(historyId === undefined ? {} : { historyId }),
  };
  return { ...state, timeline: appendToLog(state.timeline, [entry]) };
}

function addMessage(state: RoomState, event: Extract<RoomEvent, { t: 'msg' }>): RoomState {
  return own(addToLog(state, event), event);
}

/** My message arrived: its pending copy (if still shown) gives way. */
function own(state: RoomState, event: Extract<RoomEvent, { t: 'msg' }>): RoomState {
  if (!sameNick(event.from, state.room.nick)) return state;
  return settleEcho(state, { ...event, kind: 'msg', key: '', own: true, run: event.run ?? '' });
}

function addToLog(state: RoomState, event: Extract<RoomEvent, { t: 'msg' }>): RoomState {
  const own = sameNick(event.from, state.room.nick);
  const run = intern(event.run ?? '');
  const entry: TimelineEntry = {
    kind: 'msg',
    key: `m${run}:${event.mid}`,
    mid: event.mid,
    ts: event.ts,
    from: intern(event.from),
    text: event.text,
    scope: intern(event.scope),
    to: event.to === undefined ? undefined : intern(event.to),
    own,
    run,
    ...(event.hist ? { hist: true } : {}),
    ...(event.historyId === undefined ? {} : { historyId: event.historyId }),
  };
  const held = event.hist && state.heldToCome > 0;
  const next = held ? { ...state, heldToCome: state.heldToCome - 1 } : state;
  if (event.scope !== 'dm') {
    if (event.hist && alreadyShown(next.timeline, run, event.mid)) return next;
    // Loaded from the store already (a replay of a message kept on this device).
    if (event.historyId !== undefined && hasHistoryId(next.timeline, event.historyId)) return next;
    const separated =
      event.hist && !held && !endsInHistory(next.timeline) ? addNotice(next, { type: 'earlier' }, event.ts) : next;
    return { ...separated, timeline: appendToLog(separated.timeline, [entry]) };
  }
  const peer = own ? (event.to ?? state.dm?.peer ?? '') : event.from;
  const dm: DmView =
    state.dm && sameNick(state.dm.peer, peer) ? state.dm : { peer, state: 'active', log: emptyLog(), unread: 0 };
  if (event.hist && alreadyShown(dm.log, run, event.mid)) return next;
  const unread = own || event.hist ? dm.unread : dm.unread + 1;
  return { ...next, dm: { ...dm, log: appendToLog(dm.log, [entry]), unread } };
}

/**
 * A file card, new or changed: it replaces the card of the same offer where it is, else it is added to the 1:1's log
 * (a card offered between 1:1 partners, while that 1:1 is open) or the room's.
 */
function withFileCard(state: RoomState, event: Extract<RoomEvent, { t: 'file' }>, historyId?: number): RoomState {
  const entry: FileCardEntry = {
    kind: 'file',
    key: `f${event.file.offerId ?? event.ts}>${event.own ? event.to : ''}`,
    ts: event.ts,
    from: event.from,
    to: event.to,
    own: event.own,
    file: event.file,
    ...(historyId === undefined ? {} : { historyId }),
  };
  const inDm = state.dm !== null && event.scope === 'dm';
  if (inDm) {
    const replaced = replaceCard(state.dm!.log, entry);
    const log = replaced ?? appendToLog(state.dm!.log, [entry]);
    return { ...state, dm: { ...state.dm!, log } };
  }
  const replaced = replaceCard(state.timeline, entry);
  return { ...state, timeline: replaced ?? appendToLog(state.timeline, [entry]) };
}

/** How far back a card is looked for (a card changes state within minutes of its offer). */
const CARD_SEARCH = 2_000;

/** The log with `entry` in place of the card of the same offer (keeping its key), or null when it has none. */
function replaceCard(log: MessageLog<TimelineEntry>, entry: FileCardEntry): MessageLog<TimelineEntry> | null {
  const offerId = entry.file.offerId;
  for (let i = log.length - 1; i >= Math.max(0, log.length - CARD_SEARCH); i--) {
    const row = log.items[i]!;
    if (row.kind !== 'file') continue;
    // One offer may reach several people: each of my sends has its own card.
    const same =
      (offerId !== undefined && row.file.offerId === offerId && row.own === entry.own && row.to === entry.to) ||
      (entry.historyId !== undefined && row.historyId === entry.historyId);
    if (!same) continue;
    const items = [...log.items];
    items[i] = { ...entry, key: row.key, ts: row.ts };
    return { items, length: log.length };
  }
  return null;
}

/** Coming back: how many messages were held for me and follow now, and how many were lost or never kept. */
function awake(state: RoomState, event: Extract<RoomEvent, { t: 'awake' }>, now: number): RoomState {
  const back = { ...state, away: false, heldToCome: event.held ?? 0 };
  if (event.missed === 0) return back;
  if (!event.held) return addNotice(back, { type: 'away-not-kept', missed: event.missed }, now);
  return addNotice(back, { type: 'away-held', held: event.held, lost: Math.max(0, event.missed - event.held) }, now);
}

/** Applies one event of a room's stream to that room (its notice keeps the event's id in the store). */
export function roomEventReducer(state: RoomState, event: RoomEvent & { historyId?: number }, now: number): RoomState {
  const note = (s: RoomState, notice: NoticeView, ts: number) => addNotice(s, notice, ts, event.historyId);
  switch (event.t) {
    case 'msg':
      return addMessage(state, event);
    case 'joined': {
      const users = sortUsers([...state.users.filter((u) => !sameNick(u.nick, event.user.nick)), event.user]);
      return note({ ...state, users }, { type: 'joined', nick: event.user.nick }, event.ts);
    }
    case 'left': {
      const users = state.users.filter((u) => !sameNick(u.nick, event.nick));
      const dmRequests = state.dmRequests.filter((r) => !sameNick(r.from, event.nick));
      return note({ ...state, users, dmRequests }, { type: 'left', nick: event.nick, reason: event.reason }, event.ts);
    }
    case 'renamed': {
      const users = sortUsers(state.users.map((u) => (sameNick(u.nick, event.from) ? { ...u, nick: event.to } : u)));
      const room = sameNick(state.room.nick, event.from) ? { ...state.room, nick: event.to } : state.room;
      const dm = state.dm && sameNick(state.dm.peer, event.from) ? { ...state.dm, peer: event.to } : state.dm;
      return note({ ...state, users, room, dm }, { type: 'renamed', from: event.from, to: event.to }, event.ts);
    }
    case 'status': {
      const before = state.users.find((u) => sameNick(u.nick, event.nick));
      const users = state.users.map((u) =>
        sameNick(u.nick, event.nick) ? { ...u, status: event.status, awayText: event.awayText } : u,
      );
      const isMe = sameNick(state.room.nick, event.nick);
      const next = { ...state, users, away: isMe ? event.status === 'away' : state.away };
      if (event.status === 'away' && before?.status !== 'away')
        return note(next, { type: 'away', nick: event.nick, awayText: event.awayText }, event.ts);
      if (before?.status === 'away' && event.status !== 'away')
        return note(next, { type: 'back', nick: event.nick }, event.ts);
      return next;
    }
    case 'awake':
      return awake(state, event, now);
    case 'with.request':
      return {
        ...state,
        dmRequests: [
          ...state.dmRequests.filter((r) => !sameNick(r.from, event.from)),
          { from: event.from, expiresAt: now + event.expiresInMs },
        ],
      };
    case 'with.started': {
      const keep = state.dm && sameNick(state.dm.peer, event.peer) ? state.dm : null;
      const dm: DmView = { peer: event.peer, state: 'active', log: keep?.log ?? emptyLog(), unread: keep?.unread ?? 0 };
      const dmRequests = state.dmRequests.filter((r) => !sameNick(r.from, event.peer));
      return note({ ...state, dm, dmRequests }, { type: 'dm-started', peer: event.peer }, now);
    }
    case 'with.ended': {
      const dm = state.dm && sameNick(state.dm.peer, event.peer) ? null : state.dm;
      const dmRequests = state.dmRequests.filter((r) => !sameNick(r.from, event.peer));
      return note(
        { ...state, dm, dmRequests },
        { type: 'dm-ended', peer: event.peer, reason: event.reason, by: event.by },
        now,
      );
    }
    case 'notice':
      return note(state, { type: 'server', code: event.code, text: event.text }, now);
    case 'file':
      return withFileCard(state, event, event.historyId);
    default:
      return state;
  }
}
