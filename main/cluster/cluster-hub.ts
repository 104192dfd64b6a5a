/**
 * The rooms of one cluster instance: a `RoomHub` whose rooms are copies (replicas) of rooms shared through Redis.
 * Every change to a room (a join, a message, a rename, away, 1:1) is one Lua script (scripts.ts) that checks and
 * claims in Redis, numbers the change and publishes it on the room's channel; every instance applies the changes
 * in that one order to its copy, where members of other instances stand as `RemoteEndpoint`s that receive nothing.
 * So nicknames are unique cluster-wide, message ids have no gaps, and each instance delivers to its own members.
 * The instance that asked answers its client when its change comes back in order (`RoomHub.order`).
 */
import { contained, type Reporter } from '../gateway/contain.js';
import { nickKey, nickShape } from '../protocol/nickname.js';
import type { ChatMessage, LeaveReason } from '../protocol/messages.js';
import type { MemberId, RoomId } from '../rooms/ids.js';
import type { Member } from '../rooms/member.js';
import type { MessageRecord } from '../rooms/message-point.js';
import type { HubListeners, RoomHub } from '../rooms/room-hub.js';
import { visibleTo } from '../rooms/room-history.js';
import { applyOp, type JoinFacts, type RoomOp } from '../rooms/room-op.js';
import { RoomError } from '../rooms/room-error.js';
import { Room, type RoomOptions } from '../rooms/room.js';
import { ClusterSequence } from './cluster-sequence.js';
import { instanceKeys, KEY_PREFIX, roomKeys, roomOfChannel } from './keys.js';
import type { RedisLink } from './redis-link.js';
import { isRemote, RemoteEndpoint, type RemoteFiles } from './remote-endpoint.js';

/** One change to a room, as published. */
export interface ClusterEvent {
  /** The instance that asked ('sweep' for the leave of a dead instance's member). */
  origin: string;
  /** The asking instance's request number (its pending answer). */
  req: number;
  member?: MemberId;
  op: RoomOp;
  ev: number;
  mid?: number;
  seq?: number;
}

/** A member as Redis keeps it (the room's members hash). */
interface MemberRecord extends JoinFacts {
  key: string;
  shape: string;
  inst: string;
  seq: number;
  away?: { text?: string };
}

interface Replica {
  room: Room;
  sequence: ClusterSequence;
  /** The last change applied. */
  ev: number;
  /** True while a snapshot is being read: changes wait in `early`. */
  syncing: boolean;
  early: ClusterEvent[];
  /** Settles once the room has been read from Redis the first time. */
  ready: Promise<void>;
  markReady: () => void;
}

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

export const PAUSED_MESSAGE = 'The cluster cannot reach its Redis right now; nothing was sent. Try again shortly.';
/** How long a client message id is remembered cluster-wide (a resend after a failover is within it). */
const CID_TTL_SECONDS = 3600;
const ORDER_TIMEOUT_MS = 10_000;
/**
 * After Redis came back empty, how long members of other instances missing from it are still shown: their own
 * instances claim them again meanwhile (a presence beat and then some), so nobody sees them leave and come back.
 */
const RECLAIM_GRACE_MS = 4000;

export function pausedError(): RoomError {
  return new RoomError('cluster_paused', PAUSED_MESSAGE);
}

export interface ClusterHubOptions {
  link: RedisLink;
  /** This instance's id (random per start). */
  instance: string;
  roomOptions: (id: RoomId) => RoomOptions;
  report: Reporter;
  prefix?: string;
  /** Where file events for members of other instances go (without it, they cannot take files here). */
  files?: RemoteFiles;
}

export class ClusterHub implements RoomHub {
  private readonly replicas = new Map<RoomId, Replica>();
  private readonly pending = new Map<number, Pending>();
  private nextReq = 1;
  private closing: Promise<unknown>[] = [];
  private closed = false;
  private readonly listeners: { [K in keyof HubListeners]: Set<HubListeners[K]> } = {
    joined: new Set(),
    left: new Set(),
    renamed: new Set(),
    message: new Set(),
  };
  private readonly prefix: string;
  /** Redis round trips made for changes (for the figures: trips per chat message). */
  tripCount = 0;

  constructor(private readonly options: ClusterHubOptions) {
    this.prefix = options.prefix ?? KEY_PREFIX;
    options.link.on('message', (channel, text) => this.received(channel, text));
    options.link.on('down', () => this.paused());
  }

