/**
 * Owns the desktop app's client sessions, one per joined room, keyed by the room id assigned at join: join, leave,
 * every room command, and the typed event stream the UI draws from (see joined-room.ts). One room at a time today:
 * joining while a room is active fails with `already_connected`. Sessions present the app's identity and check the
 * room's against the known hosts (and the room code typed at join: checked as a code here, `bad_code`).
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionState, RoomId, RoomSnapshot } from '@contract/ipc-contract';
import { ClientSession } from '../client/session.js';
import type { SessionOptions } from '../client/session-types.js';
import type { People } from '../security/people.js';
import { parseRoomCode } from '../security/room-code.js';
import type { AppIdentities } from './app-identities.js';
import { AppFailure } from './app-error.js';
import type { EventSink } from './event-outbox.js';
import type { HistoryStore } from './history/history-store.js';
import { JoinedRoom } from './joined-room.js';
import { commandFailure, joinFailure } from './session-failure.js';
import { securityOptions } from './session-security.js';

/** How many recent messages a first login asks the room to replay. */
const APP_HISTORY_MAX = 200;
/** `hello.room` longer than this is a bad hello (docs/PROTOCOL.md section 19.2). */
const MAX_HELLO_ROOM_BYTES = 128;

export interface JoinRequest {
  host: string;
  port: number;
  nick: string;
  /** A room of a many-room host by name (`hello.room`); absent or empty: the default room. */
  room?: string;
  password?: string;
  /** The room code the user typed: the room must have this identity. */
  code?: string;
  /** Re-pin a room whose identity changed (the user chose "Trust the new identity"). */
  trustNewIdentity?: boolean;
}

export interface ChatServiceOptions {
  emit: EventSink;
  /** Client name sent in `hello`. */
  appName: string;
  /** Overrides for tests (timeouts, backoff). */
  sessionOptions?: Partial<SessionOptions>;
  /** Called with every session created, after it is wired (the transfer service hooks in here). */
  onSession?: (session: ClientSession) => void;
  /** The app's identity and stores; without them sessions use their own defaults (tests of other services). */
  identities?: Pick<AppIdentities, 'identity' | 'knownHosts' | 'people'>;
  /** The conversation store every joined room writes to; none: nothing is kept. */
  history?: HistoryStore;
}

export class ChatService {
  private readonly rooms = new Map<RoomId, JoinedRoom>();

  constructor(private readonly options: ChatServiceOptions) {}

  /** The room joined last (the only one today), still listed after it disconnected for good until left or replaced. */
  private get latest(): JoinedRoom | undefined {
    return [...this.rooms.values()].at(-1);
  }

  /** The current room's id, if any. */
  get currentRoomId(): RoomId | undefined {
    return this.latest?.id;
  }

  get connection(): ConnectionState {
    return this.latest?.connection ?? { phase: 'idle' };
  }

  /** The current room's live session, for services that speak on it (file transfer). */
  get current(): ClientSession | undefined {
    const session = this.latest?.session;
    return session?.state === 'connected' ? session : undefined;
  }

  snapshot(): RoomSnapshot | null {
    return this.latest?.snapshot() ?? null;
  }

  /** The current room, for a file card (see JoinedRoom.cardContext). */
  cardContext(): ReturnType<JoinedRoom['cardContext']> | undefined {
    const room = this.latest;
    return room?.active ? room.cardContext() : undefined;
  }

  /** The key fingerprint the host stamped on `nick` in the current room, if any. */
  fingerprintOf(nick: string): string | undefined {
    return this.latest?.fingerprintOf(nick);
  }

