/**
 * A connection's outgoing bytes, in order. While the queue is short a message is kept by reference (a broadcast's
 * bytes are shared by all recipients, no copy); once it holds more than GATHER_FROM bytes, small messages are copied
 * into pooled chunks, each filled to the end even while its first part is being written. So a crowd's queues cost
 * about what their bytes cost, like a C server's write buffers, instead of thousands of references per recipient
 * that keep every message (and the collector) busy until the slowest recipient has it.
 * A room's broadcasts are encoded one after the other into shared slabs (main/protocol/frame-arena.ts): the queue
 * holds consecutive broadcasts as one growing region of the slab (a view), copying nothing, so a join storm of
 * 5,000 members costs the bytes of its events once, not once per member.
 */
import { ChunkPool } from './chunk-pool.js';

const CHUNK_BYTES = 16 * 1024;
/** Queued bytes from which small messages are copied into chunks. */
const GATHER_FROM = 4 * 1024;
/** Messages larger than this are always kept by reference. */
const COPY_AT_MOST = CHUNK_BYTES / 4;
/**
 * Views of shared slabs a queue holds at most (open or being written); further broadcasts are copied as any other
 * message. A view keeps its whole slab alive (16 KiB), so this bounds what a queue pins beyond its own bytes.
 */
const MAX_VIEWS = 8;
/**
 * Free chunks kept across all connections: 16 MiB at most, about what 200 queues at the soft bound hold together. A
 * chunk the pool cannot keep is garbage that V8 frees only at its next full collection (a queued chunk outlives a
 * scavenge): with 4 MiB, a 200 × 200 burst left ~40 MiB of such chunks behind and peaked at ~162 MiB RSS; with
 * 16 MiB it reuses them and peaks at ~130 MiB (docs/PERFORMANCE.md).
 */
const POOL = new ChunkPool(CHUNK_BYTES, 1024);

interface Chunk {
  bytes: Buffer;
  /** Bytes in use; bytes handed to the socket; regions handed to the socket and not yet confirmed. */
  fill: number;
  sent: number;
  unconfirmed: number;
  /** Still taking bytes. */
  open: boolean;
  /** A view of a shared slab (never written here, never pooled), not a pooled chunk. */
  view: boolean;
}

/** Buffers written together (one write, or one writev) and the bytes they carried. */
export interface Batch {
  regions: Buffer[];
  /** The chunks those regions came from (once per region). */
  chunks: Chunk[];
  bytes: number;
}

export class OutQueue {
  /** Bytes not yet handed to the socket, in order: messages by reference and finished regions of chunks. */
  private unsent: Buffer[] = [];
  /** Beside each entry of `unsent`: the chunk it is a region of, or undefined for a message by reference. */
  private from: (Chunk | undefined)[] = [];
  /** The pooled chunk that takes small messages while the queue is long. */
  private copying: Chunk | undefined;
  /** The view that the next broadcast extends when it lies right after it in the same slab. */
  private view: Chunk | undefined;
  /** The chunk (copying or view) that took the newest bytes; only its bytes may not be in `unsent` yet. */
  private tail: Chunk | undefined;
  private views = 0;

  get empty(): boolean {
    return this.unsent.length === 0 && (!this.tail || this.tail.sent === this.tail.fill);
  }

