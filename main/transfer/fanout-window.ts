/**
 * The bytes of one group upload that the host keeps for receivers behind the fastest: the sender's reads are
 * copied into fixed 1 MiB slabs that are reused once every receiver's socket has flushed them. Socket reads then
 * die young (the garbage collector frees them at once) instead of living in the window until the slowest receiver
 * had them, and the memory held is the slabs alone, allocated once per file: at most the window plus what the
 * receivers' sockets still have queued.
 */

/** Bytes per slab. Slab k holds the upload's bytes [k × SLAB_BYTES, (k + 1) × SLAB_BYTES). */
export const SLAB_BYTES = 1024 * 1024;

export class FanoutWindow {
  /** Bytes appended so far (the upload's position). */
  head = 0;
  /** Bytes of slabs allocated (in use and spare); and the most ever. */
  allocatedBytes = 0;
  peakAllocatedBytes = 0;
  /** Slabs in use, in order; `first` is the slab number of `slabs[0]`. */
  private slabs: Buffer[] = [];
  private first = 0;
  private spare: Buffer[] = [];

  constructor(private readonly slabBytes = SLAB_BYTES) {}

  /** Copies `chunk` in after the bytes already there. */
  append(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length) {
      const at = this.head % this.slabBytes;
      if (at === 0) this.slabs.push(this.takeSlab());
      if (this.slabs.length === 1 && at === 0) this.first = Math.floor(this.head / this.slabBytes);
      const slab = this.slabs[this.slabs.length - 1]!;
      const n = chunk.copy(slab, at, from);
      from += n;
      this.head += n;
    }
  }

  /** Up to `max` bytes from `pos` on (not past its slab or the head): a view, valid until `release` passes it. */
  view(pos: number, max: number): Buffer {
    const k = Math.floor(pos / this.slabBytes);
    const slab = this.slabs[k - this.first];
    if (!slab || pos >= this.head) throw new RangeError(`no bytes held at ${pos}`);
    const start = k * this.slabBytes;
    return slab.subarray(pos - start, Math.min(this.head, start + this.slabBytes, pos + max) - start);
  }

  /** Nobody needs the bytes before `low` any more (every socket flushed them): their slabs become spare. */
  release(low: number): void {
    while (this.slabs.length > 0 && (this.first + 1) * this.slabBytes <= low) {
      this.spare.push(this.slabs.shift()!);
      this.first++;
    }
  }

  /** Drops every slab (the file ended). */
  clear(): void {
    this.slabs = [];
    this.spare = [];
    this.allocatedBytes = 0;
  }

  private takeSlab(): Buffer {
    const reused = this.spare.pop();
    if (reused) return reused;
    this.allocatedBytes += this.slabBytes;
    this.peakAllocatedBytes = Math.max(this.peakAllocatedBytes, this.allocatedBytes);
    return Buffer.allocUnsafeSlow(this.slabBytes);
  }
}
