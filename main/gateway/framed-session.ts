/**
 * Adapter between a framed (app) client and the room: decodes frames, checks them, answers each request with
 * exactly one `ok` or `error`, and sends room events as frames. Routes `file.*` requests to the file plugin.
 */
import { encodeFrame, FrameDecoder, type FrameObject } from '../protocol/codec.js';
import type { ErrorCode } from '../protocol/errors.js';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/limits.js';
import type { ClientRequest, LeaveReason, LoginRequest, Results, ServerMessage } from '../protocol/messages.js';
import { validateClientMessage } from '../protocol/validate.js';
import type { Connection } from './connection.js';
import { contained } from './contain.js';
import type { ServerContext } from './context.js';
import type { KeepaliveTarget } from './keepalive.js';
import type { RateLimiter } from './rate-limit.js';
import type { Envelope, Member } from '../rooms/member.js';
import { opOf } from '../rooms/room-op.js';
import { loginReplay } from './replay.js';
import { RoomError } from '../rooms/room-error.js';
import { ENCRYPTION_REQUIRED_MESSAGE, LoginWait, passwordLogin } from './access-policy.js';
import { SessionBase, type SessionError } from './session-base.js';
import type { ChannelSecurity } from './transport.js';
import { CPACE_METHOD, cpaceServerStart, type CpaceServer } from '../security/cpace.js';

/** Room left in a frame for the rest of a `login`/`list` answer (ok, id, nick, total, next) beside the users. */
const LIST_PAGE_BYTES = MAX_FRAME_BYTES - 1024;

export class FramedSession extends SessionBase<FrameObject> implements KeepaliveTarget {
  readonly isTextClient = false;
  private readonly decoder = new FrameDecoder();
  private readonly allow: RateLimiter;
  private greeted = false;
  clientName: string | undefined;
  private nextPingId = 1;
  /** The CPace exchange of a TLS connection to a password room (started with the welcome). */
  private cpace: CpaceServer | undefined;
  /** The server's CPace tag once this connection proved the password. */
  private provedTag: Uint8Array | undefined;
  /** The history a login replays, sent right after its `ok` (before anything live). */
  private replay: Envelope[] = [];
  /** Live room traffic that arrived between a login's join and its `ok` (a cluster's join is ordered remotely). */
  private early: Envelope[] | undefined;

  constructor(conn: Connection, ctx: ServerContext, channel: ChannelSecurity) {
    super(conn, ctx, ctx.loginTimeoutMs, channel);
    this.allow = ctx.newRateLimiter();
    ctx.keepalive.add(this);
  }

  get lastReceivedAt(): number {
    return this.conn.lastReceivedAt;
  }

  onData(chunk: Buffer): void {
    const { frames, error } = this.decoder.push(chunk);
    this.enqueue(frames, error ? { code: error.code, message: error.message } : undefined);
  }

  deliver(envelope: Envelope): void {
    if (this.early) this.early.push(envelope);
    else this.conn.send(envelope.frame, envelope.inArena);
  }

  ping(): void {
    this.send({ t: 'ping', id: this.nextPingId++ });
  }

  timedOut(): void {
    this.fail('keepalive_timeout', 'Nothing heard from you for too long.', 'keepalive_timeout');
  }

  protected override cleanup(): void {
    this.ctx.keepalive.remove(this);
  }

  protected farewell(reason: LeaveReason, message: string, error?: SessionError): Buffer {
    const bye = encodeFrame({ t: 'bye', reason, message } satisfies ServerMessage);
    if (!error) return bye;
    const frame: ServerMessage = { t: 'error', code: error.code, message: error.message, fatal: true };
    if (error.retryAfterMs !== undefined) frame.retryAfterMs = error.retryAfterMs;
    return Buffer.concat([encodeFrame(frame), bye]);
  }

  protected refusal(code: ErrorCode, message: string): Buffer {
    return encodeFrame({ t: 'error', code, message, fatal: true } satisfies ServerMessage);
  }

  private send(message: ServerMessage): void {
    this.conn.send(encodeFrame(message));
  }

  private error(id: number | undefined, code: ErrorCode, message: string, retryAfterMs?: number): void {
    const frame: ServerMessage = { t: 'error', code, message: clipSentence(message) };
    if (id !== undefined) frame.id = id;
    if (retryAfterMs !== undefined) frame.retryAfterMs = retryAfterMs;
    this.send(frame);
  }

  private rateLimited(id: number | undefined): void {
    this.error(id, 'rate_limited', 'Too many messages; slow down.', this.allow.retryAfterMs());
  }

  protected handle(frame: FrameObject): void | Promise<void> {
    if (!this.greeted) return this.hello(frame);
    const checked = validateClientMessage(frame);
    if (!checked.ok) return this.error(checked.id, checked.code, checked.message);
    if (checked.kind === 'file') return this.file(checked.frame);
    const message = checked.message;
    switch (message.t) {
      case 'ping':
        return this.send({ t: 'pong', id: message.id });
      case 'pong':
        return;
      case 'bye':
        return this.disconnect('quit', 'Good bye.');
      case 'hello':
        return this.error(undefined, 'bad_request', 'hello was already received');
      default:
        return this.request(message);
    }
  }

