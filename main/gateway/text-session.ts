/**
 * Adapter between a plain-text client (nc, telnet, the course's C clients) and the room: each line is a chat
 * message or a slash command; room events come back as lines (see text-format.ts for every format).
 */
import type { ErrorCode } from '../protocol/errors.js';
import { MAX_TEXT_LINE_BYTES, PROTOCOL_VERSION } from '../protocol/limits.js';
import type { LeaveReason } from '../protocol/messages.js';
import type { Connection } from './connection.js';
import type { ServerContext } from './context.js';
import type { Envelope, Member } from '../rooms/member.js';
import type { RoomOp } from '../rooms/room-op.js';
import { RoomError } from '../rooms/room-error.js';
import { ENCRYPTION_REQUIRED_LINE, ENCRYPTION_REQUIRED_MESSAGE, LoginWait, passwordLogin } from './access-policy.js';
import { SessionBase, type SessionError } from './session-base.js';
import type { ChannelSecurity } from './transport.js';
import {
  formatError,
  formatEvent,
  formatJoinLater,
  formatList,
  formatReplay,
  formatRooms,
  formatStatus,
  greeting,
  HELP,
} from './text-format.js';
import { DEFAULT_ROOM_ID } from '../rooms/ids.js';
import { histMessage } from '../rooms/room-history.js';
import { textReplay } from './replay.js';
import { decodeLine, encodeText, type TextEncoding } from './text-encoding.js';
import { TextInput } from './text-input.js';
import { encodeLines, sharedLines, viewerIndependent } from './text-output.js';

const MEMBER_COMMANDS = new Set([
  '/list',
  '/to',
  '/w',
  '/sleep',
  '/wakeup',
  '/with',
  '/accept',
  '/decline',
  '/end',
  '/nick',
]);
/** File commands of the app and the terminal client: a plain-text client is told where files work. */
const FILE_COMMANDS = new Set(['/filesend', '/cancel']);
export const FILES_NEED_APP =
  '파일은 사랑방 앱이나 터미널 클라이언트(sarangbang join)로 주고받습니다. (Files need the Sarangbang app or the terminal client, sarangbang join; nc and telnet cannot send or receive them.)';
const YES = /^(y|yes|ㅇ|네|예)$/iu;
const NO = /^(n|no|ㄴ|아니요|아니오)$/iu;

/** The greeting of a connection silent for a second (always UTF-8: nothing is known about the client yet). */
export function textGreeting(ctx: ServerContext): Buffer {
  const { room } = ctx.rooms.welcome(DEFAULT_ROOM_ID);
  return Buffer.from(
    greeting(room.name, room.passwordRequired)
      .map((line) => `${line}\r\n`)
      .join(''),
  );
}

export class TextSession extends SessionBase<Buffer> {
  readonly isTextClient = true;
  private readonly input = new TextInput(MAX_TEXT_LINE_BYTES, (lines, tooLong) => this.heard(lines, tooLong));
  private readonly allow: () => boolean;
  /** Others currently shown as away, so "is back" is printed only after "is away". */
  private readonly awayShown = new Set<string>();
  /** The 1:1 partner once a 1:1 started: tells a 1:1 that ended from a request that did. */
  private partner: string | undefined;
  /** The password of a `/join <room> <password>` before `/login`, for a `/login` without one. */
  private joinPassword: string | undefined;
  /** UTF-8 unless the client turns out to send EUC-KR (course clients on Korean Windows). */
  private encoding: TextEncoding = 'utf-8';

  constructor(
    conn: Connection,
    ctx: ServerContext,
    channel: ChannelSecurity,
    /** It got the greeting (transport.ts): in a room refusing it, that was already its refusal (`* ` + the line). */
    private readonly greeted = false,
  ) {
    super(conn, ctx, ctx.textLoginTimeoutMs, channel);
    this.allow = ctx.newRateLimiter();
  }

  onData(chunk: Buffer): void {
    this.input.push(chunk);
  }

  private heard(lines: Buffer[], tooLong: boolean): void {
    const fault = tooLong
      ? { code: 'line_too_long' as const, message: `A line is at most ${MAX_TEXT_LINE_BYTES} bytes.` }
      : undefined;
    this.enqueue(lines, fault);
  }

