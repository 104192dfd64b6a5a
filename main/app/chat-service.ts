/**
 * Owns the desktop app's one client session: join, leave, every room command, and the typed event stream the UI
 * draws from (connection state with RTT and reconnects, room events in order, the user list after every change).
 */
import type { ConnectionState, RoomEvent, RoomSnapshot, UserInfo } from '@contract/ipc-contract';
import { ClientSession } from '../client/session.js';
import type { SessionOptions } from '../client/session-types.js';
import { nickKey } from '../protocol/nickname.js';
import { AppFailure } from './app-error.js';
import type { EventSink } from './event-outbox.js';
import { commandFailure, joinFailure } from './session-failure.js';

export interface JoinRequest {
  host: string;
  port: number;
  nick: string;
  password?: string;
}

export interface ChatServiceOptions {
  emit: EventSink;
  /** Client name sent in `hello`. */
  appName: string;
  /** Overrides for tests (timeouts, backoff). */
  sessionOptions?: Partial<SessionOptions>;
  /** Called with every session created, after it is wired (the transfer service hooks in here). */
  onSession?: (session: ClientSession) => void;
}

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

export class ChatService {
  private session: ClientSession | undefined;
  private state: ConnectionState = { phase: 'idle' };
  private readonly users = new Map<string, UserInfo>();
  private dmPeer: string | undefined;
  private pendingWith: string | undefined;
  private maxUsers = 0;

  constructor(private readonly options: ChatServiceOptions) {}

  get connection(): ConnectionState {
    return { ...this.state };
  }

  /** The live session, for services that speak on it (file transfer). */
  get current(): ClientSession | undefined {
    return this.session?.state === 'connected' ? this.session : undefined;
  }

  snapshot(): RoomSnapshot | null {
    const s = this.session;
    if (!s || this.state.phase === 'idle' || this.state.phase === 'disconnected') return null;
    return {
      host: s.host,
      port: s.port,
      roomName: s.room?.name ?? '',
      nick: s.nick,
      users: [...this.users.values()],
      maxUsers: this.maxUsers,
      ...(this.dmPeer ? { dmPeer: this.dmPeer } : {}),
      ...(this.pendingWith ? { pendingWith: this.pendingWith } : {}),
    };
  }

  async join(request: JoinRequest): Promise<RoomSnapshot> {
    if (this.session && this.state.phase !== 'disconnected' && this.state.phase !== 'idle') {
      throw new AppFailure('already_connected', 'You are already in a room. Leave it first.');
    }
    const session = new ClientSession({
      host: request.host,
      port: request.port,
      nick: request.nick,
      ...(request.password ? { password: request.password } : {}),
      app: this.options.appName,
      ...this.options.sessionOptions,
    });
    this.session = session;
    this.resetRoom();
    this.wire(session);
    this.options.onSession?.(session);
    try {
      await session.connect();
    } catch (error) {
      if (this.session === session) this.session = undefined;
      this.setState({ phase: 'idle' });
      throw joinFailure(error, !!request.password);
    }
    const snapshot = this.snapshot();
    if (!snapshot) throw new AppFailure('not_connected', 'The connection closed right after joining.');
    return snapshot;
  }

  async leave(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    await session.close();
    session.removeAllListeners();
    this.resetRoom();
    this.setState({ phase: 'idle' });
    this.options.emit('users', { users: [] });
  }

  /** Runs a command on the live session, turning its errors into app failures. */
  async run<T>(command: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.session;
    if (!session || session.state !== 'connected') {
      const why =
        this.state.phase === 'reconnecting' ? 'The connection was lost; reconnecting…' : 'You are not in a room.';
      throw new AppFailure('not_connected', why);
    }
    try {
      return await command(session);
    } catch (error) {
      throw commandFailure(error);
    }
  }

  private wire(session: ClientSession): void {
    const mine = (): boolean => this.session === session;
    session.on('connecting', ({ attempt }) => {
      if (mine())
        this.setState(
          attempt === 0
            ? { phase: 'connecting', ...this.where(session) }
            : { ...this.state, phase: 'reconnecting', attempt },
        );
    });
    session.on('connected', (event) => {
      if (!mine()) return;
      this.users.clear();
      for (const user of event.users) this.users.set(nickKey(user.nick), user);
      this.maxUsers = event.room.maxUsers;
      this.dmPeer = undefined;
      this.pendingWith = undefined;
      this.setState({
        phase: 'connected',
        ...this.where(session),
        nick: event.nick,
        roomName: event.room.name,
        ...(session.rtt === undefined ? {} : { rttMs: session.rtt }),
      });
      this.emitUsers();
      if (event.reconnected)
        this.options.emit('room', { t: 'notice', code: 'app.reconnected', text: 'Reconnected to the room.' });
    });
    session.on('reconnecting', ({ attempt, inMs, error }) => {
      if (mine())
        this.setState({
          ...this.state,
          phase: 'reconnecting',
          attempt,
          retryInMs: inMs,
          ...(error ? { message: error.message } : {}),
        });
    });
    session.on('disconnected', ({ reason, message, willReconnect }) => {
      if (!mine()) return;
      this.dmPeer = undefined;
      this.pendingWith = undefined;
      this.setState({
        ...this.where(session),
        nick: session.nick,
        phase: willReconnect ? 'reconnecting' : 'disconnected',
        reason,
        message,
      });
    });
    session.on('rtt', ({ ms }) => {
      if (mine()) this.setState({ ...this.state, rttMs: ms });
    });
    session.on('nick', ({ nick }) => {
      if (mine()) this.setState({ ...this.state, nick });
    });
    for (const type of ROOM_EVENTS) {
      session.on(type, (message) => {
        if (!mine()) return;
        const { t: _t, ...rest } = message as { t: string };
        const event = { t: type, ...rest } as RoomEvent;
        // The event first, then the user list it changes: the page words notices (e.g. "bob is away") from the
        // status it knew before the event.
        this.options.emit('room', event);
        this.track(event);
      });
    }
  }

  /** Keeps the user list and 1:1 state in step with the room events. */
  private track(event: RoomEvent): void {
    switch (event.t) {
      case 'joined':
        this.users.set(nickKey(event.user.nick), event.user);
        return this.emitUsers();
      case 'left':
        this.users.delete(nickKey(event.nick));
        if (this.pendingWith && nickKey(this.pendingWith) === nickKey(event.nick)) this.pendingWith = undefined;
        return this.emitUsers();
      case 'renamed': {
        const user = this.users.get(nickKey(event.from));
        this.users.delete(nickKey(event.from));
        this.users.set(nickKey(event.to), { ...(user ?? { status: 'active' }), nick: event.to });
        if (this.dmPeer && nickKey(this.dmPeer) === nickKey(event.from)) this.dmPeer = event.to;
        return this.emitUsers();
      }
      case 'status': {
        const user: UserInfo = {
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

  /** Remembers a 1:1 I asked for (the server sends no event for my own request). */
  notePendingWith(to: string | undefined): void {
    this.pendingWith = to;
  }

  private resetRoom(): void {
    this.users.clear();
    this.dmPeer = undefined;
    this.pendingWith = undefined;
    this.maxUsers = 0;
  }

  private where(session: ClientSession): { host: string; port: number } {
    return { host: session.host, port: session.port };
  }

  private emitUsers(): void {
    this.options.emit('users', { users: [...this.users.values()] });
  }

  private setState(next: ConnectionState): void {
    if (next.phase === 'connected') {
      delete next.attempt;
      delete next.retryInMs;
      delete next.reason;
      delete next.message;
    }
    this.state = next;
    this.options.emit('connection', { ...next });
  }
}
