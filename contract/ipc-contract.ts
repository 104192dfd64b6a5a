/**
 * THE contract between the UI (renderer) and the app (Electron main process, or the browser-mode bridge).
 * Types only: the renderer imports it with `import type` under tsconfig.web.json (no Node types); it takes the room
 * model's types from main/protocol/messages.ts, which is types only too.
 *
 * The renderer sees one object, `window.sarangbang: SarangbangApi`:
 *   - `invoke(channel, payload?)` → `Promise<Reply<Response>>`. It never rejects for an app-level failure: every
 *     failure is `{ ok: false, error: { code, message } }`, so errors keep their type across the process boundary
 *     (contextBridge would strip custom properties from a thrown Error). A rejection means the transport broke.
 *   - `on(event, listener)` → unsubscribe function (fits a React `useEffect` cleanup). Listeners get the payload only.
 *   - `registerDroppedFiles(files)` turns dropped DOM `File`s into app file ids. In Electron the preload resolves each
 *     to a path (webUtils.getPathForFile) and hands it straight to main: the page never holds a path.
 *
 * Events are queued in main until the renderer calls `app.ready` (which also returns the full snapshot), so nothing
 * emitted during start-up is lost. `transfer.progress` is throttled to about 10 batches a second.
 *
 * Browser mode (development and e2e): the same handler table is served over a loopback WebSocket whose URL carries a
 * random token. The page is opened as `http://127.0.0.1:HTTP_PORT/?bridge=ws://127.0.0.1:WS_PORT/TOKEN`.
 * Wire format (JSON text messages, one object each):
 *   page → bridge   `{ id: number, channel: InvokeChannel, payload?: unknown }`
 *   bridge → page   `{ id, ok: true, result }` | `{ id, ok: false, error: { code, message } }`   (same as Reply)
 *   bridge → page   `{ event: EventName, payload }`
 * Dropped files in browser mode have no path, so the page uploads them: one BINARY message per file,
 *   [4-byte big-endian header length][UTF-8 JSON header `{ id: number, name: string }`][the file's bytes]
 * answered like a request with `result: RegisteredFile` (see BrowserUploadHeader; size limit BROWSER_UPLOAD_LIMIT).
 * A wrong token is refused at the HTTP upgrade (401); the socket only accepts loopback connections.
 * The same HTTP server answers `GET /sbfile/ID` with the thumbnail of a received, verified image (TransferInfo
 * `previewUrl`; 404 for any id it did not give out).
 */

// ------------------------------------------------------------------------------------------------ results & errors

export type Reply<T> = { ok: true; result: T } | { ok: false; error: AppError };

export interface AppError {
  code: AppErrorCode;
  /** A human sentence in English, fine to show as-is; switch on `code` for translated text. */
  message: string;
  /** `identity_changed`: the room codes before and now; `identity_mismatch`: the code typed and the room's. */
  details?: AppErrorDetails;
}

export interface AppErrorDetails {
  /** identity_changed: the code pinned before, and the code the room shows now. */
  oldCode?: string;
  newCode?: string;
  /** identity_mismatch: the code typed in the join form, and the room's real code. */
  expectedCode?: string;
  actualCode?: string;
  /** too_many_attempts: how long to wait before trying again. */
  retryAfterMs?: number;
}

/** Why joining a room failed. Each gets its own clear message in the UI. */
export type JoinFailure =
  | 'refused' // nothing listens at host:port (ECONNREFUSED) — is the room running, is the port right?
  | 'timeout' // no answer in time — firewall, Wi-Fi client isolation, VPN, other subnet?
  | 'unreachable' // host name unknown or network unreachable (ENOTFOUND, EHOSTUNREACH, ENETUNREACH)
  | 'not_sarangbang' // something answered but it does not speak our protocol
  | 'version_unsupported'
  | 'password_required' // the room has a password and none was given: ask for it
  | 'wrong_password'
  | 'nick_taken' // offer another nickname
  | 'nick_invalid'
  | 'room_full'
  | 'already_connected' // leave the current room first
  | 'bad_code' // the room code typed in the join form is not a room code (20 characters of 0-9 A-Z)
  | 'identity_mismatch' // the room's identity does not match the room code given: nothing was sent
  | 'identity_changed' // the room at this address has another identity than last time (details: old/new code)
  | 'host_impostor' // the host does not know the room password (it may be someone else posing as the room)
  | 'encryption_required' // the room accepts only encrypted connections
  | 'too_many_attempts' // too many wrong passwords from here: wait (details.retryAfterMs)
  | 'too_many_connections' // too many unfinished connections from this address
  // a many-room host (docs/PROTOCOL.md section 19)
  | 'no_such_room' // the host has no room of that name and does not create rooms
  | 'room_invalid' // not a room name (1-32 letters, digits, - _ .)
  | 'too_many_rooms'; // the host holds as many rooms as it may: it cannot create another