  async join(request: JoinRequest): Promise<RoomSnapshot> {
    if ([...this.rooms.values()].some((room) => room.active)) {
      throw new AppFailure('already_connected', 'You are already in a room. Leave it first.');
    }
    const code = request.code?.trim() ? parseRoomCode(request.code) : undefined;
    if (request.code?.trim() && code === undefined) {
      throw new AppFailure(
        'bad_code',
        'That is not a room code: 20 letters and digits, like K7QX-2M9D-4HBT-Z0PA-8E3C.',
      );
    }
    // The host judges the name (its default room may have any display name); only what the wire refuses outright
    // (more than 128 bytes: a fatal bad_request) is stopped here.
    const room = request.room?.normalize('NFC') || undefined;
    if (room !== undefined && Buffer.byteLength(room) > MAX_HELLO_ROOM_BYTES)
      throw new AppFailure('room_invalid', 'That is not a room name: at most 32 letters, digits, "-", "_" or ".".');
    for (const [id, old] of this.rooms) {
      old.detach();
      this.rooms.delete(id);
    }
    const ids = this.options.identities;
    const session = new ClientSession({
      host: request.host,
      port: request.port,
      nick: request.nick,
      ...(room ? { room } : {}),
      ...(request.password ? { password: request.password } : {}),
      app: this.options.appName,
      historyMax: APP_HISTORY_MAX,
      reconnectAfterShutdown: false,
      ...this.options.sessionOptions,
      ...(ids
        ? securityOptions({
            identity: ids.identity,
            knownHosts: ids.knownHosts,
            ...(code ? { code } : {}),
            ...(request.trustNewIdentity ? { trustNewIdentity: true } : {}),
          })
        : {}),
    });
    const people: People | undefined = ids?.people;
    const joined = new JoinedRoom(randomUUID(), session, this.options.emit, people, this.options.history);
    this.rooms.set(joined.id, joined);
    this.options.onSession?.(session);
    try {
      await session.connect();
    } catch (error) {
      if (this.rooms.get(joined.id) === joined) this.rooms.delete(joined.id);
      joined.failed();
      throw joinFailure(error, !!request.password);
    }
    const snapshot = joined.snapshot();
    if (!snapshot) throw new AppFailure('not_connected', 'The connection closed right after joining.');
    return snapshot;
  }

  /** Leaves one room, or every room when no id is given (the app is closing). An unknown id is already left. */
  async leave(roomId?: RoomId): Promise<void> {
    const rooms = roomId === undefined ? [...this.rooms.values()] : [this.rooms.get(roomId)];
    for (const room of rooms) {
      if (!room) continue;
      this.rooms.delete(room.id);
      room.detach();
      await room.session.close();
      room.session.removeAllListeners();
      room.close();
    }
  }

  /** Runs a command on a room's live session, turning its errors into app failures. */
  async run<T>(roomId: RoomId, command: (session: ClientSession) => Promise<T>): Promise<T> {
    const room = this.rooms.get(roomId);
    if (!room || room.session.state !== 'connected') {
      const why =
        room?.connection.phase === 'reconnecting' ? 'The connection was lost; reconnecting…' : 'You are not in a room.';
      throw new AppFailure('not_connected', why);
    }
    try {
      return await command(room.session);
    } catch (error) {
      throw commandFailure(error);
    }
  }

  /**
   * Sends a chat message through a room's outbox: unlike `run`, accepted while connecting or reconnecting (it waits
   * in the outbox); the session refuses it once the room is gone for good.
   */
  async post<T>(roomId: RoomId, send: (session: ClientSession) => Promise<T>): Promise<T> {
    const room = this.rooms.get(roomId);
    if (!room) throw new AppFailure('not_connected', 'You are not in a room.');
    try {
      return await send(room.session);
    } catch (error) {
      throw commandFailure(error);
    }
  }

  /** `room.retry` and `room.discard` of an outbox message. */
  outbox(roomId: RoomId, action: 'retry' | 'discard', cid: string): void {
    const room = this.rooms.get(roomId);
    if (!room?.session.outbox[action](cid))
      throw new AppFailure(
        'no_such_message',
        action === 'retry'
          ? 'That message is not waiting to be sent again.'
          : 'That message is not in the outbox any more (it may be on its way).',
      );
    if (action === 'discard') room.recorder.outbox({ cid, state: 'discarded' });
  }

  /** Remembers a 1:1 I asked for (the server sends no event for my own request). */
  notePendingWith(roomId: RoomId, to: string | undefined): void {
    this.rooms.get(roomId)?.notePendingWith(to);
  }
}
