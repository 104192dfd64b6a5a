/**
 * The room: membership, unique nicknames, routing of room messages, whispers and 1:1 messages, away mode with
 * missed counts, and the banned-word list. Transport-free: members are reached through `Member.send`.
 * Methods throw RoomError for a refused request; the calling session turns it into an error for that client.
 */
import { MAX_NICK_CHARS } from '../protocol/limits.js';
import { checkNickname, nickKey, nickShape } from '../protocol/nickname.js';
import { checkAwayText, checkChatText } from '../protocol/validate.js';
import type { LeaveReason, ServerMessage, UserInfo, UserPage } from '../protocol/messages.js';
import { createBannedWordCheck, type BannedWordCheck } from './banned-words.js';
import { DmManager } from './dm.js';
import { DEFAULT_ROOM_ID, newMemberId, type MemberId, type RoomId } from './ids.js';
import { Envelope, Member, type MemberEndpoint } from './member.js';
import { FrameArena } from '../protocol/frame-arena.js';
import { memorySequence, type MessageRecord, type RoomSequence } from './message-point.js';
import { consoleReporter, contained, type Reporter } from '../gateway/contain.js';
import { RoomError } from './room-error.js';
import { DEFAULT_HISTORY, histEnvelopes, REPLAY_BUDGET_BYTES, RoomHistory } from './room-history.js';
import { SentIds } from './sent-ids.js';
import { constantTimeEqualStrings } from '../security/password-guard.js';

export interface RoomOptions {
  /** Default: DEFAULT_ROOM_ID. */
  id?: RoomId;
  name: string;
  maxUsers: number;
  password?: string | undefined;
  bannedWords?: readonly string[] | undefined;
  consentTimeoutMs: number;
  /** Where failures in timer callbacks go. Default: console.error. */
  report?: Reporter;
  /** Where message ids and join positions come from. Default: counters in process memory. */
  sequence?: RoomSequence;
  /** How many messages the room keeps for replays (0: none). Default DEFAULT_HISTORY. */
  history?: number;
  /** Most bytes of held messages sent at once on waking. Default REPLAY_BUDGET_BYTES. */
  replayBytes?: number;
  /** When a 1:1 request's time is up, `expire` ends it. Default: at once (a cluster orders it first). */
  dmExpiry?: (room: Room, asker: Member, expire: () => void) => void;
}

export interface RoomListeners {
  joined: (member: Member) => void;
  left: (member: Member, reason: LeaveReason) => void;
  renamed: (member: Member, from: string) => void;
  /** Every chat message, once its id is assigned (the point a history log observes). */
  message: (record: MessageRecord) => void;
}

/** A name the client sent, echoed in an error: cut short, so the reply always fits a frame (no nick is longer). */
function shown(name: string): string {
  const chars = [...name];
  return chars.length > MAX_NICK_CHARS ? `${chars.slice(0, MAX_NICK_CHARS).join('')}…` : name;
}

export class Room {
  readonly id: RoomId;
  /** Members by id, in join order (a rename moves one to the end, keeping the user-list page cursor valid). */
  private readonly byId = new Map<MemberId, Member>();
  /** Nickname index: `nickKey(nick)` → member id. A rename changes only this. */
  private readonly byNick = new Map<string, MemberId>();
  /** Shape index: `nickShape(nick)` (the case-kept skeleton) → member id, so mixed-case look-alikes are taken too. */
  private readonly byShape = new Map<string, MemberId>();
  private readonly dm: DmManager;
  private readonly isBanned: BannedWordCheck;
  private readonly listeners: { [K in keyof RoomListeners]: Set<RoomListeners[K]> } = {
    joined: new Set(),
    left: new Set(),
    renamed: new Set(),
    message: new Set(),
  };
  /** While `close` tells its listeners that everyone left, the members are still reachable by id for last words. */
  private closing: Map<MemberId, Member> | undefined;
  private readonly sequence: RoomSequence;
  private readonly report: Reporter;
  /** The recent messages, for login replays and for members coming back from away. */
  readonly history: RoomHistory;
  /** Client message ids already posted here (`say`/`whisper` with `cid`), for de-duplicating resends. */
  readonly sentIds = new SentIds();
  /** Where this room's broadcasts are encoded, one after the other (a member's queue holds a run without copies). */
  private readonly arena = new FrameArena();

