/**
 * The port between the gateway (and plugins such as file transfer) and the rooms: a `RoomHub` hands out the room
 * for a `RoomId` and passes on every room's membership changes with the room they happened in. `LocalRoomHub`
 * keeps its rooms in this process (the default room, DEFAULT_ROOM_ID, and the named rooms of a many-room server:
 * which names exist is the gateway's room-directory.ts); a cluster puts a second implementation behind the same
 * interface.
 */
import type { LeaveReason } from '../protocol/messages.js';
import { consoleReporter, contained, type Reporter } from '../gateway/contain.js';
import type { RoomId } from './ids.js';
import type { Member } from './member.js';
import type { MessageRecord } from './message-point.js';
import type { Room } from './room.js';
import type { RoomOp } from './room-op.js';

export interface HubListeners {
  joined: (member: Member, room: Room) => void;
  left: (member: Member, reason: LeaveReason, room: Room) => void;
  renamed: (member: Member, from: string, room: Room) => void;
  message: (record: MessageRecord, room: Room) => void;
}

export interface RoomHub {
  /** The room with this id, opened on first use. */
  room(id: RoomId): Room;
  /** The room with this id if it is open. */
  find(id: RoomId): Room | undefined;
  rooms(): Room[];
  /** Subscribes to every room's changes; returns an unsubscribe function. */
  on<K extends keyof HubListeners>(event: K, listener: HubListeners[K]): () => void;
  /** Drops a room nobody is in, with its history (a room created on first join, idle too long). */
  forget(id: RoomId): void;
  /**
   * Performs a member's change to `room`: `run` does it on this process's Room, `op` describes it (`member`: who,
   * absent for a join). Here `run()` at once; a cluster first puts `op` into the room's cluster-wide order and
   * calls `run` when its turn comes, so the result may be a promise (refusals reject with a RoomError).
   */
  order<T>(room: Room, member: Member | undefined, op: RoomOp, run: () => T): T | Promise<T>;
  /** Closes every room (server shutdown). */
  close(reason: LeaveReason, message: string): void;
}

export class LocalRoomHub implements RoomHub {
  private readonly open = new Map<RoomId, Room>();
  private readonly listeners: { [K in keyof HubListeners]: Set<HubListeners[K]> } = {
    joined: new Set(),
    left: new Set(),
    renamed: new Set(),
    message: new Set(),
  };

  /** `create` makes the room for an id (the server's options); `report` takes failures of hub listeners. */
  constructor(
    private readonly create: (id: RoomId) => Room,
    private readonly report: Reporter = consoleReporter,
  ) {}

  room(id: RoomId): Room {
    let room = this.open.get(id);
    if (room) return room;
    room = this.create(id);
    this.open.set(id, room);
    const opened = room;
    opened.on('joined', (member) => this.emit('joined', (listener) => listener(member, opened)));
    opened.on('left', (member, reason) => this.emit('left', (listener) => listener(member, reason, opened)));
    opened.on('renamed', (member, from) => this.emit('renamed', (listener) => listener(member, from, opened)));
    opened.on('message', (record) => this.emit('message', (listener) => listener(record, opened)));
    return room;
  }

  find(id: RoomId): Room | undefined {
    return this.open.get(id);
  }

  rooms(): Room[] {
    return [...this.open.values()];
  }

  on<K extends keyof HubListeners>(event: K, listener: HubListeners[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  forget(id: RoomId): void {
    const room = this.open.get(id);
    if (!room || room.size > 0) return;
    this.open.delete(id);
    room.close('server_shutdown', 'The room is gone.');
  }

  order<T>(_room: Room, _member: Member | undefined, _op: RoomOp, run: () => T): T {
    return run();
  }

  close(reason: LeaveReason, message: string): void {
    for (const room of this.open.values()) room.close(reason, message);
  }

  private emit<K extends keyof HubListeners>(event: K, call: (listener: HubListeners[K]) => void): void {
    for (const listener of this.listeners[event]) contained(this.report, `hub ${event} listener`, () => call(listener));
  }
}
