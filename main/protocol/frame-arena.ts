/**
 * Where a room's broadcasts are encoded: one after another into shared slabs, so that the broadcasts a member gets
 * in a row lie next to each other in memory and its outgoing queue holds them as one region of a slab
 * (main/gateway/out-queue.ts) instead of a copy per member. A slab is only ever appended to; it is garbage once no
 * queue holds a region of it. Bytes larger than a quarter of a slab are kept on their own.
 */
import { HEADER_BYTES, payloadLength, writeFrame } from './codec.js';

const SLAB_BYTES = 16 * 1024;
const AT_MOST = SLAB_BYTES / 4;

export class FrameArena {
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private fill = 0;

  /** `message` encoded as a frame (FrameError when too large, as encodeFrame). */
  frame(message: object): Buffer {
    const json = JSON.stringify(message);
    const length = payloadLength(json);
    const target = this.reserve(HEADER_BYTES + length);
    writeFrame(target, 0, json, length);
    return target;
  }

  /** A copy of `bytes` in the arena (a plain-text line shared by its recipients), or `bytes` itself when large. */
  copy(bytes: Buffer): Buffer {
    if (bytes.length > AT_MOST) return bytes;
    const target = this.reserve(bytes.length);
    target.set(bytes, 0);
    return target;
  }

  private reserve(bytes: number): Buffer {
    if (bytes > AT_MOST) return Buffer.allocUnsafe(bytes);
    if (this.fill + bytes > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.fill = 0;
    }
    const start = this.fill;
    this.fill += bytes;
    return this.slab.subarray(start, this.fill);
  }
}
