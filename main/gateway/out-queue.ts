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
/** Free chunks kept across all connections: 4 MiB at most. */
const POOL = new ChunkPool(CHUNK_BYTES, 256);

interface Piece {
  bytes: Buffer;
  /** Bytes of `bytes` in use (a chunk fills up over time; a reference is full at once). */
  fill: number;
  /** Bytes handed to the socket. */
  sent: number;
  /** Writes of this piece the socket has not confirmed yet. */
  inflight: number;
  pooled: boolean;
}

/** Pieces written together (one write or one writev) and the bytes they carried. */
export interface Batch {
  regions: Buffer[];
  pieces: Piece[];
  bytes: number;
}

export class OutQueue {
  private pieces: Piece[] = [];
  /** The chunk at the end that still takes bytes. */
  private open: Piece | undefined;
  /** Bytes queued and not yet handed to the socket. */
  private unsent = 0;

  get empty(): boolean {
    return this.unsent === 0;
  }

  /** Queues `bytes`; `queuedBytes` is what the connection holds now (unsent or unconfirmed). */
  push(bytes: Buffer, queuedBytes: number): void {
    const length = bytes.length;
    this.unsent += length;
    const open = this.open;
    if (open && open.bytes.length - open.fill >= length) {
      open.bytes.set(bytes, open.fill);
      open.fill += length;
      return;
    }
    if (queuedBytes >= GATHER_FROM && length <= COPY_AT_MOST) {
      const chunk = POOL.take();
      chunk.set(bytes, 0);
      this.open = { bytes: chunk, fill: length, sent: 0, inflight: 0, pooled: true };
      this.pieces.push(this.open);
      return;
    }
    this.pieces.push({ bytes, fill: length, sent: 0, inflight: 0, pooled: false });
    this.open = undefined;
  }

  /** Takes everything not yet sent, in batches of at most `maxBytes` (a larger piece goes alone). */
  take(maxBytes: number): Batch[] {
    const batches: Batch[] = [];
    let batch: Batch | undefined;
    for (const piece of this.pieces) {
      if (piece.sent === piece.fill) continue;
      const region = piece.bytes.subarray(piece.sent, piece.fill);
      piece.sent = piece.fill;
      piece.inflight++;
      if (!batch || (batch.bytes > 0 && batch.bytes + region.length > maxBytes)) {
        batch = { regions: [], pieces: [], bytes: 0 };
        batches.push(batch);
      }
      batch.regions.push(region);
      batch.pieces.push(piece);
      batch.bytes += region.length;
    }
    this.unsent = 0;
    return batches;
  }

  /** The socket took `batch` (`ok`: without error); finished pieces leave the queue, chunks go back to the pool. */
  done(batch: Batch, ok: boolean): void {
    for (const piece of batch.pieces) piece.inflight--;
    while (this.pieces.length > 0) {
      const head = this.pieces[0]!;
      if (head.inflight > 0 || head.sent < head.fill) return;
      if (head === this.open) {
        // Nothing else is queued: keep no chunk for an idle connection.
        if (this.pieces.length > 1) return;
        this.open = undefined;
      }
      this.pieces.shift();
      if (head.pooled && ok) POOL.release(head.bytes);
    }
  }

  clear(): void {
    this.pieces = [];
    this.open = undefined;
    this.unsent = 0;
  }
}