export type AppErrorCode =
  | JoinFailure
  // generic
  | 'bad_payload' // the payload did not have the expected shape (a bug in the caller)
  | 'unknown_channel'
  | 'forbidden' // the caller is not our window / frame
  | 'internal'
  | 'cancelled' // the user closed a native dialog
  // room commands (most mirror the server's codes)
  | 'not_connected'
  | 'text_empty'
  | 'text_too_long'
  | 'banned_word'
  | 'rate_limited'
  | 'no_such_user'
  | 'self_target'
  | 'user_away'
  | 'user_busy'
  | 'not_in_dm'
  | 'already_in_dm'
  | 'no_pending_request'
  | 'no_such_message' // room.retry / room.discard: no such message in the outbox (sent already, or in flight)
  // hosting
  | 'port_in_use'
  | 'port_denied' // EACCES: ports below 1024 need privileges
  | 'already_hosting'
  | 'not_hosting'
  // files
  | 'not_a_file' // a folder (or device, socket…) was given where a regular file is needed
  | 'file_not_found'
  | 'file_unreadable'
  | 'no_such_file_id'
  | 'no_such_offer'
  | 'no_such_transfer'
  | 'file_too_large'
  | 'transfer_unsupported'
  | 'not_resumable'
  | 'not_finished' // "show in folder" before the file is verified
  // links
  | 'bad_url'; // only absolute http: and https: URLs are opened

// ------------------------------------------------------------------------------------------------ settings

export type Language = 'en' | 'ko';
export type Theme = 'system' | 'light' | 'dark';
/** How long the conversation store keeps messages: always, 30 days, or nothing (`off` also deletes what is kept). */
export type HistoryRetention = 'forever' | '30d' | 'off';

export interface RecentRoom {
  host: string;
  port: number;
  /** The room name the server announced, if known. */
  name?: string;
  /** On a many-room host, the room asked for by name (as the host spells it); absent: the host's default room. */
  room?: string;
  /** The nickname used last time in this room. */
  nick?: string;
  /** Milliseconds since the epoch. */
  lastJoinedAt: number;
}

export interface Settings {
  /** Empty until the first-run screen has been completed. */
  nickname: string;
  language: Language;
  theme: Theme;
  /** Where accepted files are saved (absolute path; shown to the user in settings, never used by the page). */
  downloadDir: string;
  /** Ask where to save each offer instead of using downloadDir. */
  askWhereToSave: boolean;
  /** Native OS notifications while the window is not focused. */
  notifications: boolean;
  /** Default port offered by the "Host a room" form. */
  hostPort: number;
  /** Newest first, at most 10, unique by host:port and room (case-insensitive). */
  recentRooms: RecentRoom[];
  /** Conversation history kept on this device (default 'forever'). */
  historyRetention: HistoryRetention;
  /**
   * Extra subnets to look for rooms in (IPv4 CIDRs such as `10.20.0.0/24`, prefix /16 to /32), besides the private
   * subnets this machine is on: rooms beyond a router or a VLAN that multicast does not reach. At most 16.
   */
  discoverySubnets: string[];
}

/** Fields `settings.update` may change. Recent rooms are maintained by main on join (and `settings.forgetRoom`). */
export type SettingsPatch = Partial<Omit<Settings, 'recentRooms' | 'downloadDir'>>;

// ------------------------------------------------------------------------------------------------ room model

// The wire protocol's own types (pure types, no Node), so the UI cannot drift from what the server sends.
import type {
  DmEndReason,
  LeaveReason,
  MessageScope,
  RoomInfo,
  UserInfo as WireUserInfo,
  UserStatus,
} from '../main/protocol/messages.js';
export type { DmEndReason, LeaveReason, MessageScope, UserStatus };

/**
 * A member as the UI sees them: the server's UserInfo (with `fp`, the hex SHA-256 of their key, and `secure`, false
 * for plain-text and cleartext members, once the host stamps them), plus what this app knows: `newDevice` when the
 * nickname was last seen here with another key (People.isNewDevice).
 */
export type UserInfo = WireUserInfo & { fp?: string; secure?: boolean; newDevice?: boolean };

/** How the chat connection is protected (absent: not known yet). */
export interface ConnectionSecurity {
  /** TLS 1.3 to the host. False: a cleartext connection (an old host, or `insecure`). */
  encrypted: boolean;
  /** The room code of the host's identity. */
  hostCode?: string;
  /** How the host's identity was checked: the room code typed at join, a pin from an earlier visit, or first use. */
  verified?: 'code' | 'pinned' | 'first-use';
}

/**
 * Which joined room a call or an event is about. The app assigns it when joining (`room.join` returns it in the
 * snapshot); the page treats it as opaque. One room at a time today; the id keeps the channels ready for several.
 */
export type RoomId = string;

/**
 * One event in the room, in the server's order. `ts` is server time in ms since the epoch. A `msg` carries
 * `historyId`, its id in the conversation store (HistoryEntry.id), once the store has it (absent with retention off).
 */