  constructor(readonly options: RoomOptions) {
    this.id = options.id ?? DEFAULT_ROOM_ID;
    this.sequence = options.sequence ?? memorySequence();
    this.isBanned = createBannedWordCheck(options.bannedWords ?? []);
    this.report = options.report ?? consoleReporter;
    this.history = new RoomHistory(options.history ?? DEFAULT_HISTORY);
    this.on('message', (record) => this.history.add(record));
    this.dm = new DmManager(
      {
        send: (member, message) => member.send(message),
        statusChanged: (member) => this.broadcastStatus(member),
        report: this.report,
        expiring: (asker, expire) => (options.dmExpiry ? options.dmExpiry(this, asker, expire) : expire()),
      },
      options.consentTimeoutMs,
    );
  }

  /** Subscribes to membership changes (for the host's log and plugins); returns an unsubscribe function. */
  on<K extends keyof RoomListeners>(event: K, listener: RoomListeners[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The member with this nickname or a look-alike of it (`nickKey`, `nickShape`), if present. */
  find(nick: string): Member | undefined {
    const id = this.byNick.get(nickKey(nick)) ?? this.byShape.get(nickShape(nick));
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** The member with this id, if still here (or being told the room is closing). */
  member(id: MemberId): Member | undefined {
    return this.byId.get(id) ?? this.closing?.get(id);
  }

  members(): Member[] {
    return [...this.byId.values()];
  }

  list(): UserInfo[] {
    return this.members().map((member) => member.info());
  }

  /**
   * The members after join position `after` (0: from the start) whose JSON takes at most `maxBytes` together (at
   * least one, so paging always moves on). Members are kept in join order (a rename moves one to the end), so a
   * page cursor stays valid while others leave.
   */
  listPage(after: number, maxBytes: number): UserPage {
    const users: UserInfo[] = [];
    let bytes = 0;
    let last = 0;
    for (const member of this.byId.values()) {
      if (member.seq <= after) continue;
      const info = member.info();
      const size = Buffer.byteLength(JSON.stringify(info)) + 1;
      if (users.length > 0 && bytes + size > maxBytes) return { users, total: this.byId.size, next: last };
      users.push(info);
      bytes += size;
      last = member.seq;
    }
    return { users, total: this.byId.size };
  }

  /** Adds a member; `id` is the connection's (a fresh one by default). */
  join(endpoint: MemberEndpoint, rawNick: string, password?: string, id: MemberId = newMemberId()): Member {
    this.checkPassword(password);
    const nick = this.checkFreeNick(rawNick);
    if (this.byId.has(id)) throw new Error(`member id ${id} is already in room ${this.id}`);
    if (this.byId.size >= this.options.maxUsers) {
      throw new RoomError('room_full', `The room is full (${this.options.maxUsers} users).`);
    }
    const member = new Member(id, endpoint, nick);
    this.broadcast({ t: 'joined', ts: Date.now(), user: member.info() });
    member.seq = this.sequence.nextSeq();
    this.byId.set(member.id, member);
    this.byNick.set(member.key, member.id);
    this.byShape.set(nickShape(nick), member.id);
    this.emit('joined', (listener) => listener(member));
    return member;
  }

  leave(member: Member, reason: LeaveReason): void {
    if (this.byId.get(member.id) !== member) return;
    this.byId.delete(member.id);
    this.byNick.delete(member.key);
    this.byShape.delete(nickShape(member.nick));
    this.dm.memberLeft(member);
    this.broadcast({ t: 'left', ts: Date.now(), nick: member.nick, reason });
    this.emit('left', (listener) => listener(member, reason));
  }

  say(member: Member, text: string, scope?: 'room' | 'dm'): { mid: number } {
    this.checkText(text);
    this.wake(member);
    const target = scope ?? (member.dmPeer ? 'dm' : 'room');
    if (target === 'dm') {
      const peer = member.dmPeer;
      if (!peer) throw new RoomError('not_in_dm', 'You are not in a 1:1; your message was not sent.');
      return this.direct(member, peer, 'dm', text);
    }
    const { mid, ts } = this.stamp(member, 'room', text);
    const envelope = new Envelope({ t: 'msg', mid, ts, from: member.nick, scope: 'room', text }, this.arena);
    for (const each of this.byId.values()) {
      if (each.away && each !== member) each.missed++;
      else each.send(envelope);
    }
    return { mid };
  }

  whisper(member: Member, to: string, text: string): { mid: number } {
    const target = this.find(to);
    if (!target) throw new RoomError('no_such_user', `Nobody called ${shown(to)} is here.`);
    if (target === member) throw new RoomError('self_target', 'You cannot whisper to yourself.');
    this.checkText(text);
    this.wake(member);
    return this.direct(member, target, 'whisper', text);
  }

  sleep(member: Member, text?: string): void {
    const awayText = text?.trim();
    const check = checkAwayText(awayText ?? '');
    if (!check.ok) throw new RoomError(check.code, check.message);
    if (awayText && this.isBanned(awayText))
      throw new RoomError('banned_word', 'The away text contains a word the host does not allow.');
    if (!member.away) {
      member.missed = 0;
      member.awayMark = this.history.lastMid;
    }
    member.away = awayText ? { text: awayText } : {};
    this.broadcastStatus(member);
  }

  wakeup(member: Member): void {
    if (!member.away) throw new RoomError('bad_request', 'You are not away.');
    this.wake(member);
  }

  /**
   * Ends away mode, if on: the member hears how many room messages it missed, gets those of them still kept (from
   * others, oldest first, as replayed `msg`), and everyone sees the new status.
   */
  wake(member: Member): void {
    if (!member.away) return;
    member.away = undefined;
    const kept = this.history.since(member.awayMark, (record) => record.scope === 'room' && record.from !== member.id);
    const { envelopes } = histEnvelopes(kept, this.options.replayBytes ?? REPLAY_BUDGET_BYTES);
    member.send({ t: 'awake', missed: member.missed, held: envelopes.length });
    for (const envelope of envelopes) member.send(envelope);
    member.missed = 0;
    this.broadcastStatus(member);
  }

  requestWith(member: Member, to: string): void {
    const target = this.find(to);
    if (!target) throw new RoomError('no_such_user', `Nobody called ${shown(to)} is here.`);
    this.wake(member);
    this.dm.request(member, target);
  }

  answerWith(member: Member, from: string, accept: boolean): void {
    const asker = this.find(from);
    if (!asker) throw new RoomError('no_pending_request', `Nobody called ${shown(from)} is here.`);
    this.wake(member);
    this.dm.answer(member, asker, accept);
  }

  /** Members waiting for `member`'s answer to a 1:1 request, oldest first. */
  askers(member: Member): Member[] {
    return this.dm.askers(member);
  }

  end(member: Member): void {
    this.dm.end(member);
  }

  /** Ends `asker`'s 1:1 request as expired, if still open (a cluster applies its ordered expiry here). */
  expireWith(asker: Member): void {
    this.dm.expireFor(asker);
  }

  rename(member: Member, rawNick: string): { nick: string } {
    const nick = this.checkFreeNick(rawNick, member);
    const from = member.nick;
    if (nick === from) return { nick };
    this.byNick.delete(member.key);
    this.byShape.delete(nickShape(from));
    member.nick = nick;
    member.key = nickKey(nick);
    this.byNick.set(member.key, member.id);
    this.byShape.set(nickShape(nick), member.id);
    member.seq = this.sequence.nextSeq();
    // Same key; re-inserted so the map stays in join order for the page cursor.
    this.byId.delete(member.id);
    this.byId.set(member.id, member);
    this.broadcast({ t: 'renamed', ts: Date.now(), from, to: nick });
    this.emit('renamed', (listener) => listener(member, from));
    return { nick };
  }

  /** Sends to every member (events such as joins, leaves and status changes reach away members too). */
  broadcast(message: ServerMessage): void {
    const envelope = new Envelope(message, this.arena);
    for (const member of this.byId.values()) member.send(envelope);
  }

  /** Closes every member's session. Nobody is told about the others leaving (they are all leaving). */
  close(reason: LeaveReason, message: string): void {
    this.dm.stop();
    const everyone = this.members();
    this.closing = new Map(this.byId);
    this.byId.clear();
    this.byNick.clear();
    this.byShape.clear();
    for (const member of everyone) {
      this.emit('left', (listener) => listener(member, reason));
      member.endpoint.disconnect(reason, message);
    }
    this.closing = undefined;
  }

  /** Calls listeners (plugins, the log); one that throws is reported and does not disturb the room. */
  private emit<K extends keyof RoomListeners>(event: K, call: (listener: RoomListeners[K]) => void): void {
    for (const listener of this.listeners[event])
      contained(this.report, `room ${event} listener`, () => call(listener));
  }

  private broadcastStatus(member: Member): void {
    if (this.byId.get(member.id) !== member) return;
    const event: ServerMessage = { t: 'status', ts: Date.now(), nick: member.nick, status: member.status };
    if (member.away?.text) event.awayText = member.away.text;
    this.broadcast(event);
  }

  private direct(from: Member, to: Member, scope: 'whisper' | 'dm', text: string): { mid: number } {
    const { mid, ts } = this.stamp(from, scope, text, to);
    const envelope = new Envelope({ t: 'msg', mid, ts, from: from.nick, scope, to: to.nick, text });
    to.send(envelope);
    from.send(envelope);
    return { mid };
  }

  /** The one place a message id is assigned: draws it from the sequence and tells the 'message' listeners. */
  private stamp(from: Member, scope: MessageRecord['scope'], text: string, to?: Member): { mid: number; ts: number } {
    const record: MessageRecord = {
      room: this.id,
      mid: this.sequence.nextMid(),
      ts: Date.now(),
      scope,
      from: from.id,
      fromNick: from.nick,
      text,
    };
    if (from.fingerprint !== undefined) record.fromFp = from.fingerprint;
    if (to) {
      record.to = to.id;
      record.toNick = to.nick;
      if (to.fingerprint !== undefined) record.toFp = to.fingerprint;
    }
    this.emit('message', (listener) => listener(record));
    return { mid: record.mid, ts: record.ts };
  }

  /** Refuses text no member may send here (empty, too long, a banned word), as `say` would. */
  checkText(text: string): void {
    const check = checkChatText(text);
    if (!check.ok) throw new RoomError(check.code, check.message);
    if (this.isBanned(text))
      throw new RoomError('banned_word', 'Not sent: your message contains a word the host does not allow.');
  }

  /** The nickname `rawNick` stands for, or a `nick_invalid` refusal (whether it is free is not checked). */
  checkNick(rawNick: string): string {
    const check = checkNickname(rawNick);
    if (!check.ok) throw new RoomError('nick_invalid', check.reason);
    if (this.isBanned(check.nick))
      throw new RoomError('nick_invalid', 'That nickname contains a word the host does not allow.');
    return check.nick;
  }

  /** Refuses a wrong password, as `join` would. */
  checkPassword(password: string | undefined): void {
    const expected = this.options.password;
    if (expected !== undefined && (password === undefined || !constantTimeEqualStrings(password, expected))) {
      throw new RoomError('wrong_password', password === undefined ? 'This room needs a password.' : 'Wrong password.');
    }
  }

  private checkFreeNick(rawNick: string, self?: Member): string {
    const nick = this.checkNick(rawNick);
    for (const holderId of [this.byNick.get(nickKey(nick)), this.byShape.get(nickShape(nick))]) {
      const holder = holderId === undefined ? undefined : this.byId.get(holderId);
      if (!holder || holder === self) continue;
      const lookAlike = holder.nick.toLowerCase() !== nick.toLowerCase();
      throw new RoomError(
        'nick_taken',
        lookAlike
          ? `The nickname ${nick} is taken: it looks like ${holder.nick}, who is here.`
          : `The nickname ${nick} is taken.`,
      );
    }
    return nick;
  }
}