  /**
   * Queues `bytes`; `queuedBytes` is what the connection holds now (unsent or unconfirmed). `shared`: the bytes
   * are a broadcast in a shared slab (Envelope.inArena), which the next broadcasts follow.
   */
  push(bytes: Buffer, queuedBytes: number, shared = false): void {
    const length = bytes.length;
    const view = this.view;
    if (view && bytes.buffer === view.bytes.buffer && bytes.byteOffset === view.bytes.byteOffset + view.fill) {
      this.switchTo(view);
      view.fill += length;
      return;
    }
    if (shared && this.views < MAX_VIEWS) {
      if (view) this.close(view);
      this.switchTo(undefined);
      // From these bytes to the end of their slab: the broadcasts after them are written there.
      const slabEnd = bytes.buffer.byteLength - bytes.byteOffset;
      const opened = Buffer.from(bytes.buffer, bytes.byteOffset, slabEnd);
      this.view = { bytes: opened, fill: length, sent: 0, unconfirmed: 0, open: true, view: true };
      this.tail = this.view;
      this.views++;
      return;
    }
    const copying = this.copying;
    if (copying && copying.bytes.length - copying.fill >= length) {
      this.switchTo(copying);
      copying.bytes.set(bytes, copying.fill);
      copying.fill += length;
      return;
    }
    if (queuedBytes >= GATHER_FROM && length <= COPY_AT_MOST) {
      if (copying) this.close(copying);
      this.switchTo(undefined);
      const chunk = POOL.take();
      chunk.set(bytes, 0);
      this.copying = { bytes: chunk, fill: length, sent: 0, unconfirmed: 0, open: true, view: false };
      this.tail = this.copying;
      return;
    }
    this.switchTo(undefined);
    this.unsent.push(bytes);
    this.from.push(undefined);
  }

  /** Takes everything not yet sent, in batches of at most `maxBytes` (a larger buffer goes alone). */
  take(maxBytes: number): Batch[] {
    if (this.tail) this.seal(this.tail);
    const batches: Batch[] = [];
    let batch: Batch | undefined;
    for (let i = 0; i < this.unsent.length; i++) {
      const region = this.unsent[i]!;
      if (!batch || batch.bytes + region.length > maxBytes) {
        batch = { regions: [], chunks: [], bytes: 0 };
        batches.push(batch);
      }
      batch.regions.push(region);
      batch.bytes += region.length;
      const chunk = this.from[i];
      if (chunk) batch.chunks.push(chunk);
    }
    this.unsent = [];
    this.from = [];
    return batches;
  }

  /** The socket took `batch` (`ok`: without error): chunks nothing reads any more go back to the pool. */
  done(batch: Batch, ok: boolean): void {
    for (const chunk of batch.chunks) {
      chunk.unconfirmed--;
      if (!chunk.open && chunk.unconfirmed === 0) this.finished(chunk, ok);
    }
    // An idle connection keeps no chunk and no view.
    if (this.unsent.length > 0) return;
    for (const chunk of [this.copying, this.view]) {
      if (chunk && chunk.unconfirmed === 0 && chunk.sent === chunk.fill) this.close(chunk, ok);
    }
  }

  clear(): void {
    this.unsent = [];
    this.from = [];
    this.copying = undefined;
    this.view = undefined;
    this.tail = undefined;
    this.views = 0;
  }

  /** The next bytes go to `chunk` (or stand alone): what the previous tail took goes into `unsent` first. */
  private switchTo(chunk: Chunk | undefined): void {
    const tail = this.tail;
    if (tail === chunk) return;
    if (tail) this.seal(tail);
    this.tail = chunk;
  }

  /** Moves what `chunk` holds beyond what was already taken into `unsent`, keeping the order. */
  private seal(chunk: Chunk): void {
    if (chunk.sent === chunk.fill) return;
    this.unsent.push(chunk.bytes.subarray(chunk.sent, chunk.fill));
    this.from.push(chunk);
    chunk.sent = chunk.fill;
    chunk.unconfirmed++;
  }

  /** `chunk` takes no more bytes; a pooled one goes back to the pool once the socket has confirmed all of it. */
  private close(chunk: Chunk, ok = true): void {
    if (this.tail === chunk) {
      this.seal(chunk);
      this.tail = undefined;
    }
    chunk.open = false;
    if (this.copying === chunk) this.copying = undefined;
    if (this.view === chunk) this.view = undefined;
    if (chunk.unconfirmed === 0) this.finished(chunk, ok);
  }

  private finished(chunk: Chunk, ok: boolean): void {
    if (chunk.view) this.views--;
    else if (ok) POOL.release(chunk.bytes);
  }
}