export type RoomEvent =
  | {
      t: 'msg';
      mid: number;
      ts: number;
      from: string;
      scope: MessageScope;
      to?: string;
      text: string;
      /** This message's id in the conversation store (absent when history is off). */
      historyId?: number;
      /** Replayed from the host's history (after joining, reconnecting or `awake`), not live. */
      hist?: true;
      /** The host's history run this `mid` belongs to (a `mid` is only unique within one run); absent from old hosts. */
      run?: string;
    }
  | { t: 'joined'; ts: number; user: UserInfo }
  | { t: 'left'; ts: number; nick: string; reason: LeaveReason }
  | { t: 'renamed'; ts: number; from: string; to: string }
  | { t: 'status'; ts: number; nick: string; status: UserStatus; awayText?: string }
  /**
   * My away mode ended; `missed` room messages arrived meanwhile. The `held` of them the host kept follow at once, in
   * order, as `msg` with `hist` (`held` < `missed`: the oldest were no longer kept; absent: an old host kept none).
   */
  | { t: 'awake'; missed: number; held?: number }
  /** Someone asks me for a 1:1. Answer with `room.withAnswer` before `expiresInMs` elapses. */
  | { t: 'with.request'; from: string; expiresInMs: number }
  | { t: 'with.started'; peer: string }
  | { t: 'with.ended'; peer: string; reason: DmEndReason; by?: string }
  /** A system line from the server (or from the app, code starting with `app.`). */
  | { t: 'notice'; code: string; text: string }
  /**
   * A file card: sent when an offer is made to me or by me, and again (same `file.offerId`, same `historyId`) each
   * time a file of it changes state. `scope` 'dm': it belongs in the 1:1 with `from`/`to` (they were 1:1 partners
   * when it was offered). Live progress comes from `transfer.progress`.
   */
  | { t: 'file'; ts: number; from: string; to: string; scope: 'room' | 'dm'; own: boolean; file: HistoryFileCard };

/**
 * `closed`: the host closed the room (`reason` 'server_shutdown', `message` its words); the app does not reconnect and
 * the room stays on screen (its conversation readable) until it is left (`room.leave`) or joined again.
 */
export type ConnectionPhase = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'closed';

export interface ConnectionState {
  phase: ConnectionPhase;
  /** The room this connection belongs to; absent while idle with no room. */
  roomId?: RoomId;
  host?: string;
  port?: number;
  /** My nickname in the room (may differ from settings after a rename). */
  nick?: string;
  roomName?: string;
  /** Last measured round-trip time to the host. */
  rttMs?: number;
  /** While reconnecting: attempt number (1-based) and ms until the next try. */
  attempt?: number;
  retryInMs?: number;
  /** Why we are disconnected / reconnecting (e.g. 'server_shutdown', 'kicked', 'network'). */
  reason?: string;
  message?: string;
  /** Set once connected: encryption and how the room's identity was verified. */
  security?: ConnectionSecurity;
  /** Set once connected: the room's key in the conversation store (see RoomKey). */
  roomKey?: RoomKey;
}

/** What the UI needs after a successful join (also part of the app snapshot while connected). */
export interface RoomSnapshot {
  roomId: RoomId;
  /** The room's key in the conversation store: page its history with `history.page`. */
  roomKey: RoomKey;
  host: string;
  port: number;
  roomName: string;
  nick: string;
  users: UserInfo[];
  maxUsers: number;
  /** My current 1:1 partner, if any. */
  dmPeer?: string;
  /** A 1:1 I asked for and that is not answered yet. */
  pendingWith?: string;
  /** My messages not confirmed by the room yet (`sending`) or refused (`failed`), in send order. */
  outbox?: OutboxItem[];
  /**
   * From the room's welcome: the longest message in UTF-8 bytes, and how many room messages the host keeps (0: no
   * history, so nothing is held while away). Absent when not known.
   */
  limits?: { textBytes: number; historyKept: number };
}

/**
 * One of my messages in a room's outbox. `sending`: queued or on its way (kept through reconnects); `sent`: the room
 * posted it as `mid` (its `msg` comes as a room event too); `failed`: not sent, with why (`room.retry` or
 * `room.discard` it). Identified by `cid`, the client message id (the renderer's own when it gave one to `room.say`).
 */
export interface OutboxItem {
  cid: string;
  state: 'sending' | 'sent' | 'failed';
  text: string;
  /** A `room.say`: the scope asked for (absent: the 1:1 partner during a 1:1, else the room). */
  scope?: 'room' | 'dm';
  /** A `room.whisper`: to whom. */
  to?: string;
  mid?: number;
  /** With `failed`: `not_connected` when it was given up offline (10 min without a connection, or the room left). */
  error?: AppError;
}

export interface JoinOptions {
  host: string;
  port: number;
  nick: string;
  /** A room of a many-room host by name (`hello.room`); absent or empty: the host's default room. */
  room?: string;
  password?: string;
  /** The room code the host told me: the join stops (`identity_mismatch`) unless the room has this identity.
   * Checked as a room code first (`bad_code`). */
  code?: string;
  /** The user chose "Trust the new identity" after `identity_changed`: pin the room's new identity. */
  trustNewIdentity?: boolean;
}

// ------------------------------------------------------------------------------------------------ history

/**
 * A room's identity in the conversation store, stable across addresses, rejoins and restarts: `code:<room code>`
 * (e.g. `code:K7QX-2M9D-4HBT-Z0PA-8E3C`) when the host's identity is known (an encrypted connection), else
 * `addr:<host>:<port>` (host lower-cased; an IPv6 host as written, without brackets); on a many-room host (its welcome
 * has `rooms`) followed by `#` and the room's key (NFC, lower case), e.g. `code:K7QX-2M9D-4HBT-Z0PA-8E3C#math`, so
 * each room keeps its own history. Opaque to the page.
 */
