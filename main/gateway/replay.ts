/**
 * What a login replays (PROTOCOL.md "History and replay"): for a framed client, what its `login.history` asks for
 * within the room's history; for a plain-text client, the latest room messages. Selection only: the sessions send.
 */
import type { HistoryWanted } from '../protocol/messages.js';
import type { Envelope } from '../rooms/member.js';
import type { MessageRecord } from '../rooms/message-point.js';
import { histEnvelopes, REPLAY_BUDGET_BYTES, visibleTo, type Viewer } from '../rooms/room-history.js';
import type { Room } from '../rooms/room.js';

/** Messages a framed login gets when it does not say `history.max`. */
export const DEFAULT_REPLAY_MAX = 100;
/** Room messages a plain-text client gets on login. */
export const TEXT_REPLAY_MAX = 20;

export interface Replay {
  envelopes: Envelope[];
  /** Something this member asked for and may see is not in `envelopes` (no longer kept, or over the byte budget). */
  truncated: boolean;
}

/**
 * The replay for a framed login in run `run`. With the same run and `after`: every visible kept message after it
 * (`truncated` when the ring no longer holds the message after `after`). Otherwise the latest `max` visible ones
 * (default DEFAULT_REPLAY_MAX, at most the room's capacity; `truncated` when fewer than `max` were sent and the
 * room has discarded messages of this run, or keeps none). Either way the newest within the byte budget; leaving older out sets `truncated`.
 */
export function loginReplay(room: Room, run: string, viewer: Viewer, wanted: HistoryWanted = {}): Replay {
  const { history } = room;
  const visible = (record: MessageRecord): boolean => visibleTo(record, viewer);
  let records: MessageRecord[];
  let truncated: boolean;
  if (wanted.run === run && wanted.after !== undefined) {
    records = history.since(wanted.after, visible);
    truncated = !history.keepsAllAfter(wanted.after);
  } else {
    const max = wanted.max ?? DEFAULT_REPLAY_MAX;
    records = history.latest(Math.min(max, history.capacity), visible);
    truncated = history.dropped && records.length < max;
  }
  const { envelopes, cut } = histEnvelopes(records, room.options.replayBytes ?? REPLAY_BUDGET_BYTES);
  return { envelopes, truncated: truncated || cut };
}

/** The latest room messages for a plain-text client that just joined (private ones never). */
export function textReplay(room: Room): MessageRecord[] {
  return room.history.latest(TEXT_REPLAY_MAX, (record) => record.scope === 'room');
}
