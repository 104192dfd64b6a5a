/**
 * One room the desktop app has joined: its client session and what the UI needs of it (connection state with RTT
 * and reconnects, the user list, the 1:1 state), kept in step with the session's events and emitted with the room's
 * id so the page knows which room they belong to. ChatService owns these, keyed by room id.
 *
 * Security: the connection state carries `session.security` once connected (session-security.ts), and each member
 * with a key is checked against People: a nickname last seen with another key is marked `newDevice` (and the key is
 * then remembered for that nickname).
 *
 * History: every message and notice is written to the conversation store (RoomRecorder) before it is emitted, so the
 * event carries its `historyId` (a replayed message the store already had: its stored entry's); the snapshot and the
 * connected state carry the room's `roomKey`.
 */
import type {
  ConnectionState,
  OutboxItem,
  RoomEvent,
  RoomId,
  RoomKey,
  RoomSnapshot,
  UserInfo,
} from '@contract/ipc-contract';
import type { OutboxEvent } from '../client/outbox.js';
import type { ClientSession } from '../client/session.js';
import { nickKey } from '../protocol/nickname.js';
import type { People } from '../security/people.js';
import { toAppError } from './app-error.js';
import type { EventSink } from './event-outbox.js';
import { commandFailure } from './session-failure.js';
import type { HistoryStore } from './history/history-store.js';
import { RoomRecorder } from './history/room-recorder.js';
import { sessionSecurity } from './session-security.js';

const ROOM_EVENTS = [
  'msg',
  'joined',
  'left',
  'renamed',
  'status',
  'awake',
  'with.request',
  'with.started',
  'with.ended',
  'notice',
] as const;

export class JoinedRoom {
  private state: ConnectionState;
  private readonly users = new Map<string, UserInfo>();
  private dmPeer: string | undefined;
  private pendingWith: string | undefined;
  private maxUsers = 0;
  private detached = false;
  /** `nickKey fp` of members marked as a new device in this room, so the mark survives a reconnect. */
  private readonly newDevices = new Set<string>();
  /** Writes the room's conversation to the store (a no-op without one). */
  readonly recorder: RoomRecorder;

  constructor(
    readonly id: RoomId,
    readonly session: ClientSession,
    private readonly emit: EventSink,
    private readonly people?: People,
    history?: HistoryStore,
  ) {
    this.state = { phase: 'idle', roomId: id };
    this.recorder = new RoomRecorder(history, session);
    this.wire();
  }

  get connection(): ConnectionState {
    return { ...this.state };
  }

  /** Connected, connecting or reconnecting: the room still counts as joined. */
  get active(): boolean {
    return this.state.phase !== 'idle' && this.state.phase !== 'disconnected' && this.state.phase !== 'closed';
  }

  /**
   * My messages the app's last run left unsent here (quit or crash while they waited) go back into the outbox under
   * their client ids, so the host posts each once; one it refuses comes back as failed, with Retry and Delete.
   */
  private resendEarlierUnsent(): void {
    const queued = new Set(this.session.outbox.items().map((item) => item.cid));
    for (const entry of this.recorder.earlierUnsent()) {
      if (entry.kind !== 'msg' || !entry.cid || queued.has(entry.cid)) continue;
      const sent =
        entry.scope === 'whisper' && entry.to
          ? this.session.whisper(entry.to, entry.text, entry.cid)
          : this.session.say(entry.text, entry.scope === 'dm' ? 'dm' : 'room', entry.cid);
      sent.catch(() => undefined); // the outcome reaches the page as an outbox event
    }
  }

  /** Keeps my outbox messages in the room's history: `sending` when first seen, then each later state. */
  private recordOutbox(event: OutboxEvent, recorded: Set<string>): void {
    const { cid } = event;
    if (event.state === 'sent') {
      recorded.delete(cid);
      this.recorder.outbox({ cid, state: 'sent', mid: event.mid ?? 0 });
    } else if (event.state === 'failed') {
      this.recorder.outbox({ cid, state: 'failed', error: event.error?.code });
    } else if (recorded.has(cid)) {
      this.recorder.outbox({ cid, state: 'sending' });
    } else {
      recorded.add(cid);
      const scope = event.kind === 'whisper' ? 'whisper' : (event.scope ?? 'room');
      this.recorder.unsent({ cid, text: event.text, scope, ...(event.kind === 'whisper' ? { to: event.to } : {}) });
    }
  }