export type RoomKey = string;

/** A system line as stored: data, worded by the UI in the current language (like the timeline's notices). */
export type HistoryNotice =
  | { type: 'joined'; nick: string }
  | { type: 'left'; nick: string; reason: LeaveReason }
  | { type: 'renamed'; from: string; to: string }
  | { type: 'away'; nick: string; awayText?: string }
  | { type: 'back'; nick: string }
  | { type: 'dm-started'; peer: string }
  | { type: 'dm-ended'; peer: string; reason: DmEndReason; by?: string }
  | { type: 'server'; code: string; text: string };

/**
 * A file offer shown as a card in the conversation, kept in the store and updated as its transfers move on (the
 * stored card ends in each file's final state). `peer` is the other side; each file carries its TransferInfo's state
 * (`waiting` until answered) and, for a received, verified image, the `previewUrl` of its thumbnail (see TransferInfo).
 */
export interface HistoryFileCard {
  direction: TransferDirection;
  files: HistoryCardFile[];
  offerId?: string;
  peer?: string;
}

export interface HistoryCardFile {
  name: string;
  size: number;
  /** Index within the offer; its transfer is `transferId` in TransferInfo when the card's offer is live. */
  index?: number;
  transferId?: string;
  state?: TransferState;
  reason?: TransferFailReason;
  previewUrl?: string;
  /**
   * My group offer (`files.offerRoom`): each person it went to, with their own transfer of this file and its state
   * (`waiting` until they answer). The file's own `state` then sums them up (live while anyone's is).
   */
  receivers?: HistoryCardReceiver[];
}

/** One receiver of a file of my group offer, on its card. */
export interface HistoryCardReceiver {
  nick: string;
  /** Their transfer of this file (TransferInfo `transferId`, with `group` set). */
  transferId?: string;
  state: TransferState;
  reason?: TransferFailReason;
}

/** State of one of my own messages not (yet) confirmed by the room (the outbox). Absent: delivered. */
export type HistoryOutboxState = 'sending' | 'failed';

interface HistoryEntryBase {
  /** Its id in the store: increasing in arrival order; the `before`/`around`/`afterId` cursors. */
  id: number;
  roomKey: RoomKey;
  /** Server time (ms since the epoch); for my unsent messages, the time I sent them. */
  ts: number;
}

export type HistoryEntry =
  | (HistoryEntryBase & {
      kind: 'msg';
      /** The server's message id (absent while unsent). Comparable only within one server run. */
      mid?: number;
      from: string;
      scope: MessageScope;
      to?: string;
      text: string;
      own: boolean;
      /** My own message's client id (the outbox's), and its state while not delivered. */
      cid?: string;
      state?: HistoryOutboxState;
      /** Why it failed (an error code), with state 'failed'. */
      error?: string;
    })
  | (HistoryEntryBase & { kind: 'notice'; notice: HistoryNotice })
  | (HistoryEntryBase & {
      kind: 'file';
      from: string;
      scope: MessageScope;
      to?: string;
      own: boolean;
      file: HistoryFileCard;
    });

/** A window of a room's history, oldest first. */
export interface HistoryPage {
  entries: HistoryEntry[];
  /** Older entries exist before `entries[0]`. */
  hasOlder: boolean;
  /** Newer entries exist after the last one (always false for `history.page` without `before`). */
  hasNewer: boolean;
}

/** A search result: the entry, and where the query matched in its text (UTF-16 offsets into `text`, end exclusive). */
export interface HistorySearchHit {
  entry: HistoryEntry;
  /** The part of the text to show (the whole text when short), and whether text was cut before / after it. */
  snippet: { text: string; cutStart: boolean; cutEnd: boolean; ranges: [start: number, end: number][] };
}

export interface HistoryRoom {
  roomKey: RoomKey;
  /** The room name as last announced, '' when unknown. */
  name: string;
  host: string;
  port: number;
  /** The room code, for a room known by its identity. */
  roomCode?: string;
  /** ms since the epoch of its newest stored entry (0: none). */
  lastActivity: number;
}

// ------------------------------------------------------------------------------------------------ hosting

export interface LanAddress {
  /** Network interface name, e.g. "eth0", "Wi-Fi". */
  iface: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  /** Ready to share, e.g. "192.168.1.20:30000" or "[fe80::1]:30000". */
  display: string;
}

export interface HostOptions {
  /** 1–65535; 0 picks a free port. */
  port: number;
  maxUsers: number;
  roomName?: string;
  password?: string;
  bannedWords?: string[];
  /** Chat messages the room keeps for late joiners, reconnects and members back from away: 0–100000, 0 = off. Default 1000. */
  history?: number;
  /** Announce the room on the local network (DNS-SD over mDNS, `_sarangbang._tcp`) so guests see it listed. Default true. */
  announce?: boolean;
}

