/**
 * The many-room crowd of the cluster bench: who sits in which room and connects to which instance, the logged-in
 * load clients (each `hello` names its room), and one DeliveryTracker per room behind a single delivery handler,
 * so that every delivery is checked against its own room's senders and the figures add up over all rooms.
 */
import { DeliveryTracker } from './delivery-tracker.js';
import { LoadClient, type DeliveryHandler } from './load-client.js';
import { errorCount, nickFor } from './room-harness.js';
import { LatencyHistogram } from './stats.js';

export interface Seat {
  room: number;
  /** Index among the room's members (the room's tracker numbers senders and receivers this way). */
  local: number;
  instance: number;
}

/**
 * Rooms take consecutive clients (sizes differ by at most one); instances take clients round-robin, so every room
 * has members on every instance (with 30 members and 3 instances, 10 on each).
 */
export function seating(clients: number, rooms: number, instances: number): Seat[] {
  const seats: Seat[] = [];
  const base = Math.floor(clients / rooms);
  const larger = clients % rooms;
  for (let room = 0; room < rooms; room++) {
    const size = base + (room < larger ? 1 : 0);
    for (let local = 0; local < size; local++) seats.push({ room, local, instance: seats.length % instances });
  }
  return seats;
}

export function roomSizes(seats: readonly Seat[], rooms: number): number[] {
  const sizes = new Array<number>(rooms).fill(0);
  for (const seat of seats) sizes[seat.room]!++;
  return sizes;
}

/** Connects and logs in every seat's client, `batch` at a time; client i is seats[i + firstIndex]. */
export async function connectCrowd(
  seats: readonly Seat[],
  ports: readonly number[],
  roomNames: readonly string[],
  prefix: string,
  handler: DeliveryHandler,
  batch = 100,
  firstIndex = 0,
): Promise<LoadClient[]> {
  const crowd: LoadClient[] = [];
  for (let start = 0; start < seats.length; start += batch) {
    const group: LoadClient[] = [];
    for (let i = start; i < Math.min(seats.length, start + batch); i++) {
      const client = new LoadClient(firstIndex + i, handler);
      client.room = roomNames.length > 1 ? roomNames[seats[i]!.room] : undefined;
      group.push(client);
    }
    await Promise.all(
      group.map(async (client) => {
        await client.connect(ports[seats[client.index - firstIndex]!.instance]!);
        await client.login(nickFor(prefix, client.index));
      }),
    );
    crowd.push(...group);
  }
  return crowd;
}

/** One DeliveryTracker per room; a client's index is its seat. */
export class RoomTrackers implements DeliveryHandler {
  readonly trackers: DeliveryTracker[];
  /** Stand-ins that carry each client's index within its room to its room's tracker. */
  private readonly locals: LoadClient[];

  constructor(
    private readonly seats: readonly Seat[],
    rooms: number,
    maxMessages: number,
    fillerLength: number,
    prefix: string,
  ) {
    const members: string[][] = Array.from({ length: rooms }, () => []);
    seats.forEach((seat, i) => (members[seat.room]![seat.local] = nickFor(prefix, i)));
    this.trackers = members.map(
      (nicks) => new DeliveryTracker(nicks.length, nicks.length, maxMessages, fillerLength, nicks),
    );
    this.locals = seats.map((seat) => ({ index: seat.local }) as LoadClient);
  }

  onMsg(client: LoadClient, raw: string, start: number, end: number, recvUs: number): void {
    this.trackers[this.seats[client.index]!.room]!.onMsg(this.locals[client.index]!, raw, start, end, recvUs);
  }

  /** Records client `index`'s message `seq` as sent and returns its text. */
  send(index: number, seq: number, sentUs: number): string {
    const seat = this.seats[index]!;
    return this.trackers[seat.room]!.send(seat.local, seq, sentUs);
  }

  /**
   * Counts each room's refused messages from its members' error answers (a refusal is due no delivery); the
   * clients' error counts start at zero with each phase.
   */
  countRefusals(crowd: readonly LoadClient[]): void {
    const byRoom: LoadClient[][] = this.trackers.map(() => []);
    for (const client of crowd) byRoom[this.seats[client.index]!.room]!.push(client);
    this.trackers.forEach((tracker, room) => (tracker.refused = errorCount(byRoom[room]!)));
  }

  set timeFromUs(us: number) {
    for (const tracker of this.trackers) tracker.timeFromUs = us;
  }

  private sum(of: (tracker: DeliveryTracker) => number): number {
    return this.trackers.reduce((total, tracker) => total + of(tracker), 0);
  }

  get delivered(): number {
    return this.sum((t) => t.delivered);
  }
  get expected(): number {
    return this.sum((t) => t.expected);
  }
  get lost(): number {
    return this.sum((t) => t.lost);
  }
  get duplicated(): number {
    return this.sum((t) => t.duplicated);
  }
  get corrupted(): number {
    return this.sum((t) => t.corrupted);
  }
  get complete(): boolean {
    return this.trackers.every((tracker) => tracker.complete);
  }
  get lastDeliveryUs(): number {
    return Math.max(...this.trackers.map((tracker) => tracker.lastDeliveryUs));
  }

  latency(): LatencyHistogram {
    const all = new LatencyHistogram();
    for (const tracker of this.trackers) all.merge(tracker.latency);
    return all;
  }

  lossDetail(): { receivers: number; worst: number } {
    const details = this.trackers.map((tracker) => tracker.lossDetail());
    return {
      receivers: details.reduce((sum, each) => sum + each.receivers, 0),
      worst: Math.max(0, ...details.map((each) => each.worst)),
    };
  }
}