  private get redis() {
    return this.options.link.commands;
  }

  room(id: RoomId): Room {
    const known = this.replicas.get(id);
    if (known) return known.room;
    const sequence = new ClusterSequence();
    const room = new Room({
      ...this.options.roomOptions(id),
      sequence,
      // A 1:1 request expires in the room's order, told by the asker's instance (one timer decides, not three).
      dmExpiry: (where, asker, expire) => {
        if (isRemote(asker.endpoint)) return;
        this.order(where, asker, { t: 'with.expire' }, expire).catch(() => expire());
      },
    });
    let markReady = (): void => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const replica: Replica = { room, sequence, ev: 0, syncing: true, early: [], ready, markReady };
    this.replicas.set(id, replica);
    room.on('joined', (member) => this.emit('joined', (listener) => listener(member, room)));
    room.on('left', (member, reason) => this.emit('left', (listener) => listener(member, reason, room)));
    room.on('renamed', (member, from) => this.emit('renamed', (listener) => listener(member, from, room)));
    room.on('message', (record) => this.emit('message', (listener) => listener(record, room)));
    if (this.options.link.up) void this.sync(replica, true);
    return room;
  }

  find(id: RoomId): Room | undefined {
    return this.replicas.get(id)?.room;
  }

  rooms(): Room[] {
    return [...this.replicas.values()].map((replica) => replica.room);
  }