export type HostState =
  | { running: false }
  | {
      running: true;
      port: number;
      roomName: string;
      maxUsers: number;
      passwordRequired: boolean;
      addresses: LanAddress[];
      userCount: number;
      /** The room's identity as a code guests compare (`XXXX-XXXX-XXXX-XXXX-XXXX`). */
      roomCode?: string;
      /** Whether the room is announced on the local network (see HostSelfCheck for where). */
      announced?: boolean;
    };

/**
 * The hosting panel's network self-check: can guests find and reach this room? `listenHost` is what the room
 * listens on ('0.0.0.0' every interface, '127.0.0.1' this machine only); `addresses` the ones to share.
 */
export interface HostSelfCheck {
  listenHost: string;
  addresses: LanAddress[];
  /** Announced on the local network (mDNS), and on which interfaces (empty when not announced). */
  announced: boolean;
  announcedOn: string[];
  /** Why it is not announced: turned off in the host form, the room listens on this machine only, or it failed. */
  notAnnouncedReason?: 'off' | 'loopback' | 'failed';
  /**
   * The Windows Firewall rule the installer adds (`netsh advfirewall firewall show rule`): `allowed` (enabled, inbound,
   * private profile), `missing`, `unknown` (could not be read); `n/a` on macOS and Linux (see README, Firewall).
   */
  firewall: 'allowed' | 'missing' | 'unknown' | 'n/a';
  /** Connections from other machines this room has seen since it started (a guest's probe or join). */
  remoteConnections: number;
  /** Since when the room runs (ms since the epoch): "no visitors yet" means something after a minute. */
  startedAt: number;
}

// ------------------------------------------------------------------------------------------------ finding rooms

/** LAN discovery's own types (types only, no Node): what the list of rooms on this network shows. */
import type { FoundRoom, FoundVia, RoomLink } from '../main/discovery/types.js';
export type { FoundRoom, FoundVia, RoomLink };

/**
 * The rooms of a many-room host (docs/PROTOCOL.md section 19), as `discovery.rooms` reads them before joining. Room
 * names come from the network: text only.
 */
export interface HostRooms {
  /** The default room: the one a join without a room enters. */
  defaultRoom: string;
  /** The host's room code, from its certificate (the join still verifies it, as always). */
  roomCode: string;
  /** Rooms the host holds now (may be more than `rooms` lists). */
  count: number;
  /** A new, valid name creates a room on joining. */
  allowNew: boolean;
  /** The first page of rooms (at most 100), sorted by name. */
  rooms: HostRoom[];
}

/** One room of a many-room host: the wire's RoomInfo (section 19.3: name, people, maxUsers, passwordRequired). */
export type HostRoom = RoomInfo;

/** The list of rooms on this network (`rooms` event, `discovery.*` replies). */
export interface RoomsFound {
  /** Rooms found now, by mDNS, by checking rooms joined before, or by probing subnets; sorted by name. */
  rooms: FoundRoom[];
  /** A search (known rooms, subnet probe) is running. */
  searching: boolean;
  /** The subnets the last probe looked at (CIDRs), empty when none was probed yet. */
  probed: string[];
}

// ------------------------------------------------------------------------------------------------ files

/** A local file the user chose (dialog) or dropped; main keeps its path, the page only sees this. */
export interface RegisteredFile {
  fileId: string;
  name: string;
  size: number;
}

export interface OfferedFile {
  /** Index within the offer (stable, used to accept some files only). */
  index: number;
  /** Already sanitized base name, safe to display as text. */
  name: string;
  size: number;
  /** Bytes already on disk from an interrupted earlier transfer of the same file from the same sender. */
  resumeFrom?: number;
}

/** An offer made to me. Answer with `files.answer`; it expires after `expiresInMs`. */
export interface IncomingOffer {
  offerId: string;
  from: string;
  files: OfferedFile[];
  totalBytes: number;
  expiresInMs: number;
  /** True when I chose "always accept files from this person" (their key): the app accepted it by itself. */
  autoAccepted: boolean;
}

/** Why an offer made to me went away before I answered (`disconnected`: the connection or the host went away). */
export type OfferClosedReason = 'expired' | 'cancelled' | 'sender_left' | 'disconnected';

export type TransferDirection = 'send' | 'receive';

export type TransferState =
  | 'waiting' // offered, waiting for the receiver's answer
  | 'accepted' // accepted, data connection being set up
  | 'running'
  | 'verifying' // all bytes in, checking SHA-256
  | 'verified' // done, integrity checked on the receiving side
  | 'declined'
  | 'expired'
  | 'cancelled'
  | 'failed'
  | 'interrupted'; // connection lost; `resumable` tells whether `files.resume` can continue it

/** Why a transfer did not finish (both sides are told). */
export type TransferFailReason =
  | 'declined'
  | 'expired'
  | 'cancelled_by_me'
  | 'cancelled_by_peer'
  | 'peer_left'
  | 'peer_away'
  | 'peer_busy'
  | 'host_stopped'
  | 'disconnected'
  | 'disk_full'
  | 'too_large'
  | 'hash_mismatch'
  | 'size_mismatch'
  | 'read_error'
  | 'write_error'
  | 'unsupported_peer' // e.g. a plain-text (nc) client cannot receive files
  | 'protocol_error';