  deliver(envelope: Envelope): void {
    const viewer = this.member?.nick ?? '';
    const message = envelope.message;
    if (message.t === 'status') {
      if (message.nick === viewer) return;
      const wasAway = this.awayShown.has(message.nick);
      if (message.status === 'away') this.awayShown.add(message.nick);
      else this.awayShown.delete(message.nick);
      return this.write(formatStatus(message.nick, message.status, wasAway, message.awayText));
    }
    if (message.t === 'with.started') this.partner = message.peer;
    if (message.t === 'with.ended') {
      const started = this.partner === message.peer;
      if (started) this.partner = undefined;
      return this.write(formatEvent(message, viewer, started));
    }
    if (message.t === 'renamed' && this.partner === message.from) this.partner = message.to;
    if (message.t === 'left') this.awayShown.delete(message.nick);
    if (message.t === 'renamed' && this.awayShown.delete(message.from)) this.awayShown.add(message.to);
    if (viewerIndependent(message))
      this.conn.send(sharedLines(envelope, this.encoding, this.input.mode === 'block'), envelope.inArena);
    else this.write(formatEvent(message, viewer));
  }

  protected refusal(code: ErrorCode, message: string): Buffer {
    if (code === 'encryption_required' && this.greeted) return Buffer.alloc(0);
    const line = code === 'encryption_required' ? ENCRYPTION_REQUIRED_LINE : formatError(code, message);
    return encodeText(`${line}\r\n`, this.encoding);
  }

  protected farewell(reason: LeaveReason, message: string, error?: SessionError): Buffer {
    const lines = error ? [formatError(error.code, error.message)] : [];
    if (reason === 'server_shutdown') lines.push('* 서버가 종료됩니다. (The server is shutting down.)');
    else if (reason === 'quit') lines.push('* 안녕히 가세요. (Good bye.)');
    else if (!error) lines.push(`* 연결을 끝냅니다: ${message} (Closing the connection.)`);
    else lines.push('* 연결을 끝냅니다. (Closing the connection.)');
    return this.encode(lines);
  }

  protected override cleanup(): void {
    this.input.stop();
  }

  /** Lines as this client reads them: CR LF after each, or 128-byte blocks for a client in block mode. */
  private encode(lines: readonly string[]): Buffer {
    return encodeLines(lines, this.encoding, this.input.mode === 'block');
  }

  private write(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.conn.send(this.encode(lines));
  }

  protected handle(bytes: Buffer): void | Promise<void> {
    const decoded = decodeLine(bytes, this.encoding);
    this.encoding = decoded.encoding;
    let line = decoded.text;
    const own = this.member ? `[${this.member.nick}] ` : undefined;
    if (own && line.startsWith(own)) line = line.slice(own.length);
    if (line.trim().length === 0) return;
    try {
      const done = this.line(line);
      if (done instanceof Promise) return done.catch((error: unknown) => this.refused(error));
    } catch (error) {
      this.refused(error);
    }
  }

  private refused(error: unknown): void {
    if (error instanceof LoginWait) return this.tooManyAttempts(error);
    if (!(error instanceof RoomError)) throw error;
    if (!this.finished) this.write([formatError(error.code, error.message)]);
  }

  /** A change to the room, in the hub's order (at once here; a cluster's may answer later). */
  private ordered(member: Member | undefined, op: RoomOp, run: () => void): void | Promise<void> {
    return this.ctx.hub.order(this.room, member, op, run);
  }

  /** What a join tells the other instances of a cluster about this client. */
  private facts(nick: string) {
    return { id: this.memberId, nick, secure: this.secure, textClient: true, fp: this.fingerprint };
  }

  private line(line: string): void | Promise<void> {
    const trimmed = line.trim();
    const waiting = this.member !== undefined && this.room.askers(this.member).length > 0;
    if (waiting && this.member && (YES.test(trimmed) || NO.test(trimmed))) {
      this.limited();
      return this.answer(this.member, YES.test(trimmed));
    }
    if (line.startsWith('/') && !line.startsWith('//')) return this.command(trimmed);
    const text = line.startsWith('//') ? line.slice(1) : line;
    this.limited();
    return then(this.joined(), (member) => this.ordered(member, { t: 'say', text }, () => this.room.say(member, text)));
  }

