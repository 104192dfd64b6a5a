/** Streaming SHA-256 of files; never holds a whole file in memory. */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Read buffer for files: large reads keep syscalls and stream overhead low. */
export const FILE_CHUNK_BYTES = 256 * 1024;

/** One read of a file being hashed; two buffers this size take turns (small enough to stay in a core's L2 cache). */
export const HASH_READ_BYTES = 256 * 1024;

/**
 * Feeds bytes [0, end) of a file (the whole file when `end` is omitted) into `hash`.
 * Resolves with the number of bytes read so a caller can check it against what it expected.
 *
 * Reads into two buffers of its own, taking turns (the next read runs on the thread pool while the current one is
 * hashed), not a stream's fresh buffer per read: a GiB of fresh buffers is a GiB of V8 external memory, and V8 runs a
 * full mark-compact of the heap about every 64 MiB of it (docs/PERFORMANCE.md "The receiver's CPU per GiB").
 */
export async function hashFileInto(
  hash: Hash,
  file: string,
  end?: number,
  onBytes?: (bytes: number) => void,
): Promise<number> {
  if (end === 0) return 0;
  const handle = await open(file, 'r');
  try {
    const buffers = [Buffer.allocUnsafeSlow(HASH_READ_BYTES), Buffer.allocUnsafeSlow(HASH_READ_BYTES)];
    const readAt = (turn: number, at: number): Promise<number> | undefined => {
      const want = end === undefined ? HASH_READ_BYTES : Math.min(HASH_READ_BYTES, end - at);
      return want > 0 ? handle.read(buffers[turn % 2]!, 0, want, at).then((r) => r.bytesRead) : undefined;
    };
    let read = 0;
    let turn = 0;
    let next = readAt(turn, 0);
    while (next) {
      const bytes = await next;
      if (bytes === 0) break;
      const current = buffers[turn % 2]!;
      turn += 1;
      next = readAt(turn, read + bytes); // the other buffer: free, its bytes were hashed last turn
      hash.update(current.subarray(0, bytes));
      read += bytes;
      onBytes?.(read);
    }
    return read;
  } finally {
    await handle.close();
  }
}

/** Lower-case hex SHA-256 of a whole file. */
export async function sha256File(file: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  await hashFileInto(hash, file, undefined, onBytes);
  return hash.digest('hex');
}

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