export interface TransferInfo {
  transferId: string;
  offerId: string;
  direction: TransferDirection;
  /** The other side's nickname. */
  peer: string;
  name: string;
  size: number;
  /** Bytes done so far (also updated by `transfer.progress`). */
  bytes: number;
  state: TransferState;
  reason?: TransferFailReason;
  message?: string;
  /** `files.resume` may continue it. */
  resumable: boolean;
  /** A received, verified file exists on disk: "Show in folder" is possible. */
  canShowInFolder: boolean;
  /**
   * A received, verified PNG, JPEG, GIF or WebP (by its first bytes, at most 20 MiB): where its thumbnail is served,
   * by an opaque id (Electron `sbfile://preview/ID`, browser mode `/sbfile/ID` on the page's own origin). Use it as
   * an `<img src>` only; the app serves nothing else there.
   */
  previewUrl?: string;
  /** ms since the epoch. */
  createdAt: number;
  finishedAt?: number;
  /** The file's index within its offer. */
  index?: number;
  /**
   * One receiver's part of my group offer (`files.offerRoom`): `peer` is that receiver; the offer's other receivers
   * have their own TransferInfo for the same file (the file is uploaded once).
   */
  group?: boolean;
}

export interface TransferProgress {
  transferId: string;
  bytes: number;
  size: number;
  /** Smoothed speed; 0 until measurable. */
  bytesPerSec: number;
  /** Estimated remaining time; null when unknown. */
  etaMs: number | null;
}

export type OfferAnswer =
  | {
      offerId: string;
      decision: 'accept';
      /** Indices to accept; omitted = all. */
      indices?: number[];
      /** Ask for a folder with the native dialog first ("Save to…"; also done when settings.askWhereToSave). A closed
       * dialog fails with `cancelled` and the offer stays open. */
      chooseFolder?: boolean;
      /** Always accept files from this sender's key (remembered by key, never by nickname; a sender without a key
       * cannot be trusted this way). */
      alwaysAccept?: boolean;
    }
  | { offerId: string; decision: 'decline' };

// ------------------------------------------------------------------------------------------------ app snapshot

export type Platform = 'darwin' | 'win32' | 'linux' | 'browser';

/** Everything the UI needs to draw the first frame; returned by `app.ready`. */
export interface AppSnapshot {
  version: string;
  platform: Platform;
  /** The OS language, used to pick the default language on first run. */
  osLocale: string;
  settings: Settings;
  connection: ConnectionState;
  room: RoomSnapshot | null;
  host: HostState;
  offers: IncomingOffer[];
  transfers: TransferInfo[];
}

/** Where a click on a notification (or a menu item) wants the UI to go. */
export type FocusTarget =
  | { kind: 'room' }
  | { kind: 'whisper'; peer: string }
  | { kind: 'dm'; peer: string }
  | { kind: 'with.request'; from: string }
  | { kind: 'offer'; offerId: string }
  /** Files I received, all of an offer, arrived (or some failed): the transfers panel. */
  | { kind: 'transfers' };

export type MenuCommand =
  'host-room' | 'join-room' | 'leave-room' | 'send-files' | 'open-settings' | 'toggle-away' | 'show-transfers';

// ------------------------------------------------------------------------------------------------ channels

/** Request/response channels: `{ req, res }` for each. `req: undefined` means "call without a payload". */
export interface InvokeChannels {
  // --- app & window
  /** The renderer is mounted and listening: returns the snapshot and starts delivering queued events. */
  'app.ready': { req: undefined; res: AppSnapshot };
  /** Unread count for the dock/taskbar badge, or the window title where badges are unsupported. 0 clears. */
  'window.setUnread': { req: { count: number }; res: null };
  /** Open an http(s) link in the system browser. Ask the user first in the UI; main re-checks the scheme. */
  'link.open': { req: { url: string }; res: null };

  // --- settings
  'settings.get': { req: undefined; res: Settings };
  /** Nickname is validated like the server does (nick_invalid). Emits `settings` too. */
  'settings.update': { req: SettingsPatch; res: Settings };
  /** Native folder dialog; `cancelled` if closed. */
  'settings.chooseDownloadDir': { req: undefined; res: Settings };
  /** Forgets a recent room (`room` absent: the host's default room). */
  'settings.forgetRoom': { req: { host: string; port: number; room?: string }; res: Settings };
  /** This app's own key, as the key code others compare (`XXXX-XXXX-XXXX-XXXX-XXXX`). */
  'identity.get': { req: undefined; res: { keyCode: string } };

  // --- hosting (the embedded server)
  /** Starts the room server and returns the LAN addresses to share. The UI then calls `room.join` on 127.0.0.1. */
  'host.start': { req: HostOptions; res: HostState };
  /** Stops the server; members get a `bye` with reason server_shutdown and `message` if given. */
  'host.stop': { req: { message?: string }; res: HostState };
  'host.state': { req: undefined; res: HostState };
  /** The hosting panel's network self-check (`not_hosting` when no room runs). */
  'host.selfCheck': { req: undefined; res: HostSelfCheck };

