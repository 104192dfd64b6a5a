/**
 * Reusable output chunks for the connections' queues (16 KiB each). A busy queue copies its messages into chunks
 * from here and gives each back once the socket has taken all of it, so a busy room writes through the same few
 * megabytes instead of leaving a trail of buffers for the collector. At most `maxFree` chunks are kept for reuse.
 */

export class ChunkPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly chunkBytes: number,
    private readonly maxFree: number,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
  }

  /** Gives back a chunk that nothing reads any more. */
  release(chunk: Buffer): void {
    if (chunk.length === this.chunkBytes && this.free.length < this.maxFree) this.free.push(chunk);
  }
}