  /** Answers the 1:1 request of `nick`, or the latest one. */
  private answer(member: Member, accept: boolean, nick?: string): void | Promise<void> {
    const askers = this.room.askers(member);
    const asker = nick ?? askers[askers.length - 1]?.nick;
    if (asker === undefined) throw new RoomError('no_pending_request', 'Nobody has asked you for a 1:1.');
    return this.ordered(member, { t: 'with.answer', from: asker, accept }, () => {
      this.room.answerWith(member, asker, accept);
      if (!accept) this.write([`* [${asker}]님의 1:1 대화 요청을 거절했습니다. (You declined ${asker}'s request.)`]);
    });
  }

  /**
   * `/join <room> [password]` (section 19.4): before `/login` it chooses the room `/login` enters; after, it moves
   * this member, same nickname, into that room, and only then out of the old one (`left` reason `moved`). A refused
   * move changes nothing.
   */
  private join(name: string | undefined, password: string | undefined): void | Promise<void> {
    if (!name) throw new RoomError('bad_request', 'Usage: /join <room> [password]');
    const lookup = this.ctx.rooms.resolve(name);
    if (!lookup.ok) throw new RoomError(lookup.code, lookup.message);
    const settings = this.ctx.rooms.settings(lookup.id, lookup.name);
    if (!this.secure && settings.plainText === 'refuse')
      throw new RoomError('encryption_required', ENCRYPTION_REQUIRED_MESSAGE);
    const old = this.member;
    if (!old) {
      this.roomId = lookup.id;
      this.roomName = lookup.name;
      this.joinPassword = password;
      return this.write([formatJoinLater(lookup.name)]);
    }
    if (lookup.id === this.roomId) throw new RoomError('already_in_room', `You are already in ${lookup.name}.`);
    const needsPassword = settings.password !== undefined;
    if (this.secure && needsPassword)
      throw new RoomError('wrong_password', 'This room takes its password only from the Sarangbang app or join.');
    const to = this.ctx.rooms.enter(lookup.id, lookup.name);
    // Both steps go through the hub's order, so a cluster's other instances see the move as everyone else does.
    const joined = passwordLogin(this.ctx.loginAttempts, needsPassword, this.remoteIp, password, () =>
      this.ctx.hub.order(to, undefined, { t: 'join', member: this.facts(old.nick), password }, () =>
        to.join(this, old.nick, password, this.memberId),
      ),
    );
    return then(joined, (member) => {
      this.leaveRoom(old, 'moved'); // still the old room: roomId changes below
      this.roomId = lookup.id;
      this.roomName = lookup.name;
      this.member = member;
      this.awayShown.clear();
      this.partner = undefined;
      this.write([
        `* [${member.nick}] 채팅 서버에 접속되었습니다. (Welcome, ${member.nick}! ${to.size} here; /help lists commands.)`,
        ...this.earlier(member),
      ]);
    });
  }

  /** The latest room messages, for a member that just joined. */
  private earlier(member: Member): string[] {
    return formatReplay(textReplay(this.room).map(histMessage), member.nick);
  }

  private limited(): void {
    if (!this.allow()) throw new RoomError('rate_limited', 'Too many messages; slow down.');
  }

  /** The member, joining under a free guest name first if the client has not logged in. */
  private joined(): Member | Promise<Member> {
    if (this.member) return this.member;
    const { room } = this;
    let n = 1;
    while (room.find(`guest${n}`)) n++;
    const nick = `guest${n}`;
    return this.ctx.hub.order(room, undefined, { t: 'join', member: this.facts(nick) }, () => {
      const member = room.join(this, nick, undefined, this.memberId);
      this.loggedIn(member);
      this.write([
        `* 손님 이름 [${member.nick}](으)로 입장했습니다. (You joined as ${member.nick}; /nick <name> changes it.)`,
        ...this.earlier(member),
      ]);
      return member;
    });
  }