  // --- finding rooms on the network
  /** The home screen is shown: browse mDNS (and check rooms joined before); `rooms` events follow while it is. */
  'discovery.start': { req: undefined; res: RoomsFound };
  /** The home screen is gone: stop browsing. */
  'discovery.stop': { req: undefined; res: null };
  /** "Search again": check rooms joined before and probe the local subnets and the ones in Settings; resolves when done. */
  'discovery.search': { req: undefined; res: RoomsFound };
  /**
   * Asks one host which rooms it has (the join form, a many-room host in the list): `hello`, `welcome`, `rooms`, `bye`,
   * never a login, so nothing is joined or created. `null` when nobody answers there, it is not a room, or it hosts
   * one room only (then there is no room to choose).
   */
  'discovery.rooms': { req: { host: string; port: number }; res: HostRooms | null };

  // --- joining
  /** Failures come back as `{ ok: false, error: { code: JoinFailure, message, details? } }`. Remembered in recent
   * rooms. */
  'room.join': { req: JoinOptions; res: RoomSnapshot };
  'room.leave': { req: { roomId: RoomId }; res: null };

  // --- room commands (all need a connection to that room: `not_connected` otherwise)
  /**
   * scope omitted: the 1:1 partner while in a 1:1, else the room. My own `msg` comes back as an event too. The
   * message goes through the room's outbox (`outbox` events; `cid`: a client message id, 1-64 of A-Z a-z 0-9 _ -,
   * made by main when absent): accepted while reconnecting, it resolves once the room posted it and fails with the
   * room's refusal (the message then stays `failed` in the outbox for `room.retry` / `room.discard`).
   */
  'room.say': { req: { roomId: RoomId; text: string; scope?: 'room' | 'dm'; cid?: string }; res: { mid: number } };
  'room.whisper': { req: { roomId: RoomId; to: string; text: string; cid?: string }; res: { mid: number } };
  /** Send a `failed` outbox message again (after those waiting); `no_such_message` if it is not failed there. */
  'room.retry': { req: { roomId: RoomId; cid: string }; res: null };
  /** Drop a `failed` (or still waiting) outbox message; `no_such_message` if gone or on its way right now. */
  'room.discard': { req: { roomId: RoomId; cid: string }; res: null };
  'room.list': { req: { roomId: RoomId }; res: { users: UserInfo[] } };
  'room.sleep': { req: { roomId: RoomId; text?: string }; res: null };
  'room.wakeup': { req: { roomId: RoomId }; res: null };
  /** Ask `to` for a 1:1. */
  'room.with': { req: { roomId: RoomId; to: string }; res: null };
  'room.withAnswer': { req: { roomId: RoomId; from: string; accept: boolean }; res: null };
  /** End the 1:1 (or cancel my pending request). */
  'room.end': { req: { roomId: RoomId }; res: null };
  'room.rename': { req: { roomId: RoomId; nick: string }; res: { nick: string } };
  /** Measure the round trip now (the app also measures it every few seconds and reports it in `connection`). */
  'room.ping': { req: { roomId: RoomId }; res: { rttMs: number } };

  // --- files
  /** Native multi-file dialog; `cancelled` if closed. Folders are refused (`not_a_file`). */
  'files.pick': { req: undefined; res: RegisteredFile[] };
  /**
   * Used by the preload only (the page calls `registerDroppedFiles`). Each path must be a regular file: a folder
   * fails the whole call with `not_a_file` and a message naming it.
   */
  'files.registerPaths': { req: { paths: string[] }; res: RegisteredFile[] };
  /**
   * A message too long for the room, as a file: main writes `text` (UTF-8, at most TEXT_FILE_LIMIT bytes) to a fresh
   * temporary folder as `name` (a base name ending in .txt; sanitized) and registers it like a chosen file.
   */
  'files.fromText': { req: { name: string; text: string }; res: RegisteredFile };
  /**
   * Offer registered files to one or more users; one offer (and one TransferInfo per file) per recipient. Resolves
   * after the files are hashed and the host passed the offers on. A recipient who cannot take it (away, left, a
   * plain-text client…) gets a `room` notice with code `app.offer_refused`; if nobody can, the call fails with that code.
   */
  'files.offer': { req: { to: string[]; fileIds: string[] }; res: { offerIds: string[] } };
  /**
   * Offer registered files to everyone else in the room at once (one group offer, docs/PROTOCOL.md "Group offers"):
   * each person answers for themself and gets their own TransferInfo per file (`group`, `peer` = them; `waiting`
   * until they answer); each file is uploaded once however many accept. Fails with `no_such_user` when nobody else
   * here can receive files.
   */
  'files.offerRoom': { req: { fileIds: string[] }; res: { offerIds: string[] } };
  'files.answer': { req: OfferAnswer; res: null };
  'files.cancel': { req: { transferId: string }; res: null };
  /**
   * Continue an interrupted transfer I was SENDING: offers the same file to the same person again; their app sees
   * `resumeFrom` and only the rest flows. For a transfer I was receiving this fails with `not_resumable` and a message
   * asking to have the sender send it again (the kept `.part` is then continued automatically).
   */
  'files.resume': { req: { transferId: string }; res: { offerIds: string[] } };
  /** Reveal a received, verified file in the OS file manager. Never opens the file. */
  'files.showInFolder': { req: { transferId: string }; res: null };
  /**
   * Forget the transfers that are over and leave nothing to do: every ended one except a send that can be resumed.
   * Returns the ids forgotten (they are gone from later snapshots too).
   */
  'files.clearFinished': { req: undefined; res: { transferIds: string[] } };

