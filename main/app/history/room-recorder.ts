/**
 * Writes one joined room's conversation into the store as it arrives: every message (live, and replayed with
 * `hist: true`: the store drops what it already has by run + mid), and the notices the page shows (joins, leaves,
 * renames, away/back, 1:1 start and end, server notices). It knows the room's key (room-key.ts) and the server run
 * of the current connection (welcome `history.run`; a host without one gets a run id per connection, so its mids,
 * which restart with the server, never collide with stored ones).
 */
import { randomUUID } from 'node:crypto';
import type { HistoryEntry, HistoryNotice, MessageScope, RoomEvent, RoomKey, UserStatus } from '@contract/ipc-contract';
import type { ClientSession } from '../../client/session.js';
import { nickKey } from '../../protocol/nickname.js';
import type { HistoryStore, OutboxUpdate } from './history-store.js';
import { roomKeyOf } from './room-key.js';

export interface UnsentMessage {
  cid: string;
  text: string;
  scope: MessageScope;
  to?: string;
}

export class RoomRecorder {
  private run: string | undefined;
  private failures = 0;

  constructor(
    private readonly store: HistoryStore | undefined,
    private readonly session: ClientSession,
  ) {
    session.on('message', (frame) => {
      if (frame['t'] !== 'welcome') return;
      const history = frame['history'] as { run?: unknown } | undefined;
      this.run = typeof history?.run === 'string' ? history.run : `local:${randomUUID()}`;
    });
  }

  /**
   * The room's key in the store: its room code once the connection is verified, else its address; on a many-room
   * host, with the room.
   */
  get key(): RoomKey {
    const { host, port } = this.session;
    const room = this.session.serverRooms ? this.session.room?.name : undefined;
    return roomKeyOf({ host, port, hostCode: this.session.security.hostCode, room });
  }

  /** Connected: remember the room's name and address for the rooms list. */
  connected(roomName: string): void {
    const { host, port } = this.session;
    this.guard(() => this.store?.noteRoom({ key: this.key, name: roomName, host, port }));
  }

  /**
   * Stores what the page would show for this event; returns its entry id (a message the store already had, e.g.
   * replayed again, gives its stored entry's id). `before` is the member's status before a `status` event (away and
   * back are told apart from it, as the page does).
   */
  record(event: RoomEvent, before?: UserStatus): number | undefined {
    if (event.t === 'msg') {
      const run = this.run;
      return this.guard(
        () =>
          this.store?.addMessage(this.key, {
            run: this.run,
            mid: event.mid,
            ts: event.ts,
            from: event.from,
            scope: event.scope,
            to: event.to,
            text: event.text,
            own: nickKey(event.from) === nickKey(this.session.nick),
          }) ?? (run === undefined ? undefined : this.store?.storedId(this.key, run, event.mid)),
      );
    }
    const notice = noticeOf(event, before);
    if (!notice) return undefined;
    return this.guard(() => this.store?.addNotice(this.key, 'ts' in event ? event.ts : Date.now(), notice));
  }

  /** A message of mine the outbox holds (not confirmed by the room yet): kept as `sending`. */
  unsent(message: UnsentMessage, now = Date.now()): void {
    const { cid, text, scope, to } = message;
    const from = this.session.nick;
    this.guard(() =>
      this.store?.addMessage(this.key, { ts: now, from, scope, to, text, own: true, cid, state: 'sending' }),
    );
  }

  /** My messages an earlier run of the app left unsent in this room (it quit or crashed while they waited). */
  earlierUnsent(): HistoryEntry[] {
    return this.guard(() => this.store?.unsent(this.key)) ?? [];
  }

  /** The outbox moved one of my messages on (sent: it is the room's message `mid` in the current run). */
  outbox(update: OutboxUpdate): void {
    const withRun = update.state === 'sent' ? { ...update, run: update.run ?? this.run } : update;
    this.guard(() => this.store?.updateOutbox(this.key, withRun));
  }

  /** A store failure (disk full…) never breaks the room; it is logged, a few times at most. */
  private guard<T>(write: () => T): T | undefined {
    try {
      return write();
    } catch (error) {
      if (++this.failures <= 3) console.error('[history] could not store a room event:', error);
      return undefined;
    }
  }
}

function noticeOf(event: RoomEvent, before: UserStatus | undefined): HistoryNotice | undefined {
  switch (event.t) {
    case 'joined':
      return { type: 'joined', nick: event.user.nick };
    case 'left':
      return { type: 'left', nick: event.nick, reason: event.reason };
    case 'renamed':
      return { type: 'renamed', from: event.from, to: event.to };
    case 'status':
      if (event.status === 'away' && before !== 'away')
        return { type: 'away', nick: event.nick, ...(event.awayText ? { awayText: event.awayText } : {}) };
      if (before === 'away' && event.status !== 'away') return { type: 'back', nick: event.nick };
      return undefined;
    case 'with.started':
      return { type: 'dm-started', peer: event.peer };
    case 'with.ended':
      return { type: 'dm-ended', peer: event.peer, reason: event.reason, ...(event.by ? { by: event.by } : {}) };
    case 'notice':
      return { type: 'server', code: event.code, text: event.text };
    default:
      return undefined;
  }
}
