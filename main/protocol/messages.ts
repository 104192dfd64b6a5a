/**
 * Every JSON message of the framed protocol, as TypeScript types. docs/PROTOCOL.md describes the same set in prose;
 * keep the two in step. Each frame carries one object whose `t` field names its type.
 */
import type { ErrorCode } from './errors.js';
import type { FileClientMessage, FileServerMessage, FileResults } from './file-messages.js';

export type UserStatus = 'active' | 'away' | 'dm';

export interface UserInfo {
  nick: string;
  status: UserStatus;
  /** Optional away text set with `sleep`. */
  awayText?: string;
  /** Hex SHA-256 of the SPKI of the member's TLS client certificate; absent when the member presented none. */
  fp?: string;
  /**
   * True when the member is connected over TLS; false for plain-text and cleartext framed members. This server always
   * sends it; hosts older than issue 11 do not (treat absent as false), hence optional in the type.
   */
  secure?: boolean;
}

export type MessageScope = 'room' | 'whisper' | 'dm';

/** Why somebody left the room. */
export type LeaveReason =
  | 'quit'
  | 'disconnected'
  | 'keepalive_timeout'
  | 'login_timeout'
  | 'slow_consumer'
  | 'protocol_error'
  | 'internal'
  | 'server_shutdown'
  /** A plain-text member moved to another room of the server (`/join`, PROTOCOL.md section 19.4). */
  | 'moved'
  /** Cluster (section 20): the member's instance stopped answering, and another instance let it go. */
  | 'server_failed';

/** Why a 1:1 conversation (or a request for one) ended. */
export type DmEndReason = 'ended' | 'declined' | 'expired' | 'left' | 'cancelled' | 'busy';

// ---------------------------------------------------------------- client -> server requests

/** Requests carry an `id` (a positive integer chosen by the client); the server answers each with `ok` or `error`. */
interface Request {
  id: number;
}

export interface HelloMessage {
  t: 'hello';
  v: number;
  /** Free-form client name and version, for the host's log. */
  app?: string;
  /** The room to enter (PROTOCOL.md section 19.2); absent or "": the server's default room. */
  room?: string;
}
export interface LoginRequest extends Request {
  t: 'login';
  nick: string;
  /** Legacy: the room password itself, accepted only from unencrypted connections. */
  password?: string;
  /** CPace answer on TLS in a password room: b64u(Ya) and b64u(tagC) (PROTOCOL.md section 16). */
  pake?: { Y: string; tag: string };
  /** Which history to replay after the `ok` (PROTOCOL.md "History and replay"). Absent: the recent history. */
  history?: HistoryWanted;
}

/**
 * What a login asks to be replayed. With `run` equal to the welcome's `history.run` and `after`: every kept message
 * after that id this member may see (a reconnect: no gap, no duplicate). Otherwise (another run, or no `after`): the
 * last `max` kept messages (default and most: see PROTOCOL.md). `max: 0` asks for none.
 */
export interface HistoryWanted {
  run?: string;
  after?: number;
  max?: number;
}

/**
 * A client message id: chosen by the client (1-64 characters of A-Z a-z 0-9 _ -), unique per message it sends. The
 * host answers a `say`/`whisper` whose `cid` it has already posted for the same sender with the first `ok` (same
 * `mid`, `dup: true`) and posts nothing, so an outbox may resend after a reconnect without duplicates.
 */