  // --- conversation history (the store on this device; works without a connection)
  /** The newest `limit` entries of a room, or the `limit` before entry id `before`; oldest first. */
  'history.page': { req: { roomKey: RoomKey; before?: number; limit: number }; res: HistoryPage };
  /** About `limit` entries centred on `messageId` (jump to a search hit); `limit` defaults to 50. */
  'history.around': { req: { roomKey: RoomKey; messageId: number; limit?: number }; res: HistoryPage };
  /** How many messages from others came after entry `afterId` ("Jump to latest (N new)"). */
  'history.countAfter': { req: { roomKey: RoomKey; afterId: number }; res: { count: number } };
  /**
   * Messages whose text contains every word of `query` (case-insensitive; Korean works), newest first, in one room
   * or all. Words of 3+ characters use the full-text index; shorter ones are matched by scanning.
   */
  'history.search': { req: { query: string; roomKey?: RoomKey; limit: number }; res: { hits: HistorySearchHit[] } };
  /** Deletes the history of one room, or of every room. */
  'history.clear': { req: { roomKey?: RoomKey }; res: null };
  /** The rooms with stored history, most recently active first. */
  'history.rooms': { req: undefined; res: { rooms: HistoryRoom[] } };
}

/** Main → renderer events and their payloads. */
export interface EventChannels {
  connection: ConnectionState;
  /**
   * Everything that happens in a room, in order. The app always says which room (a service that does not know it
   * yet has the current room's id added before the event leaves main); a page treats a missing id as the current room.
   */
  room: RoomEvent & {
    roomId?: RoomId;
    /**
     * The event's entry in the conversation store (HistoryEntry.id) when the store keeps it: a message (also a replay
     * of one stored before) or a notice the store records (joins, leaves, renames, away/back, 1:1, server notices).
     * The page de-duplicates what it loaded with `history.page` by it.
     */
    historyId?: number;
  };
  /** The full user list of a room, after every change (join, leave, rename, status). */
  users: { roomId: RoomId; users: UserInfo[] };
  /** One of my messages in a room's outbox changed state (see OutboxItem). */
  outbox: OutboxItem & { roomId: RoomId };
  'file.offer': IncomingOffer;
  'file.offerClosed': { offerId: string; reason: OfferClosedReason };
  /** A transfer was created or changed state (including terminal: verified, failed, …). */
  'transfer.update': TransferInfo;
  /** Batched, about 10 per second at most. */
  'transfer.progress': { items: TransferProgress[] };
  host: HostState;
  settings: Settings;
  /** A notification was clicked: the window is focused, show this. */
  focus: FocusTarget;
  /** An app-menu item was chosen. */
  menu: { command: MenuCommand };
  /** The rooms on this network changed (only between `discovery.start` and `discovery.stop`). */
  rooms: RoomsFound;
  /**
   * A `sarangbang://HOST:PORT/ROOM?code=CODE` link was opened (ROOM optional: a many-room host's room): fill the join
   * form (never join without a click).
   */
  'room.link': RoomLink;
}

export type InvokeChannel = keyof InvokeChannels;
export type InvokeRequest<C extends InvokeChannel> = InvokeChannels[C]['req'];
export type InvokeResponse<C extends InvokeChannel> = InvokeChannels[C]['res'];
export type EventName = keyof EventChannels;
export type EventPayload<E extends EventName> = EventChannels[E];

/** Arguments after the channel name: none when the channel takes no payload. */
export type InvokeArgs<C extends InvokeChannel> = InvokeRequest<C> extends undefined ? [] : [payload: InvokeRequest<C>];

/** The one object the preload exposes as `window.sarangbang` (and ws-api implements in browser mode). */
export interface SarangbangApi {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<Reply<InvokeResponse<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Dropped files → ids (paths stay in main). A folder among them fails with `not_a_file`. */
  registerDroppedFiles(files: readonly File[]): Promise<Reply<RegisteredFile[]>>;
}

/** The global name of the API object. */
export type ApiGlobalName = 'sarangbang';

// ------------------------------------------------------------------------------------------------ browser-mode wire

export type BridgeRequest = { id: number; channel: InvokeChannel; payload?: unknown };
export type BridgeResponse = { id: number } & Reply<unknown>;
export type BridgeEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
/**
 * Events travel to the page in batches, in the order main emitted them: those emitted in one turn of main's event
 * loop (e.g. every message of one socket read) go as one IPC message (Electron) or one WebSocket message
 * `{ events }` (browser mode), at most 256 each (main/app/event-outbox.ts), so a burst costs the page one task per
 * batch, not per event.
 */
export type EventBatch = readonly BridgeEvent[];
export interface BrowserUploadHeader {
  id: number;
  name: string;
}
/** Largest text `files.fromText` turns into a file (4 MiB of UTF-8). */
export type TEXT_FILE_LIMIT = 4_194_304;
/** Largest file the browser-mode upload accepts (64 MiB); Electron has no such limit. */
export type BROWSER_UPLOAD_LIMIT = 67_108_864;
