/**
 * My messages the room has not posted yet (main's outbox, seen through its `outbox` events): each shows at once after
 * the conversation as `sending`, or `failed` with why, and leaves the outbox when the room's own copy of it (the
 * `msg` echo) is in the conversation, so the message never shows twice. The host sends the echo before it answers
 * the sender, so the echo usually comes first: a live message of mine matches the first waiting message with the same
 * text and target, or, once the answer (`sent`, with its mid) is known, the mid (kept even if a host changed the text).
 */
import type { OutboxItem } from '@contract/ipc-contract';
import type { MessageLog } from './message-log';
import type { MessageEntry, PendingMessage, RoomState, TimelineEntry } from './model';

/** How far back the conversation is searched for a message's echo (the echo is normally the newest entry). */
const ECHO_SEARCH = 200;

const sameText = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function pendingFrom(room: RoomState, item: OutboxItem, ts: number): PendingMessage {
  const dm = item.scope === 'dm' || (item.scope === undefined && !item.to && room.dm?.state === 'active');
  return {
    kind: 'msg',
    key: `o${item.cid}`,
    mid: 0,
    ts,
    from: room.room.nick,
    text: item.text,
    scope: item.to ? 'whisper' : dm ? 'dm' : 'room',
    ...(item.to ? { to: item.to } : dm && room.dm ? { to: room.dm.peer } : {}),
    own: true,
    run: '',
    cid: item.cid,
    state: item.state,
    ...(item.error ? { error: item.error } : {}),
  };
}

const logOf = (room: RoomState, pending: PendingMessage): MessageLog<TimelineEntry> | undefined =>
  pending.scope === 'dm' ? room.dm?.log : room.timeline;

/** The room's copy of `pending` (posted as `mid`) is already in its conversation (mids count within the newest run). */
function echoed(room: RoomState, pending: PendingMessage, mid: number): boolean {
  const log = logOf(room, pending);
  if (!log) return false;
  let run: string | undefined;
  for (let i = log.length - 1; i >= Math.max(0, log.length - ECHO_SEARCH); i--) {
    const entry = log.items[i];
    if (entry?.kind !== 'msg') continue;
    run ??= entry.run;
    if (entry.run !== run) return false;
    if (entry.own && entry.mid === mid) return true;
  }
  return false;
}

function withOutbox(room: RoomState, outbox: readonly PendingMessage[]): RoomState {
  return { ...room, outbox };
}

/** Applies one `outbox` event to the room's pending messages. */
export function applyOutboxItem(room: RoomState, item: OutboxItem, now: number): RoomState {
  const index = room.outbox.findIndex((p) => p.cid === item.cid);
  const existing = room.outbox[index];
  const others = room.outbox.filter((_, i) => i !== index);
  const replaced = (next: PendingMessage) => withOutbox(room, room.outbox.with(index, next));
  switch (item.state) {
    case 'sent': {
      // Unknown: its echo came first and already took its place.
      if (!existing) return room;
      const mid = item.mid ?? 0;
      if (echoed(room, existing, mid)) return withOutbox(room, others);
      const { error: _error, ...rest } = existing;
      return replaced({ ...rest, state: 'sent', mid });
    }
    case 'failed': {
      const failed: PendingMessage = { ...(existing ?? pendingFrom(room, item, now)), state: 'failed' };
      if (item.error) failed.error = item.error;
      return existing ? replaced(failed) : withOutbox(room, [...room.outbox, failed]);
    }
    case 'sending': {
      if (!existing) return withOutbox(room, [...room.outbox, pendingFrom(room, item, now)]);
      if (existing.state === 'sending') return room;
      // Retried: it is sent after the others waiting, as in the outbox.
      const { error: _error, ...rest } = existing;
      return withOutbox(room, [...others, { ...rest, state: 'sending' }]);
    }
    default:
      return room;
  }
}

/** A message of mine arrived in the conversation: the pending message it is the room's copy of leaves the outbox. */
export function settleEcho(room: RoomState, entry: MessageEntry): RoomState {
  if (!entry.own || room.outbox.length === 0) return room;
  const sameTarget = (p: PendingMessage) =>
    p.scope === entry.scope && (p.scope !== 'whisper' || sameText(p.to ?? '', entry.to ?? ''));
  let index = room.outbox.findIndex((p) => p.state === 'sent' && p.mid === entry.mid);
  // A live copy is of the message on its way now: replayed ones may repeat older texts.
  if (index < 0 && !entry.hist)
    index = room.outbox.findIndex((p) => p.state === 'sending' && p.text === entry.text && sameTarget(p));
  return index < 0 ? room : withOutbox(room, room.outbox.toSpliced(index, 1));
}

export function discardPending(room: RoomState, cid: string): RoomState {
  const outbox = room.outbox.filter((p) => p.cid !== cid);
  return outbox.length === room.outbox.length ? room : withOutbox(room, outbox);
}

/**
 * The outbox a (re)joined room starts with: main's list (after a reload, what is still sending or failed), keeping
 * the times of messages already shown.
 */
export function restoreOutbox(room: RoomState, items: readonly OutboxItem[] | undefined, now: number): RoomState {
  const shown = new Map(room.outbox.map((p) => [p.cid, p]));
  const outbox = (items ?? [])
    .filter((item) => item.state !== 'sent')
    .map((item) => pendingFrom(room, item, shown.get(item.cid)?.ts ?? now));
  return withOutbox(room, outbox);
}

const NONE: readonly PendingMessage[] = [];

/** The pending messages of the room's conversation (room messages and whispers) and of the 1:1. */
export function splitOutbox(outbox: readonly PendingMessage[] | undefined): {
  room: readonly PendingMessage[];
  dm: readonly PendingMessage[];
} {
  if (!outbox || outbox.length === 0) return { room: NONE, dm: NONE };
  const dm = outbox.filter((p) => p.scope === 'dm');
  return { room: dm.length === 0 ? outbox : outbox.filter((p) => p.scope !== 'dm'), dm: dm.length === 0 ? NONE : dm };
}