export type ClientMessageId = string;
export interface SayRequest extends Request {
  t: 'say';
  text: string;
  /** Where to send. Default: `dm` while in a 1:1, otherwise `room`. */
  scope?: 'room' | 'dm';
  cid?: ClientMessageId;
}
export interface WhisperRequest extends Request {
  t: 'whisper';
  to: string;
  text: string;
  cid?: ClientMessageId;
}
/** One page of the user list: the members after position `after` (a `next` from the previous page; 0 or absent: from the start). */
export interface ListRequest extends Request {
  t: 'list';
  after?: number;
}
export interface SleepRequest extends Request {
  t: 'sleep';
  text?: string;
}
export interface WakeupRequest extends Request {
  t: 'wakeup';
}
export interface WithRequest extends Request {
  t: 'with';
  to: string;
}
export interface WithAnswerRequest extends Request {
  t: 'with.answer';
  from: string;
  accept: boolean;
}
export interface EndRequest extends Request {
  t: 'end';
}
export interface NickRequest extends Request {
  t: 'nick';
  nick: string;
}
export interface VersionRequest extends Request {
  t: 'version';
}
/** The server's rooms, one page at a time (section 19.3); allowed before login. */
export interface RoomsRequest extends Request {
  t: 'rooms';
  /** A `next` from the previous page. */
  after?: string;
}
export interface ByeMessage {
  t: 'bye';
  reason?: string;
}

/** Keepalive, in both directions: whoever receives `ping` answers `pong` with the same `id`. */
export interface PingMessage {
  t: 'ping';
  id: number;
}
export interface PongMessage {
  t: 'pong';
  id: number;
}

export type ClientRequest =
  | LoginRequest
  | SayRequest
  | WhisperRequest
  | ListRequest
  | SleepRequest
  | WakeupRequest
  | WithRequest
  | WithAnswerRequest
  | EndRequest
  | NickRequest
  | VersionRequest
  | RoomsRequest
  | Extract<FileClientMessage, { id: number }>;

export type ClientMessage = HelloMessage | ClientRequest | ByeMessage | PingMessage | PongMessage | FileClientMessage;

// ---------------------------------------------------------------- server -> client

export interface WelcomeMessage {
  t: 'welcome';
  v: number;
  server: string;
  /**
   * `people` (members now) and `plainAllowed` (plain-text clients let in) are absent from hosts older than issue 16;
   * the subnet probe lists rooms from them (docs/PROTOCOL.md section 18.5).
   */
  room: { name: string; passwordRequired: boolean; maxUsers: number; people?: number; plainAllowed?: boolean };
  limits: {
    frameBytes: number;
    textBytes: number;
    nickChars: number;
    /** The per-user message rate limit (token bucket); absent when the room has none. */
    rate?: { perSec: number; burst: number };
  };
  /**
   * The room's history: `run` names this server run's message ids (a `mid` is only comparable within one run), `kept`
   * how many room messages the host keeps (0: history off). Absent from hosts older than issue 12.
   */
  history?: { run: string; kept: number };
  /**
   * A cluster's instances (docs/PROTOCOL.md section 20.6): `host:port` of each one alive, this one included; a
   * wildcard host (`0.0.0.0`, `::`) means "the host you dialled". A client reconnects to the others when this one fails.
   */
  cluster?: { instances: string[] };
  /** On TLS in a password room: the CPace method and the server's b64u(Yb) for this connection. */
  auth?: { method: string; Y: string };
  /** Present when the server hosts more than one room or creates rooms on first join (section 19.2). */
  rooms?: ServerRooms;
}

/** `welcome.rooms`: how many rooms the server holds now and whether a valid unknown name creates one. */
export interface ServerRooms {
  count: number;
  allowNew: boolean;
}

/** One room of a many-room server, as the `rooms` request lists it (section 19.3). */
export interface RoomInfo {
  name: string;
  people: number;
  maxUsers: number;
  passwordRequired: boolean;
}

/** A page of the server's rooms, sorted by key; `next` (present when more follow) is passed as `rooms {after}`. */
export interface RoomPage {
  rooms: RoomInfo[];
  total: number;
  next?: string;
  /** The default room's name. */
  default: string;
  allowNew: boolean;
}

/**
 * A page of the user list, in join order, sized so that its frame always fits MAX_FRAME_BYTES. `total` is the room's
 * size at that moment; `next`, present when more members follow, is passed as `list {after}` for the next page. It is
 * a position in join order, not an index, so pages skip nobody when members leave in between.
 */
