import type {
  AppSnapshot,
  ConnectionState,
  HistoryPage,
  HostState,
  IncomingOffer,
  OutboxItem,
  RoomEvent,
  RoomId,
  RoomLink,
  RoomSnapshot,
  Settings,
  TransferInfo,
  TransferProgress,
  UserInfo,
} from '@contract/ipc-contract';
import type { NoticeView, Panel } from './model';

/**
 * Every change to the app state. Event-stream actions carry the contract payloads as they are; the room ones apply to
 * the room their id names, or to the current room (local notices, the 1:1 and away actions act on the room on screen).
 */
export type Action =
  | { type: 'snapshot'; snapshot: AppSnapshot; now: number }
  | { type: 'settings'; settings: Settings }
  | { type: 'connection'; connection: ConnectionState }
  | { type: 'host'; host: HostState }
  /** A room link was opened: the home screen's join form shows it (`null`: it did). */
  | { type: 'room-link'; link: RoomLink | null }
  | { type: 'joined'; room: RoomSnapshot; now: number }
  /** A room was left or closed for good (`roomId` omitted: the current one). */
  | { type: 'left'; roomId?: RoomId }
  | { type: 'users'; roomId?: RoomId; users: UserInfo[] }
  | { type: 'room-event'; roomId?: RoomId; event: RoomEvent & { historyId?: number }; now: number }
  /** A page of the room's stored history (`older`: one before what was loaded; else the newest). */
  | { type: 'history-page'; roomId: RoomId; page: HistoryPage; older: boolean }
  /** The stored history of a room (or of every room) was deleted. */
  | { type: 'history-cleared'; roomKey?: string }
  | { type: 'local-notice'; notice: NoticeView; now: number }
  /** One of my messages changed state in the room's outbox (main's `outbox` event). */
  | { type: 'outbox'; roomId?: RoomId; item: OutboxItem; now: number }
  /** A failed message the user deleted (`room.discard` done). */
  | { type: 'outbox-discarded'; roomId?: RoomId; cid: string }
  | { type: 'away'; away: boolean }
  | { type: 'dm-pending'; peer: string }
  | { type: 'dm-cancelled' }
  | { type: 'dm-request-answered'; from: string }
  | { type: 'dm-read' }
  | { type: 'offer'; offer: IncomingOffer; now: number }
  | { type: 'offer-closed'; offerId: string }
  /** The offer's dialog was put away: the offer stays open, answered from its card in the conversation. */
  | { type: 'offer-later'; offerId: string; /** false: opened again from the banner. */ later?: boolean }
  | { type: 'transfer'; transfer: TransferInfo }
  | { type: 'transfers-cleared'; transferIds: string[] }
  | { type: 'progress'; items: TransferProgress[] }
  | { type: 'panel'; panel: Panel };
