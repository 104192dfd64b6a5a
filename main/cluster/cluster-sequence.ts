/**
 * A room's `RoomSequence` in a cluster: message ids and join positions are drawn in Redis (the scripts' INCR) and
 * travel with each ordered event; the hub sets them here just before it applies the event to its copy of the room.
 */
import type { RoomSequence } from '../rooms/message-point.js';

export class ClusterSequence implements RoomSequence {
  private mid: number | undefined;
  private seq: number | undefined;
  private lastMid = 0;
  private lastSeq = 0;

  /** The numbers the next event carries. */
  set(numbers: { mid?: number | undefined; seq?: number | undefined }): void {
    this.mid = numbers.mid;
    this.seq = numbers.seq;
  }

  nextMid(): number {
    const mid = this.mid ?? this.lastMid + 1;
    this.mid = undefined;
    this.lastMid = mid;
    return mid;
  }

  nextSeq(): number {
    const seq = this.seq ?? this.lastSeq + 1;
    this.seq = undefined;
    this.lastSeq = Math.max(this.lastSeq, seq);
    return seq;
  }

  /** The highest join position seen (restored into Redis after it lost its data). */
  get highestSeq(): number {
    return this.lastSeq;
  }
}