  private hello(frame: FrameObject): void {
    const checked = validateClientMessage(frame);
    if (frame.t !== 'hello' || !checked.ok || checked.kind !== 'message' || checked.message.t !== 'hello') {
      const reason = frame.t === 'hello' && !checked.ok ? checked.message : 'the first frame must be hello {v:1}';
      return this.fail('bad_request', reason, 'protocol_error');
    }
    if (checked.message.v !== PROTOCOL_VERSION) {
      return this.fail(
        'version_unsupported',
        `This server speaks protocol version ${PROTOCOL_VERSION}.`,
        'protocol_error',
      );
    }
    // The one place a framed session's room is decided (section 19.2): every later request uses it.
    const lookup = this.ctx.rooms.resolve(checked.message.room);
    if (!lookup.ok) return this.fail(lookup.code, lookup.message, 'protocol_error');
    this.roomId = lookup.id;
    this.roomName = lookup.name;
    const { settings } = this;
    if (!this.secure && settings.plainText === 'refuse')
      return this.turnAway('encryption_required', ENCRYPTION_REQUIRED_MESSAGE);
    this.greeted = true;
    this.clientName = checked.message.app;
    // The room as it is now: its people count, whether plain-text clients are let in, the server's rooms (3.1, 19.2).
    const welcome = this.ctx.rooms.welcome(this.roomId, this.roomName);
    const { password } = settings;
    if (password === undefined || !this.channel.secure || !this.channel.cbPake) return this.send(welcome);
    this.cpace = cpaceServerStart(password, this.channel.cbPake);
    const Y = Buffer.from(this.cpace.Y).toString('base64url');
    this.send({ ...welcome, auth: { method: CPACE_METHOD, Y } });
  }

  private request(request: ClientRequest): void | Promise<void> {
    // A resend of a message already posted: its first answer again, nothing posted, no token spent.
    const cid = request.t === 'say' || request.t === 'whisper' ? request.cid : undefined;
    const first = cid === undefined || !this.member ? undefined : this.room.sentIds.find(this.member, cid);
    if (first !== undefined) return this.send({ t: 'ok', id: request.id, result: { mid: first, dup: true } });
    if (!this.allow()) return this.rateLimited(request.id);
    try {
      const result = this.dispatch(request);
      if (result instanceof Promise)
        return result.then(
          (done) => this.answered(request, done),
          (error: unknown) => this.refused(request, error),
        );
      this.answered(request, result);
    } catch (error) {
      this.refused(request, error);
    }
  }

  private answered(request: ClientRequest, result: Results[keyof Results]): void {
    if (this.finished) return;
    this.send({ t: 'ok', id: request.id, result } as ServerMessage);
    for (const envelope of this.replay.splice(0)) this.deliver(envelope);
    const early = this.early ?? [];
    this.early = undefined;
    for (const envelope of early) this.deliver(envelope);
  }

  private refused(request: ClientRequest, error: unknown): void {
    if (error instanceof LoginWait) return this.tooManyAttempts(error);
    if (!(error instanceof RoomError)) throw error;
    if (!this.finished) this.error(request.id, error.code, error.message);
  }

  private dispatch(request: ClientRequest): Results[keyof Results] | Promise<Results[keyof Results]> {
    if (request.t === 'version') return { server: this.ctx.serverVersion, protocol: PROTOCOL_VERSION };
    if (request.t === 'rooms') return this.ctx.rooms.page(request.after);
    if (request.t === 'login') {
      const { room } = this;
      if (this.member) throw new RoomError('already_logged_in', `You are already logged in as ${this.member.nick}.`);
      // A CPace answer is a guess like a password (counted when wrong); the access policy runs around both.
      const guess = request.pake === undefined ? request.password : '';
      let tagS: Uint8Array | undefined;
      // The member, and everything a login answers with, at the join's place in the room's order.
      const entered = (member: Member): Results['login'] => {
        this.loggedIn(member);
        this.early = [];
        return this.loginResult(member, request, tagS);
      };
      return passwordLogin(this.ctx.loginAttempts, this.passwordRequired, this.remoteIp, guess, () => {
        const proved = this.checkPassword(request);
        tagS = proved.tagS;
        const facts = {
          id: this.memberId,
          nick: request.nick,
          secure: this.secure,
          textClient: false,
          fp: this.fingerprint,
        };
        return this.ctx.hub.order(room, undefined, { t: 'join', member: facts, password: proved.password }, () =>
          entered(room.join(this, request.nick, proved.password, this.memberId)),
        );
      });
    }
    const member = this.member;
    if (!member) throw new RoomError('not_logged_in', 'Log in first.');
    const op = opOf(request);
    if (!op) return this.apply(request, member);
    return this.ctx.hub.order(this.room, member, op, () => this.apply(request, member));
  }

