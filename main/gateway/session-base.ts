/**
 * What framed and plain-text sessions share: input held in an inbox so that push-back can stop processing
 * mid-chunk, the login deadline, leaving the room exactly once, and containment of exceptions (one client's
 * failure closes that client with `internal`, never the server).
 */
import type { ErrorCode } from '../protocol/errors.js';
import type { ConnectionSlot } from '../security/password-guard.js';
import {
  ENCRYPTION_REQUIRED_MESSAGE,
  FREE_SLOT,
  TOO_MANY_CONNECTIONS_MESSAGE,
  type LoginWait,
} from './access-policy.js';
import type { LeaveReason } from '../protocol/messages.js';
import type { Connection, ConnectionOwner } from './connection.js';
import { contained } from './contain.js';
import type { ServerContext, Session } from './context.js';
import type { ChannelSecurity } from './transport.js';
import { DEFAULT_ROOM_ID, newMemberId, type MemberId, type RoomId } from '../rooms/ids.js';
import type { Envelope, Member, MemberEndpoint } from '../rooms/member.js';
import type { Room } from '../rooms/room.js';
import type { RoomSettings } from './room-directory.js';

/** A fatal error told to the client as it is let go. */
export interface SessionError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}

export abstract class SessionBase<Item> implements ConnectionOwner, MemberEndpoint, Session {
  abstract readonly isTextClient: boolean;
  /** Who this connection is in its room: stable for the connection's life, whatever nickname it takes. */
  readonly memberId: MemberId = newMemberId();
  /**
   * The room this session enters: the default room unless `hello.room` named another (resolved once, at hello) or
   * a plain-text `/join` moved it. `roomName` is the spelling a room created on first join gets.
   */
  protected roomId: RoomId = DEFAULT_ROOM_ID;
  protected roomName: string | undefined;
  protected member: Member | undefined;
  protected finished = false;
  private inbox: Item[] = [];
  private next = 0;
  private fault: { code: ErrorCode; message: string } | undefined;
  /** An item whose handling awaits the room (a cluster's order): the items after it wait. */
  private holding = false;
  private loginTimer: NodeJS.Timeout | undefined;
  private readonly loginTimeoutMs: number;
  /** This connection's place under the per-address cap on unauthenticated connections; freed at login or close. */
  private admission: ConnectionSlot = FREE_SLOT;

  constructor(
    protected readonly conn: Connection,
    protected readonly ctx: ServerContext,
    loginTimeoutMs: number,
    /** TLS or not, the client's fingerprint and the channel bindings (transport.ts). */
    protected readonly channel: ChannelSecurity,
  ) {
    this.loginTimeoutMs = loginTimeoutMs;
    this.loginTimer = setTimeout(
      () =>
        contained(
          ctx.report,
          'login deadline',
          () => this.loginExpired(),
          () => conn.destroy(),
        ),
      loginTimeoutMs,
    );
    this.loginTimer.unref();
  }

  /**
   * The session's room through the directory and the hub: only a login (or a member) asks for it, since a room made
   * on first join is created here (or refused `too_many_rooms`).
   */
  protected get room(): Room {
    return this.ctx.rooms.enter(this.roomId, this.roomName ?? '');
  }

  get remoteAddress(): string {
    return this.conn.remoteAddress;
  }

  /** True on TLS; false for plain text and cleartext framed. */
  get secure(): boolean {
    return this.channel.secure;
  }

  /** The client's key fingerprint (TLS with a client certificate only). */
  get fingerprint(): string | undefined {
    return this.channel.peerFingerprint;
  }

  /** CB_data of this connection (TLS only): the key of its data tickets. */
  get dataBinding(): Buffer | undefined {
    return this.channel.cbData;
  }

  /** The settings of the session's room (or of the room its name would create). */
  protected get settings(): RoomSettings {
    return this.ctx.rooms.settings(this.roomId, this.roomName);
  }

  protected get passwordRequired(): boolean {
    return this.settings.password !== undefined;
  }

  /** The remote IP address, without the port (what guessing limits are counted by). */
  protected get remoteIp(): string {
    return this.conn.socket.remoteAddress ?? '?';
  }

  /**
   * Starts the session, or refuses it: `'refused'` when its address already has too many unauthenticated
   * connections, or when it is unencrypted and the room refuses unencrypted clients.
   */
  start(leftover: Buffer, admission: ConnectionSlot | 'refused' = FREE_SLOT): void {
    if (admission === 'refused') return this.refuse('too_many_connections', TOO_MANY_CONNECTIONS_MESSAGE);
    this.admission = admission;
    // Plain text enters the default room, so its policy decides now; a framed client's room is known at its hello.
    if (this.isTextClient && !this.secure && this.settings.plainText === 'refuse')
      return this.refuse('encryption_required', ENCRYPTION_REQUIRED_MESSAGE);
    this.ctx.sessions.add(this);
    this.conn.attach(this, leftover);
  }

