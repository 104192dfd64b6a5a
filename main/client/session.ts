/**
 * The client session shared by the desktop app and the terminal client: connect, hello + login, typed events for
 * everything the server sends, one method per command, RTT measurement, and reconnect with backoff that logs back
 * in under the same nickname. No UI code.
 *
 * Nothing typed is lost: `say`/`whisper` go through the Outbox (outbox.ts: client message ids, resent after a
 * reconnect, paced under the room's rate limit); a re-login asks for the history missed since the last message seen
 * (history-cursor.ts), and the replayed messages (`msg` with `hist`) are emitted right after `connected`, before live
 * ones.
 *
 * Security (PROTOCOL.md section 16): TLS by default with our identity as client certificate; the host is verified
 * before anything is sent (room code → pins → trust on first use, host-verifier.ts), every reconnect included; in a
 * password room the password is proved with CPace, never sent, and a host that cannot prove it knows it is refused
 * (`host_impostor`). `dataTicket(token)` gives the data-connection credential bound to this chat connection.
 */
import type { FrameObject } from '../protocol/codec.js';
import { PROTOCOL_VERSION } from '../protocol/limits.js';
import type {
  ClientMessage,
  RequestType,
  Results,
  ServerByeMessage,
  UserPage,
  WelcomeMessage,
} from '../protocol/messages.js';
import { nickKey } from '../protocol/nickname.js';

import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import {
  ConnectionError,
  ProtocolError,
  asSessionError,
  errorFromFrame,
  closedBeforeWelcome,
  isRetryableLoginError,
  notConnectedError,
  type SessionError,
} from './errors.js';
import { FramedSocket } from './framed-socket.js';
import { HistoryCursor } from './history-cursor.js';
import { HostVerifier } from './host-verifier.js';
import { hostImpostor, loginFields } from './login-fields.js';
import { Outbox, type OutboxMessage } from './outbox.js';
import { dataTicket } from '../security/data-ticket.js';
import { createIdentitySync, type Identity } from '../security/identity.js';
import { MemoryKnownHosts } from '../security/known-hosts.js';
import { PendingRequests } from './pending-requests.js';
import { RttMonitor } from './rtt-monitor.js';
import type {
  DisconnectedEvent,
  DisconnectReason,
  LoginResult,
  RequestFields,
  SessionEvents,
  SessionOptions,
  SessionSecurity,
  SessionState,
  UserList,
} from './session-types.js';
import { TypedEmitter } from './typed-emitter.js';
import { UserListCollector } from './user-list.js';

/** Events the session itself emits; a server frame with one of these `t`s is only reported as `message`. */
const OWN_EVENTS = new Set([
  'connecting',
  'connected',
  'reconnecting',
  'disconnected',
  'rtt',
  'nick',
  'message',
  'outbox',
]);

export class ClientSession extends TypedEmitter<SessionEvents> {
  readonly host: string;
  readonly port: number;
  /** Where the current (or next) connection goes: `host:port`, or another instance of a cluster after a failure. */
  private target: { host: string; port: number };
  /** The other instances of a cluster, from the last welcome (PROTOCOL.md 20.6): where reconnects go in turn. */
  private alternates: { host: string; port: number }[] = [];
  private currentNick: string;
  private currentState: SessionState = 'idle';
  private link: FramedSocket | undefined;
  private welcomeMessage: WelcomeMessage | undefined;
  private lastBye: ServerByeMessage | undefined;
  /** A fatal error without `id` (e.g. too_many_attempts, encryption_required): what pending requests fail with. */
  private lastFatal: ProtocolError | undefined;
  private waitingForWelcome:
    { resolve: (welcome: WelcomeMessage) => void; reject: (error: SessionError) => void } | undefined;
  private readonly pending = new PendingRequests();
  private readonly collectors = new Set<UserListCollector>();
  private latestRtt: number | undefined;
  private readonly rttMonitor: RttMonitor;
  private cancelWait: (() => void) | undefined;
  private readonly backoff: BackoffOptions | false;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly ownIdentity: Identity | undefined;
  private readonly verifier: HostVerifier | undefined;
  private hostSecurity: SessionSecurity = { encrypted: false };
  /** Aborts the connection being opened (close() while connecting). */
  private opening: AbortController | undefined;
  /** Frames that arrived after our `login` was sent: emitted once `connected` is (the replay comes first). */
  private held: FrameObject[] | undefined;
  private readonly cursor: HistoryCursor;
  /** Messages on their way: `say` and `whisper` (see outbox.ts). */
  readonly outbox: Outbox;