  private command(line: string): void | Promise<void> {
    const [word = '', ...rest] = line.split(/\s+/u);
    const name = word.toLowerCase();
    const args = line.slice(word.length).trim();
    if (name !== '/exit' && name !== '/quit' && name !== '/help') this.limited();
    switch (name) {
      case '/login': {
        if (this.member) throw new RoomError('already_logged_in', `You are already logged in as ${this.member.nick}.`);
        const [nick, typed] = rest;
        if (!nick) throw new RoomError('bad_request', 'Usage: /login <nick>');
        const password = typed ?? this.joinPassword;
        // Plain text over TLS has no CPace, and a password never travels over TLS: such clients join open rooms only.
        if (this.secure && this.passwordRequired)
          throw new RoomError('wrong_password', 'This room takes its password only from the Sarangbang app or join.');
        const { room } = this;
        return passwordLogin(this.ctx.loginAttempts, this.passwordRequired, this.remoteIp, password, () =>
          this.ctx.hub.order(room, undefined, { t: 'join', member: this.facts(nick), password }, () => {
            const member = room.join(this, nick, password, this.memberId);
            this.loggedIn(member);
            this.write([
              `* [${member.nick}] 채팅 서버에 접속되었습니다. (Welcome, ${member.nick}! ${room.size} here; /help lists commands.)`,
              ...this.earlier(member),
            ]);
          }),
        );
      }
      case '/help':
        return this.write(HELP);
      case '/rooms':
        return this.write(
          formatRooms(this.ctx.rooms.list().map(({ id, info }) => ({ ...info, here: id === this.roomId }))),
        );
      case '/join':
        return this.join(rest[0], rest[1]);
      case '/version':
        return this.write([`* ${this.ctx.serverVersion} (protocol ${PROTOCOL_VERSION})`]);
      case '/ping':
        return this.write([`* pong (${new Date().toISOString()})`]);
      case '/exit':
      case '/quit':
        return this.disconnect('quit', 'Good bye.');
    }
    if (FILE_COMMANDS.has(name)) throw new RoomError('transfer_unsupported', FILES_NEED_APP);
    if (!MEMBER_COMMANDS.has(name))
      throw new RoomError('unknown_type', `Unknown command ${word.slice(0, 40)}; /help lists commands.`);
    return then(this.joined(), (member) => this.memberCommand(member, name, args, rest));
  }

  private memberCommand(member: Member, name: string, args: string, rest: string[]): void | Promise<void> {
    const { room } = this;
    switch (name) {
      case '/list':
        return this.write(
          formatList(room.members().map((each) => ({ ...each.info(), secure: each.endpoint.secure === true }))),
        );
      case '/to':
      case '/w': {
        const match = /^(\S+)\s+([\s\S]+)$/u.exec(args);
        if (!match) throw new RoomError('bad_request', `Usage: ${name} <nick> <text>`);
        const [to, text] = [match[1]!, match[2]!];
        return this.ordered(member, { t: 'whisper', to, text }, () => room.whisper(member, to, text));
      }
      case '/sleep': {
        const text = args || undefined;
        return this.ordered(member, { t: 'sleep', text }, () => {
          room.sleep(member, text);
          this.write([
            '* 부재중 모드입니다. /wakeup 또는 아무 메시지나 보내면 돌아옵니다. (You are away; /wakeup or any message brings you back.)',
          ]);
        });
      }
      case '/wakeup':
        return this.ordered(member, { t: 'wakeup' }, () => room.wakeup(member));
      case '/with': {
        const to = rest[0];
        if (!to) throw new RoomError('bad_request', 'Usage: /with <nick>');
        return this.ordered(member, { t: 'with', to }, () => {
          room.requestWith(member, to);
          const seconds = Math.round(room.options.consentTimeoutMs / 1000);
          this.write([
            `* [${to}]님에게 1:1 대화를 요청했습니다. ${seconds}초 동안 기다립니다. (Asked ${to} for a 1:1; waiting up to ${seconds} s.)`,
          ]);
        });
      }
      case '/accept':
      case '/decline':
        return this.answer(member, name === '/accept', rest[0]);
      case '/end':
        return this.ordered(member, { t: 'end' }, () => room.end(member));
      case '/nick':
        if (!rest[0]) throw new RoomError('bad_request', 'Usage: /nick <new nick>');
        if (rest.length > 1)
          throw new RoomError(
            'nick_invalid',
            `A nickname cannot contain spaces: "${args.slice(0, 40)}"; try ${rest.join('_').slice(0, 24)}.`,
          );
        return this.ordered(member, { t: 'nick', nick: rest[0] }, () => void room.rename(member, rest[0]!));
      default:
        throw new RoomError('unknown_type', `Unknown command ${name.slice(0, 40)}; /help lists commands.`);
    }
  }
}

/** `fn(value)`, at once for a value, after it for a promise. */
function then<T, R>(value: T | Promise<T>, fn: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
