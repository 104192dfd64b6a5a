/**
 * A connection's outgoing bytes, in order. While the queue is short a message is kept by reference (a broadcast's
 * bytes are shared by all recipients, no copy); once it holds more than GATHER_FROM bytes, small messages are copied
 * into pooled chunks, each filled to the end even while its first part is being written. So a crowd's queues cost
 * about what their bytes cost, like a C server's write buffers, instead of thousands of references per recipient
 * that keep every message (and the collector) busy until the slowest recipient has it.
 */
import { ChunkPool } from './chunk-pool.js';

const CHUNK_BYTES = 16 * 1024;
/** Queued bytes from which small messages are copied into chunks. */
const GATHER_FROM = 4 * 1024;
/** Messages larger than this are always kept by reference. */
const COPY_AT_MOST = CHUNK_BYTES / 4;
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
  /** The chunk that takes small messages while the queue is long. */
  private open: Chunk | undefined;

  get empty(): boolean {
    return this.unsent.length === 0 && (!this.open || this.open.sent === this.open.fill);
  }

  /** Queues `bytes`; `queuedBytes` is what the connection holds now (unsent or unconfirmed). */
  push(bytes: Buffer, queuedBytes: number): void {
    const length = bytes.length;
    const open = this.open;
    if (open && open.bytes.length - open.fill >= length) {
      open.bytes.set(bytes, open.fill);
      open.fill += length;
      return;
    }
    this.seal();
    if (queuedBytes >= GATHER_FROM && length <= COPY_AT_MOST) {
      if (open) this.retire(open);
      const chunk = POOL.take();
      chunk.set(bytes, 0);
      this.open = { bytes: chunk, fill: length, sent: 0, unconfirmed: 0, open: true };
      return;
    }
    this.unsent.push(bytes);
    this.from.push(undefined);
  }

  /** Takes everything not yet sent, in batches of at most `maxBytes` (a larger buffer goes alone). */
  take(maxBytes: number): Batch[] {
    this.seal();
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
      if (!chunk.open && chunk.unconfirmed === 0 && ok) POOL.release(chunk.bytes);
    }
    // An idle connection keeps no chunk.
    const open = this.open;
    if (open && open.unconfirmed === 0 && open.sent === open.fill && this.unsent.length === 0) {
      this.open = undefined;
      open.open = false;
      if (ok) POOL.release(open.bytes);
    }
  }

  clear(): void {
    this.unsent = [];
    this.from = [];
    this.open = undefined;
  }

  /** Moves what the open chunk holds beyond what was already taken into `unsent`, keeping the order. */
  private seal(): void {
    const open = this.open;
    if (!open || open.sent === open.fill) return;
    this.unsent.push(open.bytes.subarray(open.sent, open.fill));
    this.from.push(open);
    open.sent = open.fill;
    open.unconfirmed++;
  }

  /** The open chunk takes no more bytes; it goes back to the pool once the socket has confirmed all of it. */
  private retire(chunk: Chunk): void {
    chunk.open = false;
    this.open = undefined;
    if (chunk.unconfirmed === 0) POOL.release(chunk.bytes);
  }
}