  snapshot(): RoomSnapshot | null {
    const s = this.session;
    if (!this.active && this.state.phase !== 'closed') return null;
    const outbox = s.outbox.items().map(outboxItem);
    return {
      roomId: this.id,
      roomKey: this.recorder.key,
      host: s.host,
      port: s.port,
      roomName: s.room?.name ?? '',
      nick: s.nick,
      users: [...this.users.values()],
      maxUsers: this.maxUsers,
      ...(this.dmPeer ? { dmPeer: this.dmPeer } : {}),
      ...(this.pendingWith ? { pendingWith: this.pendingWith } : {}),
      ...(outbox.length > 0 ? { outbox } : {}),
      ...(s.limits ? { limits: { textBytes: s.limits.textBytes, historyKept: s.hostHistory?.kept ?? 0 } } : {}),
    };
  }

  /** Where a file card of this room goes: the store's room key, my nickname and my 1:1 partner now. */
  cardContext(): { roomId: RoomId; roomKey: RoomKey; nick: string; dmPeer?: string } {
    return {
      roomId: this.id,
      roomKey: this.recorder.key,
      nick: this.session.nick,
      ...(this.dmPeer ? { dmPeer: this.dmPeer } : {}),
    };
  }

  /** The key the host stamped on `nick`, if any. */
  fingerprintOf(nick: string): string | undefined {
    return this.users.get(nickKey(nick))?.fp;
  }

  /** Remembers a 1:1 I asked for (the server sends no event for my own request). */
  notePendingWith(to: string | undefined): void {
    this.pendingWith = to;
  }

  /** Stops forwarding the session's events: nothing more is emitted for this room except by the calls below. */
  detach(): void {
    this.detached = true;
  }

  /** The join failed: idle again. */
  failed(): void {
    this.detach();
    this.setState({ phase: 'idle', roomId: this.id });
  }

  /** The room is left: idle, and an empty user list. */
  close(): void {
    this.detach();
    this.users.clear();
    this.dmPeer = undefined;
    this.pendingWith = undefined;
    this.maxUsers = 0;
    this.setState({ phase: 'idle', roomId: this.id });
    this.emitUsers();
  }

  private emitUsers(): void {
    this.emit('users', { roomId: this.id, users: [...this.users.values()] });
  }

  private wire(): void {
    const session = this.session;
    const live = (): boolean => !this.detached;
    session.on('connecting', ({ attempt }) => {
      if (live())
        this.setState(
          attempt === 0 ? { phase: 'connecting', ...this.where() } : { ...this.state, phase: 'reconnecting', attempt },
        );
    });
    session.on('connected', (event) => {
      if (!live()) return;
      this.users.clear();
      for (const user of event.users) this.users.set(nickKey(user.nick), this.recognise(user));
      this.maxUsers = event.room.maxUsers;
      this.dmPeer = undefined;
      this.pendingWith = undefined;
      this.setState({
        phase: 'connected',
        ...this.where(),
        nick: event.nick,
        roomName: event.room.name,
        ...(session.rtt === undefined ? {} : { rttMs: session.rtt }),
        security: sessionSecurity(session),
        roomKey: this.recorder.key,
      });
      this.recorder.connected(event.room.name);
      this.emitUsers();
      if (!event.reconnected) this.resendEarlierUnsent();
      if (event.reconnected) {
        const notice = { t: 'notice', code: 'app.reconnected', text: 'Reconnected to the room.' } as const;
        const historyId = this.recorder.record(notice);
        this.emit('room', { ...notice, roomId: this.id, ...(historyId === undefined ? {} : { historyId }) });
      }
    });
    session.on('reconnecting', ({ attempt, inMs, error }) => {
      if (live())
        this.setState({
          ...this.state,
          phase: 'reconnecting',
          attempt,
          retryInMs: inMs,
          ...(error ? { message: error.message } : {}),
        });
    });
    session.on('disconnected', ({ reason, message, willReconnect }) => {
      if (!live()) return;
      this.dmPeer = undefined;
      this.pendingWith = undefined;
      const closedByHost = !willReconnect && reason === 'server_shutdown';
      if (closedByHost) {
        this.users.clear();
        this.emitUsers();
      }
      this.setState({
        ...this.where(),
        nick: session.nick,
        ...(this.state.roomName === undefined ? {} : { roomName: this.state.roomName }),
        phase: willReconnect ? 'reconnecting' : closedByHost ? 'closed' : 'disconnected',
        reason,
        message,
      });
    });
    session.on('rtt', ({ ms }) => {
      if (live()) this.setState({ ...this.state, rttMs: ms });
    });
    session.on('nick', ({ nick }) => {
      if (live()) this.setState({ ...this.state, nick });
    });
    const recorded = new Set<string>();
    session.on('outbox', (event) => {
      if (!live()) return;
      this.recordOutbox(event, recorded);
      this.emit('outbox', { ...outboxItem(event), roomId: this.id });
    });
    for (const type of ROOM_EVENTS) {
      session.on(type, (message) => {
        if (!live()) return;
        const { t: _t, ...rest } = message as { t: string };
        const run = type === 'msg' ? session.history?.run : undefined;
        const event = { t: type, ...rest, ...(run ? { run } : {}) } as RoomEvent;
        const before = event.t === 'status' ? this.users.get(nickKey(event.nick))?.status : undefined;
        const historyId = this.recorder.record(event, before);
        // The event first, then the user list it changes: the page words notices (e.g. "bob is away") from the
        // status it knew before the event.
        this.emit('room', { ...event, roomId: this.id, ...(historyId === undefined ? {} : { historyId }) });
        this.track(event);
      });
    }
  }

