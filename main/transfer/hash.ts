/** Streaming SHA-256 of files; never holds a whole file in memory. */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Read buffer for files: large reads keep syscalls and stream overhead low. */
export const FILE_CHUNK_BYTES = 256 * 1024;

/**
 * Feeds bytes [0, end) of a file (the whole file when `end` is omitted) into `hash`.
 * Resolves with the number of bytes read so a caller can check it against what it expected.
 */
export async function hashFileInto(
  hash: Hash,
  file: string,
  end?: number,
  onBytes?: (bytes: number) => void,
): Promise<number> {
  if (end === 0) return 0;
  let read = 0;
  const stream = createReadStream(file, {
    highWaterMark: FILE_CHUNK_BYTES,
    ...(end === undefined ? {} : { start: 0, end: end - 1 }),
  });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    read += chunk.length;
    onBytes?.(read);
  }
  return read;
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
