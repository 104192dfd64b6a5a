/** The renderer's view of the app: what the screens show. Filled from `app.ready`, API results and the event stream. */
import type {
  AppError,
  ConnectionState,
  DmEndReason,
  HistoryFileCard,
  HostState,
  IncomingOffer,
  LeaveReason,
  MessageScope,
  RoomId,
  RoomEvent,
  RoomKey,
  RoomLink,
  Settings,
  TransferInfo,
  UserInfo,
} from '@contract/ipc-contract';
import type { MessageLog } from './message-log';

export type TimelineEntry =
  | {
      kind: 'msg';
      key: string;
      mid: number;
      ts: number;
      from: string;
      text: string;
      scope: MessageScope;
      to?: string;
      own: boolean;
      /** Replayed from the host's history (after joining, reconnecting or coming back), not live. */
      hist?: boolean;
      /** The host's history run `mid` belongs to ('' from hosts without history, and for stored entries). */
      run: string;
      /** Its entry in the conversation store, when stored. */
      historyId?: number;
      /** Loaded from the conversation store on this device (not from the room's stream). */
      stored?: true;
    }
  | { kind: 'notice'; key: string; ts: number; notice: NoticeView; historyId?: number }
  /** A file offer's card (its live progress comes from `transfers`); `key` is `f<offerId>`, or `h<id>` when loaded. */
  | {
      kind: 'file';
      key: string;
      ts: number;
      from: string;
      to?: string;
      own: boolean;
      file: HistoryFileCard;
      historyId?: number;
    };

export type FileCardEntry = Extract<TimelineEntry, { kind: 'file' }>;

export type MessageEntry = Extract<TimelineEntry, { kind: 'msg' }>;

/**
 * One of my messages the room has not posted yet (the outbox): shown after the conversation as mine, `sending` or
 * `failed` (with why). `sent`: the room gave it `mid` and its own copy of the message has not arrived yet (shown as
 * a normal message until then). `mid` is 0 until sent; `key` is `o<cid>`.
 */
export type PendingMessage = MessageEntry & { cid: string; state: 'sending' | 'sent' | 'failed'; error?: AppError };

/** System notices are stored as data and worded by the UI, so switching language rewords them. */
export type NoticeView =
  | { type: 'joined'; nick: string }
  | { type: 'left'; nick: string; reason: LeaveReason }
  | { type: 'renamed'; from: string; to: string }
  | { type: 'away'; nick: string; awayText?: string }
  | { type: 'back'; nick: string }
  | { type: 'dm-started'; peer: string }
  | { type: 'dm-ended'; peer: string; reason: DmEndReason; by?: string }
  | { type: 'server'; code: string; text: string }
  | { type: 'error'; text: string }
  /** Before my first whisper or 1:1 with a member whose connection is not encrypted. */
  | { type: 'unencrypted'; nick: string }
  | { type: 'help' }
  /** Coming back: `held` messages kept while I was away follow; `lost` older ones were no longer kept. */
  | { type: 'away-held'; held: number; lost: number }
  /** Coming back to a room that keeps no history: `missed` messages arrived and cannot be shown. */
  | { type: 'away-not-kept'; missed: number }
  /** Replayed history starts here (after joining or reconnecting). */
  | { type: 'earlier' }
  | { type: 'users'; users: UserInfo[] };

export interface DmView {
  peer: string;
  /** pending-out: we asked and wait; active: accepted and open. */
  state: 'pending-out' | 'active';
  log: MessageLog<TimelineEntry>;
  unread: number;
}

export interface DmRequestView {
  from: string;
  expiresAt: number;
}

export interface OfferView extends IncomingOffer {
  expiresAt: number;
  /** Put away with "Later": no dialog; its card in the conversation answers it. */
  later?: boolean;
}

export interface TransferView extends TransferInfo {
  bytesPerSec: number;
  etaMs: number | null;
}

export interface RoomView {
  host: string;
  port: number;
  roomName: string;
  nick: string;
  maxUsers: number;
  /** The longest message the room accepts, in UTF-8 bytes. */
  textBytes: number;
  /** How many room messages the host keeps (0: none; nothing is held while away). */
  historyKept: number;
  /** The room's key in the conversation store on this device. */
  roomKey?: RoomKey;
}

/** How much of the room's stored history the timeline holds. */
export interface StoredHistoryView {
  /** The newest page was merged (or the store answered nothing). */
  loaded: boolean;
  /** The store has entries older than `oldestId`. */
  hasOlder: boolean;
  /** The oldest stored entry loaded (the cursor for older pages), null before anything was. */
  oldestId: number | null;
}

export type Panel = 'none' | 'settings' | 'transfers' | 'search';

/** One joined room: its connection, people, conversation and 1:1. */
export interface RoomState {
  roomId: RoomId;
  connection: ConnectionState;
  room: RoomView;
  users: UserInfo[];
  timeline: MessageLog<TimelineEntry>;
  stored: StoredHistoryView;
  dm: DmView | null;
  dmRequests: DmRequestView[];
  away: boolean;
  /** Held messages announced by `awake` that have not arrived yet (they need no "Earlier messages" separator). */
  heldToCome: number;
  /** My messages not posted yet, in send order (room, whispers and 1:1 alike; see PendingMessage). */
  outbox: readonly PendingMessage[];
}

export interface AppState {
  /** Null until `app.ready` answered. */
  settings: Settings | null;
  osLocale: string;
  /** The latest connection event, whichever room it is about (each room keeps its own in its RoomState). */
  connection: ConnectionState;
  /** The joined rooms by id (one at most today); read the one on screen with `currentRoom`. */
  rooms: Readonly<Record<RoomId, RoomState>>;
  currentRoomId: RoomId | null;
  /**
   * Room events that came for a room before its join answered (the host's replay follows its welcome at once):
   * applied when the room is joined, so a late joiner's replayed history keeps its "Earlier messages" line.
   */
  early: { roomId: RoomId; events: { event: RoomEvent & { historyId?: number }; now: number }[] } | null;
  host: HostState;
  /** A room link opened and not shown in the join form yet (`seq` tells two openings of one link apart). */
  roomLink: { link: RoomLink; seq: number } | null;
  offers: OfferView[];
  transfers: TransferView[];
  panel: Panel;
}