  on<K extends keyof HubListeners>(event: K, listener: HubListeners[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /**
   * Drops this instance's copy of a room nobody is in (anywhere in the cluster); its stream stays in Redis, bounded,
   * and a later join here reads it again.
   */
  forget(id: RoomId): void {
    const replica = this.replicas.get(id);
    if (!replica || replica.room.size > 0) return;
    this.replicas.delete(id);
    replica.room.close('server_shutdown', 'The room is gone.');
  }

  order<T>(room: Room, member: Member | undefined, op: RoomOp, run: () => T): Promise<T> {
    const replica = this.replicas.get(room.id);
    if (!replica) return Promise.reject(new Error(`room ${room.id} is not open here`));
    return this.ordered(replica, member, op, run) as Promise<T>;
  }

  /** Tells the cluster this instance's members left (fire and forget: `stopped()` waits for it) and closes. */
  close(reason: LeaveReason, message: string): void {
    this.closed = true;
    for (const replica of this.replicas.values()) {
      for (const member of replica.room.members()) {
        if (isRemote(member.endpoint)) continue;
        this.closing.push(this.leaveInRedis(replica.room.id, member.id, reason).catch(() => undefined));
      }
      replica.room.close(reason, message);
    }
  }

  /** Settles once the leaves `close` sent have been answered. */
  async stopped(): Promise<void> {
    await Promise.all(this.closing);
  }

  /** After Redis was away: counters restored, each room read again and this instance's members claimed again. */
  async recover(): Promise<void> {
    for (const replica of this.replicas.values()) {
      const keys = roomKeys(replica.room.id, this.prefix);
      await this.redis.sbRestore(
        keys.mid,
        keys.ev,
        keys.seq,
        replica.room.history.lastMid,
        replica.ev,
        replica.sequence.highestSeq,
      );
      await this.sync(replica, false, true);
      setTimeout(() => void this.sync(replica, false), RECLAIM_GRACE_MS).unref();
    }
  }

  private async ordered(replica: Replica, member: Member | undefined, op: RoomOp, run: () => unknown) {
    // A leave Redis cannot hear now is not lost: close() sent it already, or recover() drops the stale member.
    if (op.t === 'leave' && (this.closed || !this.options.link.up)) return undefined;
    if (this.closed || !this.options.link.up) throw pausedError();
    await replica.ready;
    const { room } = replica;
    const keys = roomKeys(room.id, this.prefix);
    switch (op.t) {
      case 'join': {
        room.checkPassword(op.password);
        const nick = room.checkNick(op.member.nick);
        const facts: JoinFacts = { ...op.member, nick };
        return this.send(replica, undefined, { t: 'join', member: facts }, run, (event) =>
          this.redis.sbJoin(
            keys.members,
            keys.nicks,
            keys.ev,
            keys.seq,
            instanceKeys(this.options.instance, this.prefix).members,
            facts.id,
            nickKey(nick),
            nickShape(nick),
            room.options.maxUsers,
            JSON.stringify(this.memberRecord(facts)),
            event,
            keys.events,
            `${room.id}\n${facts.id}`,
          ),
        );
      }
      case 'nick': {
        const nick = room.checkNick(op.nick);
        if (!member || nick === member.nick) return run();
        return this.send(replica, member, op, run, (event) =>
          this.redis.sbRename(
            keys.members,
            keys.nicks,
            keys.ev,
            keys.seq,
            member.id,
            nickKey(nick),
            nickShape(nick),
            nick,
            event,
            keys.events,
          ),
        );
      }
      case 'say':
      case 'whisper': {
        if (!member) throw new Error('a message needs its sender');
        const to = this.precheckMessage(room, member, op);
        const sender = member.fingerprint ?? `nick:${member.key}`;
        const record = {
          ts: Date.now(),
          scope: op.t === 'whisper' ? 'whisper' : to ? 'dm' : 'room',
          from: member.id,
          fromNick: member.nick,
          ...(member.fingerprint === undefined ? {} : { fromFp: member.fingerprint }),
          ...(to ? { to: to.id, toNick: to.nick, ...(to.fingerprint ? { toFp: to.fingerprint } : {}) } : {}),
          text: op.text,
        };
        return this.send(replica, member, op, run, (event) =>
          this.redis.sbPost(
            keys.mid,
            keys.ev,
            keys.history,
            `${keys.cid}${sender}|${op.cid ?? ''}`,
            event,
            JSON.stringify(record),
            room.history.capacity,
            keys.events,
            op.cid === undefined ? '0' : '1',
            CID_TTL_SECONDS,
          ),
        );
      }
      case 'leave':
        if (!member) return undefined;
        return this.send(replica, member, op, run, (event) =>
          this.redis.sbLeave(
            keys.members,
            keys.nicks,
            keys.ev,
            member.id,
            event,
            keys.events,
            `${this.prefix}inst:`,
            `${room.id}\n${member.id}`,
          ),
        );
      default: {
        if (!member) throw new Error(`${op.t} needs a member`);
        const away = op.t === 'sleep' ? JSON.stringify(op.text?.trim() ? { text: op.text.trim() } : {}) : '';
        return this.send(replica, member, op, run, (event) =>
          this.redis.sbEvent(keys.ev, keys.members, event, keys.events, member.id, op.t === 'wakeup' ? '-' : away),
        );
      }
    }
  }

  /** The refusals `say`/`whisper` would give, before a message id is drawn (ids have no gaps). */
  private precheckMessage(room: Room, member: Member, op: RoomOp & { t: 'say' | 'whisper' }): Member | undefined {
    if (op.t === 'whisper') {
      const target = room.find(op.to);
      if (!target) throw new RoomError('no_such_user', `Nobody called ${[...op.to].slice(0, 32).join('')} is here.`);
      if (target === member) throw new RoomError('self_target', 'You cannot whisper to yourself.');
      room.checkText(op.text);
      return target;
    }
    room.checkText(op.text);
    const scope = op.scope ?? (member.dmPeer ? 'dm' : 'room');
    if (scope === 'room') return undefined;
    if (!member.dmPeer) throw new RoomError('not_in_dm', 'You are not in a 1:1; your message was not sent.');
    return member.dmPeer;
  }

  /**
   * Publishes `op` through `script` and resolves with `run()`'s result when the change comes back in order (or
   * with what the script answered instead: a refusal, a resend's first mid, nothing to do).
   */
  private send(
    replica: Replica,
    member: Member | undefined,
    op: RoomOp,
    run: () => unknown,
    script: (event: string) => Promise<unknown>,
  ): Promise<unknown> {
    const req = this.nextReq++;
    const published = { origin: this.options.instance, req, op, ...(member ? { member: member.id } : {}) };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(req);
        reject(pausedError());
      }, ORDER_TIMEOUT_MS);
      timer.unref();
      this.pending.set(req, { run, resolve, reject, timer });
      const settle = (outcome: () => unknown): void => {
        if (!this.pending.delete(req)) return;
        clearTimeout(timer);
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
      };
      this.tripCount++;
      script(JSON.stringify(published)).then(
        (answer) => {
          if (Array.isArray(answer) && answer[0] !== 'ok')
            settle(() => this.refusal(answer as string[], op, replica.room));
          else if (answer === 0) settle(() => undefined); // nothing to do (a leave already swept)
        },
        () =>
          settle(() => {
            throw pausedError();
          }),
      );
    });
  }

  private refusal([code, detail]: string[], op: RoomOp, room: Room): unknown {
    if (code === 'dup') return { mid: Number(detail), dup: true };
    if (code === 'room_full') throw new RoomError('room_full', `The room is full (${room.options.maxUsers} users).`);
    if (code === 'nick_taken') {
      const wanted = op.t === 'join' ? op.member.nick : op.t === 'nick' ? op.nick : '';
      const lookAlike = detail !== undefined && detail !== '' && detail.toLowerCase() !== wanted.toLowerCase();
      throw new RoomError(
        'nick_taken',
        lookAlike
          ? `The nickname ${wanted} is taken: it looks like ${detail}, who is here.`
          : `The nickname ${wanted} is taken.`,
      );
    }
    throw new RoomError('bad_request', 'You are no longer in the room.');
  }

  private memberRecord(facts: JoinFacts): Omit<MemberRecord, 'seq'> {
    return { ...facts, key: nickKey(facts.nick), shape: nickShape(facts.nick), inst: this.options.instance };
  }

  private leaveInRedis(room: RoomId, id: MemberId, reason: LeaveReason): Promise<unknown> {
    const keys = roomKeys(room, this.prefix);
    const event = JSON.stringify({ origin: this.options.instance, req: 0, member: id, op: { t: 'leave', reason } });
    return this.redis.sbLeave(
      keys.members,
      keys.nicks,
      keys.ev,
      id,
      event,
      keys.events,
      `${this.prefix}inst:`,
      `${room}\n${id}`,
    );
  }

  private received(channel: string, text: string): void {
    const id = roomOfChannel(channel, this.prefix);
    const replica = id === undefined ? undefined : this.replicas.get(id);
    if (!replica) return;
    let event: ClusterEvent;
    try {
      event = JSON.parse(text) as ClusterEvent;
    } catch (error) {
      return this.options.report(error, 'cluster event');
    }
    this.accept(replica, event);
  }

  private accept(replica: Replica, event: ClusterEvent): void {
    if (replica.syncing) {
      replica.early.push(event);
      return;
    }
    if (event.ev <= replica.ev) return;
    if (event.ev > replica.ev + 1) {
      // A change was missed (the subscriber reconnected): read the room again; this one waits for it.
      replica.early.push(event);
      void this.sync(replica, false);
      return;
    }
    replica.ev = event.ev;
    replica.sequence.set({ mid: event.mid, seq: event.seq });
    const pending = event.origin === this.options.instance ? this.pending.get(event.req) : undefined;
    if (pending) {
      this.pending.delete(event.req);
      clearTimeout(pending.timer);
      try {
        pending.resolve(pending.run());
      } catch (error) {
        pending.reject(error);
      }
    } else {
      contained(this.options.report, 'cluster apply', () => this.applyRemote(replica.room, event));
    }
    replica.sequence.set({});
  }

  /** A change another instance made (or one of ours nobody waits for any more), applied to our copy. */
  private applyRemote(room: Room, event: ClusterEvent): void {
    const { op } = event;
    try {
      if (op.t === 'join') {
        if (room.member(op.member.id)) return;
        if (event.origin === this.options.instance) {
          // Our own join whose client gave up waiting: it is not here, so it leaves the cluster again.
          void this.leaveInRedis(room.id, op.member.id, 'disconnected').catch(() => undefined);
          return;
        }
        room.join(this.remote(op.member, event.origin, room.id), op.member.nick, room.options.password, op.member.id);
        return;
      }
      const member = event.member === undefined ? undefined : room.member(event.member);
      if (!member) return;
      if (op.t === 'leave' && !isRemote(member.endpoint)) return; // still connected here: recover() claims it again
      applyOp(room, member, op);
    } catch (error) {
      if (!(error instanceof RoomError)) throw error; // the asking instance's copy refused the same way
    }
  }

  /** Reads the room from Redis and brings our copy in line with it. */
  private async sync(replica: Replica, first: boolean, grace = false): Promise<void> {
    if (replica.syncing && !first && replica.early.length > 1) return; // a read is already under way
    replica.syncing = true;
    const { room } = replica;
    const keys = roomKeys(room.id, this.prefix);
    let snapshot: [string, string[], [string, string[]][]];
    try {
      snapshot = await this.redis.sbSnapshot(keys.ev, keys.members, keys.history, room.history.capacity);
    } catch (error) {
      replica.syncing = false;
      replica.early = [];
      if (this.options.link.up) this.options.report(error, 'cluster sync');
      return; // read again when Redis is back (recover)
    }
    const [ev, flat, kept] = snapshot;
    const records: MemberRecord[] = [];
    for (let i = 1; i < flat.length; i += 2) records.push(JSON.parse(flat[i]!) as MemberRecord);
    const toClaim = this.reconcile(replica, records, first, grace);
    this.catchUp(room, kept, first);
    replica.ev = Number(ev);
    replica.syncing = false;
    replica.markReady();
    for (const event of replica.early.splice(0)) this.accept(replica, event);
    for (const member of toClaim) void this.claimAgain(replica, member);
  }

  /** Our copy's members brought in line with Redis's; returns our own members Redis has lost (to claim again). */
  private reconcile(replica: Replica, records: MemberRecord[], first: boolean, grace: boolean): Member[] {
    const { room } = replica;
    const listed = new Set(records.map((record) => record.id));
    const toClaim: Member[] = [];
    for (const member of room.members()) {
      if (listed.has(member.id)) continue;
      if (!isRemote(member.endpoint)) toClaim.push(member);
      else if (!grace) room.leave(member, 'server_failed');
    }
    for (const record of records.sort((a, b) => a.seq - b.seq)) {
      if (room.member(record.id)) continue;
      if (record.inst === this.options.instance) {
        if (!first) void this.leaveInRedis(room.id, record.id, 'disconnected').catch(() => undefined);
        continue;
      }
      replica.sequence.set({ seq: record.seq });
      contained(this.options.report, 'cluster member', () => {
        const member = room.join(
          this.remote(record, record.inst, room.id),
          record.nick,
          room.options.password,
          record.id,
        );
        if (record.away) member.away = record.away;
      });
    }
    replica.sequence.set({});
    return toClaim;
  }

  /** Messages in the stream our copy has not seen: kept, and (after a pause) delivered to our members. */
  private catchUp(room: Room, kept: [string, string[]][], first: boolean): void {
    for (const [, fields] of [...kept].reverse()) {
      const mid = Number(fields[fields.indexOf('mid') + 1]);
      if (mid <= room.history.lastMid) continue;
      const record = { room: room.id, mid, ...JSON.parse(fields[fields.indexOf('rec') + 1]!) } as MessageRecord;
      room.history.add(record);
      if (first) continue;
      const message: ChatMessage = {
        t: 'msg',
        mid,
        ts: record.ts,
        from: record.fromNick,
        scope: record.scope,
        text: record.text,
      };
      if (record.toNick !== undefined) message.to = record.toNick;
      for (const member of room.members()) {
        if (isRemote(member.endpoint) || !visibleTo(record, { id: member.id, fp: member.fingerprint })) continue;
        if (member.away && record.scope === 'room') member.missed++;
        else member.send(message);
      }
    }
  }

  /** One of our members Redis lost (it restarted, or swept us while we could not reach it): claimed again. */
  private async claimAgain(replica: Replica, member: Member): Promise<void> {
    const facts: JoinFacts = {
      id: member.id,
      nick: member.nick,
      secure: member.secure,
      textClient: member.isTextClient,
      fp: member.fingerprint,
    };
    try {
      await this.ordered(
        replica,
        undefined,
        { t: 'join', member: facts, password: replica.room.options.password },
        () => member,
      );
    } catch (error) {
      if (!(error instanceof RoomError) || error.code !== 'nick_taken') return;
      replica.room.leave(member, 'server_failed');
      member.endpoint.disconnect('server_failed', 'While the cluster was paused someone else took your nickname.');
    }
  }

  private remote(facts: JoinFacts, instance: string, room: RoomId): RemoteEndpoint {
    return new RemoteEndpoint(facts, instance, room, this.options.files);
  }

  private paused(): void {
    for (const [req, pending] of this.pending) {
      this.pending.delete(req);
      clearTimeout(pending.timer);
      pending.reject(pausedError());
    }
  }

  private emit<K extends keyof HubListeners>(event: K, call: (listener: HubListeners[K]) => void): void {
    for (const listener of this.listeners[event])
      contained(this.options.report, `hub ${event} listener`, () => call(listener));
  }
}