  private loginResult(member: Member, request: LoginRequest, tagS: Uint8Array | undefined): Results['login'] {
    const { room } = this;
    const run = this.ctx.rooms.run(this.roomId);
    const { envelopes, truncated } = loginReplay(room, run, { id: member.id, fp: member.fingerprint }, request.history);
    this.replay = envelopes;
    const replay = { count: envelopes.length, truncated };
    const page = room.listPage(0, LIST_PAGE_BYTES);
    if (!tagS) return { nick: member.nick, replay, ...page };
    return { nick: member.nick, pake: { tag: Buffer.from(tagS).toString('base64url') }, replay, ...page };
  }

  /** A logged-in member's request, on this process's room. */
  private apply(request: ClientRequest, member: Member): Results[keyof Results] {
    const { room } = this;
    switch (request.t) {
      case 'say':
        return this.posted(request.cid, room.say(member, request.text, request.scope));
      case 'whisper':
        return this.posted(request.cid, room.whisper(member, request.to, request.text));
      case 'list':
        return room.listPage(request.after ?? 0, LIST_PAGE_BYTES);
      case 'sleep':
        room.sleep(member, request.text);
        return {};
      case 'wakeup':
        room.wakeup(member);
        return {};
      case 'with':
        room.requestWith(member, request.to);
        return {};
      case 'with.answer':
        room.answerWith(member, request.from, request.accept);
        return {};
      case 'end':
        room.end(member);
        return {};
      case 'nick':
        return room.rename(member, request.nick);
      default:
        throw new RoomError('unknown_type', `unknown request "${request.t}"`);
    }
  }

  private posted(cid: string | undefined, result: { mid: number }): { mid: number } {
    if (cid !== undefined && this.member) this.room.sentIds.remember(this.member, cid, result.mid);
    return result;
  }

  /**
   * The password part of a login: on TLS in a password room the CPace answer (a `password` field is refused there:
   * the password never travels over TLS); on unencrypted connections the legacy `password` field, which Room.join
   * compares in constant time. Returns the password to join with and, after CPace, the server's tag for the `ok`.
   */
  private checkPassword(request: LoginRequest): { password?: string; tagS?: Uint8Array } {
    const roomPassword = this.settings.password;
    if (roomPassword === undefined) return request.password === undefined ? {} : { password: request.password };
    if (this.cpace) {
      if (request.password !== undefined)
        throw new RoomError(
          'wrong_password',
          'On an encrypted connection the password is proved with CPace, never sent.',
        );
      if (!request.pake) throw new RoomError('wrong_password', 'This room needs a password.');
      // One CPace exchange per connection: once proved (a login refused later, say nick_taken, may be retried with
      // another nickname on the same connection), the connection stays proved.
      if (this.provedTag) return { password: roomPassword, tagS: this.provedTag };
      const outcome = this.cpace.finish(fromB64u(request.pake.Y), fromB64u(request.pake.tag));
      if (!outcome.ok) throw new RoomError('wrong_password', 'Wrong password.');
      this.provedTag = outcome.tagS;
      return { password: roomPassword, tagS: outcome.tagS };
    }
    if (this.channel.secure)
      throw new RoomError(
        'wrong_password',
        'On an encrypted connection the password is proved with CPace, never sent.',
      );
    return request.password === undefined ? {} : { password: request.password };
  }

  private file(frame: FrameObject & { id?: number }): void {
    const id = typeof frame.id === 'number' && Number.isSafeInteger(frame.id) && frame.id > 0 ? frame.id : undefined;
    if (!this.allow()) return this.rateLimited(id);
    const member = this.member;
    if (!member) return this.error(id, 'not_logged_in', 'Log in first.');
    let answered = false;
    const answerOnce = (message: ServerMessage): void => {
      if (answered || id === undefined) return;
      answered = true;
      this.send(message);
    };
    const outcome = this.ctx.hooks.fileHandler({
      frame,
      member,
      room: this.room,
      hub: this.ctx.hub,
      reply: (result) => answerOnce({ t: 'ok', id: id ?? 0, result } as ServerMessage),
      fail: (code, message) => answerOnce({ t: 'error', id: id ?? 0, code, message: clipSentence(message) }),
    });
    if (outcome instanceof Promise) {
      outcome.catch((error: unknown) => {
        this.ctx.report(error, `file handler for ${member.nick}`);
        const close = (): void =>
          this.fail('internal', 'The server hit an internal error handling a file request.', 'internal');
        contained(this.ctx.report, 'internal-error close', close, () => this.conn.destroy());
      });
    }
  }
}

/** Bytes of a b64u string (anything undecodable becomes bytes CPace rejects by their length). */
function fromB64u(text: string): Uint8Array {
  return Buffer.from(text, 'base64url');
}

/** The default when no file-transfer plugin is installed. */
export function refuseFiles(request: { fail(code: ErrorCode, message: string): void }): void {
  request.fail('transfer_unsupported', 'This server does not support file transfer.');
}

/** Error sentences may quote what a client sent (a nick, a file name); clipped so an answer always fits a frame. */
const MAX_SENTENCE_CHARS = 1000;
export function clipSentence(message: string): string {
  return message.length <= MAX_SENTENCE_CHARS ? message : `${message.slice(0, MAX_SENTENCE_CHARS - 1)}…`;
}