  /** No login in time: told so and closed. */
  loginExpired(): void {
    if (this.member) return;
    this.fail('login_timeout', `No login within ${Math.round(this.loginTimeoutMs / 1000)} s.`, 'login_timeout');
  }

  /** Closes a connection that is not let in, with one refusal (a fatal error frame, or one line). */
  private refuse(code: ErrorCode, message: string): void {
    this.finished = true;
    clearTimeout(this.loginTimer);
    this.admission.release();
    this.cleanup();
    this.conn.close(this.refusal(code, message));
  }

  /** Closes a started connection with its refusal bytes alone (no `bye`): `encryption_required` at a framed hello. */
  protected turnAway(code: ErrorCode, message: string): void {
    this.finish('protocol_error', this.refusal(code, message));
  }

  /** The bytes that refuse a connection before it starts (`too_many_connections`, `encryption_required`). */
  protected abstract refusal(code: ErrorCode, message: string): Buffer;

  abstract onData(chunk: Buffer): void;
  abstract deliver(envelope: Envelope): void;
  /** Handles one item; a returned promise holds the items after it until it settles. */
  protected abstract handle(item: Item): void | Promise<void>;
  /** Bytes that tell the client about a fatal error and say goodbye. */
  protected abstract farewell(reason: LeaveReason, message: string, error?: SessionError): Buffer;

  /** Queues parsed input; `fault` (a broken stream) is raised once the input before it has been handled. */
  protected enqueue(items: Item[], fault?: { code: ErrorCode; message: string }): void {
    for (const item of items) this.inbox.push(item);
    if (fault) this.fault ??= fault;
    this.pump();
  }

  onResume(): void {
    this.pump();
  }

  private pump(): void {
    while (this.next < this.inbox.length && !this.conn.readingPaused && !this.finished && !this.holding) {
      const item = this.inbox[this.next++]!;
      try {
        const pending = this.handle(item);
        if (pending instanceof Promise) {
          this.holding = true;
          pending
            .catch((error: unknown) => this.internalError(error))
            .finally(() => {
              this.holding = false;
              this.pump();
            });
        }
      } catch (error) {
        this.internalError(error);
      }
    }
    if (this.holding) return;
    if (this.next >= this.inbox.length) {
      this.inbox = [];
      this.next = 0;
      if (this.fault && !this.finished) this.fail(this.fault.code, this.fault.message, 'protocol_error');
    }
  }

  private internalError(error: unknown): void {
    this.ctx.report(error, `session ${this.conn.remoteAddress}`);
    contained(
      this.ctx.report,
      'internal-error close',
      () => this.fail('internal', 'The server hit an internal error handling your last message.', 'internal'),
      () => this.conn.destroy(),
    );
  }

  protected loggedIn(member: Member): void {
    if (this.finished) {
      // The connection closed while its join waited for the room's order (a cluster): it leaves again at once.
      this.leaveRoom(member, 'disconnected');
      return;
    }
    this.member = member;
    clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
    this.admission.release();
  }

  /** Fatal error: tell the client, leave the room, close. */
  protected fail(code: ErrorCode, message: string, reason: LeaveReason): void {
    this.finish(reason, this.farewell(reason, message, { code, message }));
  }

  /** A password login inside this address's wait (`passwordLogin` threw it): refused, fatal, nothing checked. */
  protected tooManyAttempts(wait: LoginWait): void {
    const error = { code: 'too_many_attempts' as const, message: wait.message, retryAfterMs: wait.retryAfterMs };
    this.finish('protocol_error', this.farewell('protocol_error', wait.message, error));
  }

  disconnect(reason: LeaveReason, message: string): void {
    this.finish(reason, this.farewell(reason, message));
  }

  onSlowConsumer(): void {
    this.finish(
      'slow_consumer',
      this.farewell('slow_consumer', 'You stopped reading; the server let you go.', {
        code: 'slow_consumer',
        message: 'Too far behind.',
      }),
    );
  }

  onClose(): void {
    this.finish('disconnected');
  }

  private finish(reason: LeaveReason, last?: Buffer): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.loginTimer);
    this.admission.release();
    this.cleanup();
    this.ctx.sessions.delete(this);
    if (this.member) this.leaveRoom(this.member, reason);
    this.conn.close(last);
  }

  /** Leaves at once here; a cluster tells the other instances afterwards (a failure there is only reported). */
  protected leaveRoom(member: Member, reason: LeaveReason): void {
    const { room } = this;
    room.leave(member, reason);
    const told = this.ctx.hub.order(room, member, { t: 'leave', reason }, () => undefined);
    if (told instanceof Promise) told.catch((error: unknown) => this.ctx.report(error, 'cluster leave'));
  }

  /** Extra teardown for subclasses (timers, keepalive). */
  protected cleanup(): void {}
}