export interface UserPage {
  users: UserInfo[];
  total: number;
  next?: number;
}

/** What each request's `ok` carries in `result`. */
export interface Results extends FileResults {
  /** The first page of the user list (this user included); fetch the rest with `list`. */
  login: {
    nick: string;
    pake?: { tag: string };
    /** `count` history messages (`msg` with `hist: true`) follow this `ok` at once; `truncated`: older ones asked for are no longer kept. */
    replay?: { count: number; truncated: boolean };
  } & UserPage;
  /** `dup`: this `cid` was already posted as `mid`; nothing was posted again. */
  say: { mid: number; dup?: true };
  whisper: { mid: number; dup?: true };
  list: UserPage;
  sleep: Record<string, never>;
  wakeup: Record<string, never>;
  with: Record<string, never>;
  'with.answer': Record<string, never>;
  end: Record<string, never>;
  nick: { nick: string };
  version: { server: string; protocol: number };
  rooms: RoomPage;
}

export type RequestType = ClientRequest['t'];

export interface OkMessage<T extends RequestType = RequestType> {
  t: 'ok';
  id: number;
  result: Results[T];
}

export interface ErrorMessage {
  t: 'error';
  /** The request this answers; absent for a connection-level error. */
  id?: number;
  code: ErrorCode;
  message: string;
  /** True when the server closes the connection right after this error. */
  fatal?: boolean;
  /** With `too_many_attempts`: milliseconds until this address may try a password again; with `rate_limited`: until the next message is accepted. */
  retryAfterMs?: number;
}

export interface ChatMessage {
  t: 'msg';
  /** Message id, unique and increasing within a server run. */
  mid: number;
  /** Server time, milliseconds since the Unix epoch. */
  ts: number;
  /** Stamped by the server: the sender's nickname at the time. */
  from: string;
  scope: MessageScope;
  /** The recipient, for `whisper` and `dm`. */
  to?: string;
  text: string;
  /** Replayed from the host's history (after a login or an `awake`), not live. */
  hist?: true;
}

export interface JoinedEvent {
  t: 'joined';
  ts: number;
  user: UserInfo;
}
export interface LeftEvent {
  t: 'left';
  ts: number;
  nick: string;
  reason: LeaveReason;
}
export interface RenamedEvent {
  t: 'renamed';
  ts: number;
  from: string;
  to: string;
}
export interface StatusEvent {
  t: 'status';
  ts: number;
  nick: string;
  status: UserStatus;
  awayText?: string;
}
/**
 * Sent to a user whose away mode ended, by `wakeup` or by sending something. `missed` room messages were held back;
 * the `held` of them the host still keeps follow at once, in order, as `msg` with `hist: true` (`held` < `missed`:
 * the oldest were no longer kept). `held` is absent from hosts older than issue 12.
 */
export interface AwakeEvent {
  t: 'awake';
  missed: number;
  held?: number;
}
export interface WithRequestEvent {
  t: 'with.request';
  from: string;
  expiresInMs: number;
}
export interface WithStartedEvent {
  t: 'with.started';
  peer: string;
}
export interface WithEndedEvent {
  t: 'with.ended';
  peer: string;
  reason: DmEndReason;
  by?: string;
}
export interface NoticeEvent {
  t: 'notice';
  code: string;
  text: string;
}
/** The server is closing this connection; `reason` says why. */
export interface ServerByeMessage {
  t: 'bye';
  reason: LeaveReason;
  message: string;
}

export type ServerMessage =
  | WelcomeMessage
  | OkMessage
  | ErrorMessage
  | ChatMessage
  | JoinedEvent
  | LeftEvent
  | RenamedEvent
  | StatusEvent
  | AwakeEvent
  | WithRequestEvent
  | WithStartedEvent
  | WithEndedEvent
  | NoticeEvent
  | ServerByeMessage
  | PingMessage
  | PongMessage
  | FileServerMessage;