  /** Keeps the user list and 1:1 state in step with the room events. */
  private track(event: RoomEvent): void {
    switch (event.t) {
      case 'joined':
        this.users.set(nickKey(event.user.nick), this.recognise(event.user));
        return this.emitUsers();
      case 'left':
        this.users.delete(nickKey(event.nick));
        if (this.pendingWith && nickKey(this.pendingWith) === nickKey(event.nick)) this.pendingWith = undefined;
        return this.emitUsers();
      case 'renamed': {
        const user = this.users.get(nickKey(event.from));
        this.users.delete(nickKey(event.from));
        const { newDevice: _was, ...kept } = user ?? { status: 'active' as const };
        this.users.set(nickKey(event.to), this.recognise({ ...kept, nick: event.to }));
        if (this.dmPeer && nickKey(this.dmPeer) === nickKey(event.from)) this.dmPeer = event.to;
        return this.emitUsers();
      }
      case 'status': {
        const { awayText: _old, ...known } = this.users.get(nickKey(event.nick)) ?? { nick: event.nick };
        const user: UserInfo = {
          ...known,
          nick: event.nick,
          status: event.status,
          ...(event.awayText ? { awayText: event.awayText } : {}),
        };
        this.users.set(nickKey(event.nick), user);
        return this.emitUsers();
      }
      case 'with.started':
        this.dmPeer = event.peer;
        this.pendingWith = undefined;
        return;
      case 'with.ended':
        if (this.dmPeer && nickKey(this.dmPeer) === nickKey(event.peer)) this.dmPeer = undefined;
        if (this.pendingWith && nickKey(this.pendingWith) === nickKey(event.peer)) this.pendingWith = undefined;
        return;
      default:
        return;
    }
  }

  /**
   * A member with a key: marked `newDevice` when People last saw the nickname with another key; the key is then
   * remembered for the nickname (my own entry is left alone). Without People or a key, the member as sent.
   */
  private recognise(user: UserInfo): UserInfo {
    const { people } = this;
    const fp = user.fp;
    if (!people || !fp || nickKey(user.nick) === nickKey(this.session.nick)) return user;
    const mark = `${nickKey(user.nick)} ${fp}`;
    if (people.isNewDevice(user.nick, fp)) this.newDevices.add(mark);
    const newDevice = this.newDevices.has(mark);
    people.seen(user.nick, fp).catch(() => undefined);
    return newDevice ? { ...user, newDevice } : user;
  }

  private where(): { roomId: RoomId; host: string; port: number } {
    return { roomId: this.id, host: this.session.host, port: this.session.port };
  }

  private setState(next: ConnectionState): void {
    if (next.phase === 'connected') {
      delete next.attempt;
      delete next.retryInMs;
      delete next.reason;
      delete next.message;
    }
    this.state = next;
    this.emit('connection', { ...next });
  }
}

/** An outbox message as the page sees it (its error as an app error). */
function outboxItem(event: OutboxEvent): OutboxItem {
  const { kind: _kind, error, ...item } = event;
  return error ? { ...item, error: toAppError(commandFailure(error)) } : item;
}