  constructor(private readonly options: SessionOptions) {
    super();
    const security = options.security;
    if (security && 'insecure' in security) {
      this.ownIdentity = undefined;
      this.verifier = undefined;
    } else {
      this.ownIdentity = security?.identity ?? createIdentitySync('Sarangbang');
      this.verifier = new HostVerifier(options.host, options.port, {
        knownHosts: security?.knownHosts ?? new MemoryKnownHosts(),
        ...(security?.code === undefined ? {} : { code: security.code }),
        trustNewIdentity: security?.trustNewIdentity === true,
      });
    }
    this.host = options.host;
    this.port = options.port;
    this.target = { host: options.host, port: options.port };
    this.currentNick = options.nick;
    this.backoff = options.reconnect === false ? false : { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.rttMonitor = new RttMonitor(options.rttIntervalMs ?? 10_000, () => this.measureRtt());
    this.cursor = new HistoryCursor(options.historyMax);
    this.outbox = new Outbox(
      {
        connected: () => this.currentState === 'connected',
        send: (message, cid) => {
          const { kind, ...fields } = message;
          return this.sendRequest(kind, { ...fields, cid }, this.requestTimeoutMs);
        },
        rate: () => this.welcomeMessage?.limits.rate,
        emit: (event) => this.emit('outbox', event),
      },
      options.outboxOfflineMs,
    );
  }

  get state(): SessionState {
    return this.currentState;
  }
  /** Our nickname as the server knows it (updated by `rename`). */
  get nick(): string {
    return this.currentNick;
  }
  /** Latest measured round-trip time in ms, if any. */
  get rtt(): number | undefined {
    return this.latestRtt;
  }
  /** The room's name and settings from the server's `welcome`. */
  get room(): WelcomeMessage['room'] | undefined {
    return this.welcomeMessage?.room;
  }
  /** The room's limits (text size, rate) from the server's `welcome`. */
  get limits(): WelcomeMessage['limits'] | undefined {
    return this.welcomeMessage?.limits;
  }
  /** The host's history run and how many messages it keeps, from the `welcome` (absent from old hosts). */
  get hostHistory(): WelcomeMessage['history'] | undefined {
    return this.welcomeMessage?.history;
  }
  /**
   * The server's rooms from the `welcome` (`{count, allowNew}`): present only on a many-room server or one that
   * creates rooms on first join; absent means one room (no room choice to offer).
   */
  get serverRooms(): WelcomeMessage['rooms'] | undefined {
    return this.welcomeMessage?.rooms;
  }
  get serverName(): string | undefined {
    return this.welcomeMessage?.server;
  }
  /** Encrypted or not, the host's fingerprint and code, and how it was verified (latest connection). */
  get security(): SessionSecurity {
    return { ...this.hostSecurity };
  }
  /** The host's history run and the highest message id seen in it (undefined: the host keeps no history). */
  get history(): { run: string; after: number } | undefined {
    return this.cursor.position;
  }
  /** Our own identity (its fingerprint is what others see as our `fp`); undefined when insecure. */
  get identity(): Identity | undefined {
    return this.ownIdentity;
  }

  /**
   * The credential for a data connection's first frame: on TLS the ticket (HMAC of the token with this chat
   * connection's CB_data), so the token never leaves TLS; on a cleartext link the token itself.
   */
  dataTicket(token: string): { ticket: string } | { token: string } {
    const channel = this.link?.channel;
    return channel ? { ticket: dataTicket(channel.cbData, token) } : { token };
  }

  /** Connects and logs in. Rejects with ConnectionError (refused, timeout...) or ProtocolError (wrong_password,
   * nick_taken, room_full...); a failed first connect is not retried. Call once per session. */
  async connect(): Promise<LoginResult> {
    if (this.currentState !== 'idle') throw new Error(`connect() called on a session that is ${this.currentState}`);
    this.currentState = 'connecting';
    this.emit('connecting', { attempt: 0 });
    try {
      const result = await this.attempt();
      this.onLoggedIn(result, false);
      return result;
    } catch (caught) {
      const error = asSessionError(caught);
      if (this.currentState === 'connecting') {
        this.currentState = 'closed';
        this.disconnected({
          reason: error instanceof ProtocolError ? 'login_failed' : 'connection_lost',
          message: error.message,
          error,
          willReconnect: false,
        });
      }
      throw error;
    }
  }

  /** Sends a request and resolves with its typed result; rejects with ProtocolError on an `error` answer. */
  request<T extends RequestType>(
    type: T,
    fields: RequestFields<T>,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<Results[T]> {
    if (this.currentState !== 'connected') return Promise.reject(this.notConnected());
    return this.sendRequest(type, fields, timeoutMs);
  }

  /** Sends a message that expects no answer (for example a future `file.*` notice). */
  send(message: ClientMessage): void {
    if (this.currentState !== 'connected' || !this.link) throw this.notConnected();
    this.link.send(message);
  }

  /**
   * Says `text` through the outbox (`cid`: its client message id, made here when not given). While the session is
   * connecting or reconnecting it waits; resolves once the host posted it, rejects once it failed (outbox.ts).
   */
  say(text: string, scope?: 'room' | 'dm', cid?: string): Promise<Results['say']> {
    return this.post(scope === undefined ? { kind: 'say', text } : { kind: 'say', text, scope }, cid);
  }
  whisper(to: string, text: string, cid?: string): Promise<Results['whisper']> {
    return this.post({ kind: 'whisper', to, text }, cid);
  }
  /** The whole user list (the server sends it in pages; this fetches them all). */
  list(): Promise<UserList> {
    if (this.currentState !== 'connected') return Promise.reject(this.notConnected());
    return this.collectUsers(undefined, this.requestTimeoutMs).then(({ users }) => ({ users }));
  }
  sleep(text?: string): Promise<Results['sleep']> {
    return this.request('sleep', text === undefined ? {} : { text });
  }
  wakeup(): Promise<Results['wakeup']> {
    return this.request('wakeup', {});
  }
  askWith(to: string): Promise<Results['with']> {
    return this.request('with', { to });
  }
  answerWith(from: string, accept: boolean): Promise<Results['with.answer']> {
    return this.request('with.answer', { from, accept });
  }
  end(): Promise<Results['end']> {
    return this.request('end', {});
  }
  version(): Promise<Results['version']> {
    return this.request('version', {});
  }
  /** One page of the server's rooms (section 19.3), sorted by key; pass the page's `next` as `after` for the next. */
  rooms(after?: string): Promise<Results['rooms']> {
    return this.request('rooms', after === undefined ? {} : { after });
  }

  async rename(nick: string): Promise<Results['nick']> {
    const result = await this.request('nick', { nick });
    this.setNick(result.nick);
    return result;
  }

  /** Measures the round-trip time with a `ping`; resolves with milliseconds. */
  async ping(timeoutMs = this.requestTimeoutMs): Promise<number> {
    if (this.currentState !== 'connected' || !this.link) throw this.notConnected();
    const started = performance.now();
    const { id, promise } = this.pending.create<unknown>('ping', timeoutMs);
    this.link.send({ t: 'ping', id });
    await promise;
    const ms = Math.round((performance.now() - started) * 100) / 100;
    this.latestRtt = ms;
    this.emit('rtt', { ms });
    return ms;
  }

  /** Leaves the room (sends `bye`), stops reconnecting, and resolves once the connection is closed. */
  async close(): Promise<void> {
    if (this.currentState === 'closed') return;
    const wasConnected = this.currentState === 'connected';
    this.currentState = 'closed';
    this.rttMonitor.stop();
    this.cancelWait?.();
    this.opening?.abort();
    const link = this.link;
    if (link?.isOpen) {
      const closed = new Promise<void>((resolve) => link.once('close', () => resolve()));
      if (wasConnected) {
        link.send({ t: 'bye' });
        link.end();
      } else {
        link.destroy();
      }
      const timer = setTimeout(() => link.destroy(), 1000);
      await closed;
      clearTimeout(timer);
    }
    const error = new ConnectionError('closed', 'The session was closed.');
    this.pending.rejectAll(error);
    this.waitingForWelcome?.reject(error);
    this.disconnected({ reason: 'closed', message: 'You left the room.', willReconnect: false });
  }

  private post(message: OutboxMessage, cid: string | undefined): Promise<Results['say']> {
    if (this.currentState === 'idle' || this.currentState === 'closed') return Promise.reject(this.notConnected());
    return this.outbox.add(message, cid);
  }

  /** Reports the connection lost; when for good, what the outbox still holds fails. */
  private disconnected(event: DisconnectedEvent): void {
    if (!event.willReconnect) {
      const why = event.reason === 'closed' ? 'you left the room first.' : event.message;
      this.outbox.stop(new ConnectionError('offline', `Not sent: ${why}`));
    }
    this.emit('disconnected', event);
  }

  // ------------------------------------------------------------------ connection attempts

  /** One connection: TCP, preamble, hello → welcome, login → ok. Everything within connectTimeoutMs. */
  private async attempt(): Promise<LoginResult> {
    const started = Date.now();
    const verifier = this.verifier;
    let verified: SessionSecurity | undefined;
    const opening = new AbortController();
    this.opening = opening;
    const { host, port } = this.target;
    const link = await FramedSocket.connect(
      host,
      port,
      this.connectTimeoutMs,
      verifier && this.ownIdentity
        ? {
            identity: this.ownIdentity,
            verify: async (fingerprint) => {
              verified = await verifier.verify(fingerprint);
            },
          }
        : undefined,
      opening.signal,
    ).finally(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    if (this.currentState === 'closed') {
      link.destroy();
      throw new ConnectionError('closed', 'The session was closed.');
    }
    this.link = link;
    this.hostSecurity = verified ?? { encrypted: false };
    this.lastBye = undefined;
    this.lastFatal = undefined;
    link.on('frame', (frame) => this.onFrame(link, frame));
    link.on('close', ({ error }) => this.onLinkClose(link, error));
    const remaining = Math.max(1, this.connectTimeoutMs - (Date.now() - started));
    const timer = setTimeout(
      () =>
        link.destroy(
          new ConnectionError(
            'timeout',
            `${host}:${port} accepted the connection but the room did not answer within ${Math.round(this.connectTimeoutMs / 1000)} s. Is this the right port?`,
          ),
        ),
      remaining,
    );
    try {
      const welcome = new Promise<WelcomeMessage>((resolve, reject) => {
        this.waitingForWelcome = { resolve, reject };
      });
      link.send({
        t: 'hello',
        v: PROTOCOL_VERSION,
        ...(this.options.app === undefined ? {} : { app: this.options.app }),
        ...(this.options.room ? { room: this.options.room } : {}),
      });
      this.welcomeMessage = await welcome;
      this.alternates = clusterInstances(this.welcomeMessage, host);
      const history = this.cursor.wanted(this.welcomeMessage);
      const { login, cpace } = loginFields(link, this.welcomeMessage, this.currentNick, this.options.password, history);
      const checkHost = cpace
        ? (first: Results['login']): void => {
            const tag = first.pake?.tag;
            if (tag === undefined || !cpace.verifyServer(Buffer.from(tag, 'base64url'))) throw hostImpostor();
          }
        : undefined;
      return await this.collectUsers(login, remaining, checkHost);
    } catch (error) {
      link.destroy();
      this.releaseHeld();
      throw error;
    } finally {
      clearTimeout(timer);
      this.waitingForWelcome = undefined;
    }
  }

  private onLoggedIn(result: LoginResult, reconnected: boolean): void {
    this.currentState = 'connected';
    this.verifier?.connected();
    this.setNick(result.nick);
    const room = this.welcomeMessage?.room ?? { name: '', passwordRequired: false, maxUsers: 0 };
    this.cursor.loggedIn();
    this.emit('connected', {
      nick: result.nick,
      users: result.users,
      room,
      server: this.welcomeMessage?.server ?? '',
      reconnected,
      security: this.security,
      ...(result.replay ? { replay: result.replay } : {}),
    });
    this.releaseHeld();
    this.rttMonitor.start();
    this.outbox.resume();
  }

  private releaseHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const frame of held) this.emitFrame(frame);
  }

  private onLinkClose(link: FramedSocket, error: ConnectionError | undefined): void {
    if (link !== this.link) return;
    const bye = this.lastBye;
    const lost = new ConnectionError(
      'closed',
      bye?.message ?? error?.message ?? 'The connection to the room was lost.',
      error ? { cause: error } : undefined,
    );
    if (this.waitingForWelcome)
      this.waitingForWelcome.reject(
        this.currentState === 'closed'
          ? new ConnectionError('closed', 'The session was closed.')
          : closedBeforeWelcome(`${this.host}:${this.port}`, bye, error),
      );
    // A login (or any request) cut short by a fatal error fails with that error, not a bare "connection lost".
    this.pending.rejectAll(this.currentState === 'connected' ? lost : (this.lastFatal ?? lost));
    if (this.currentState !== 'connected') return;
    this.rttMonitor.stop();
    const reason: DisconnectReason = bye?.reason ?? 'connection_lost';
    const closedByHost = reason === 'server_shutdown' && this.options.reconnectAfterShutdown === false;
    const willReconnect = this.backoff !== false && !closedByHost;
    this.currentState = willReconnect ? 'reconnecting' : 'closed';
    this.disconnected({ reason, message: lost.message, error: error ?? lost, willReconnect });
    if (willReconnect) void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    const backoff = this.backoff === false ? DEFAULT_BACKOFF : this.backoff;
    let lastError: SessionError | undefined;
    for (let attempt = 1; this.currentState === 'reconnecting'; attempt++) {
      if (attempt > (backoff.maxAttempts ?? Number.POSITIVE_INFINITY)) {
        this.currentState = 'closed';
        this.disconnected({
          reason: 'gave_up',
          message: `Gave up reconnecting after ${attempt - 1} attempts.`,
          ...(lastError ? { error: lastError } : {}),
          willReconnect: false,
        });
        return;
      }
      const inMs = backoffDelay(attempt, backoff);
      this.emit('reconnecting', { attempt, inMs, ...(lastError ? { error: lastError } : {}) });
      await this.wait(inMs);
      if (this.currentState !== 'reconnecting') return;
      if (attempt > 1) this.target = this.nextTarget();
      this.emit('connecting', { attempt });
      try {
        const result = await this.attempt();
        if (this.currentState !== 'reconnecting') return;
        this.onLoggedIn(result, true);
        return;
      } catch (caught) {
        lastError = asSessionError(caught);
        if (this.currentState !== 'reconnecting') return;
        if (!isRetryableLoginError(lastError)) {
          this.currentState = 'closed';
          this.disconnected({
            reason: 'login_failed',
            message: lastError.message,
            error: lastError,
            willReconnect: false,
          });
          return;
        }
      }
    }
  }

  /** The address after the current one among this one, the first one dialled and a cluster's other instances. */
  private nextTarget(): { host: string; port: number } {
    const all = [{ host: this.host, port: this.port }, ...this.alternates];
    const seen = new Set<string>();
    const candidates = all.filter((each) => {
      const key = `${each.host}|${each.port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const at = candidates.findIndex((each) => each.host === this.target.host && each.port === this.target.port);
    return candidates[(at + 1) % candidates.length]!;
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.cancelWait = done;
    });
  }

  // ------------------------------------------------------------------ frames

  private onFrame(link: FramedSocket, frame: FrameObject): void {
    if (link !== this.link) return;
    const message = frame as { t: string; id?: unknown; result?: unknown; mid?: unknown };
    for (const collector of this.collectors) collector.onFrame(frame);
    switch (message.t) {
      case 'msg':
        if (typeof message.mid === 'number') this.cursor.seen(message.mid, this.currentState === 'connected');
        break;
      case 'welcome':
        this.waitingForWelcome?.resolve(frame as unknown as WelcomeMessage);
        break;
      case 'ping':
        if (typeof message.id === 'number') link.send({ t: 'pong', id: message.id });
        break;
      case 'pong':
      case 'ok':
        if (typeof message.id === 'number') this.pending.resolve(message.id, message.result);
        break;
      case 'error': {
        const error = errorFromFrame(frame);
        if (typeof message.id === 'number') this.pending.reject(message.id, error);
        else {
          this.waitingForWelcome?.reject(error);
          if (error.fatal) this.lastFatal = error;
        }
        break;
      }
      case 'bye':
        this.lastBye = frame as unknown as ServerByeMessage;
        break;
      case 'renamed': {
        const renamed = frame as unknown as SessionEvents['renamed'];
        if (this.currentState === 'connected' && nickKey(renamed.from) === nickKey(this.currentNick))
          this.setNick(renamed.to);
        break;
      }
    }
    if (this.held) this.held.push(frame);
    else this.emitFrame(frame);
  }

  private emitFrame(frame: FrameObject): void {
    if (!OWN_EVENTS.has(frame.t)) this.emit(frame.t as keyof SessionEvents, frame as never);
    this.emit('message', frame);
  }

  private sendRequest<T extends RequestType>(
    type: T,
    fields: RequestFields<T>,
    timeoutMs: number,
    collector?: UserListCollector,
  ): Promise<Results[T]> {
    const link = this.link;
    if (!link?.isOpen) return Promise.reject(this.notConnected());
    const { id, promise } = this.pending.create<Results[T]>(type, timeoutMs);
    collector?.expect(id);
    try {
      link.send({ ...fields, t: type, id });
    } catch (error) {
      this.pending.reject(
        id,
        new ProtocolError('frame_too_large', error instanceof Error ? error.message : String(error)),
      );
    }
    return promise;
  }

  /** Logs in (with `login`) or lists (without), then fetches the remaining pages of the user list. */
  private async collectUsers(
    login: RequestFields<'login'> | undefined,
    timeoutMs: number,
    checkLogin?: (first: Results['login']) => void,
  ): Promise<LoginResult> {
    const collector = new UserListCollector();
    this.collectors.add(collector);
    if (login) this.held = [];
    try {
      const first = login ? await this.sendRequest('login', login, timeoutMs, collector) : undefined;
      if (first) checkLogin?.(first);
      const nick = first?.nick ?? this.currentNick;
      let page: UserPage = first ?? (await this.sendRequest('list', {}, timeoutMs, collector));
      while (page.next !== undefined) page = await this.sendRequest('list', { after: page.next }, timeoutMs, collector);
      return { nick, users: collector.result(), ...(first?.replay ? { replay: first.replay } : {}) };
    } finally {
      this.collectors.delete(collector);
    }
  }

  private setNick(nick: string): void {
    if (nick === this.currentNick) return;
    this.currentNick = nick;
    this.emit('nick', { nick });
  }

  /** A periodic RTT ping; no pong within deadAfterMs means the link is dead (reconnect). */
  private measureRtt(): void {
    const link = this.link;
    this.ping(this.options.deadAfterMs ?? 20_000).catch((error: unknown) => {
      if (error instanceof ConnectionError && error.code === 'request_timeout' && link === this.link) {
        link?.destroy(new ConnectionError('timeout', 'The room stopped answering; reconnecting.'));
      }
    });
  }

  private notConnected(): ConnectionError {
    return notConnectedError(this.currentState);
  }
}

export function createClientSession(options: SessionOptions): ClientSession {
  return new ClientSession(options);
}

/** A cluster's instances from `welcome.cluster`, as addresses; a wildcard host stands for the host we dialled. */
function clusterInstances(welcome: WelcomeMessage, dialled: string): { host: string; port: number }[] {
  const found: { host: string; port: number }[] = [];
  for (const entry of welcome.cluster?.instances ?? []) {
    if (typeof entry !== 'string') continue;
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535) continue;
    const host = match[1] ?? match[2]!;
    found.push({ host: host === '0.0.0.0' || host === '::' ? dialled : host, port });
  }
  return found;
}
