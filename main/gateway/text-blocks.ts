/**
 * The course's 128-byte blocks (seed 000's C clients: `send(s, buf, 128, 0)` and `recv(s, buf, 128, 0)` +
 * `printf("%s", buf)`). In: a block's text is its bytes up to the first NUL (the rest is what an uncleared buffer
 * held before). Out: a line plus its LF is cut into pieces of at most 127 bytes at character boundaries, each padded
 * with NULs to a block, so that every block the client reads is a C string that continues the screen line.
 * docs/PROTOCOL.md section 14.6.
 */
import type { TextEncoding } from './text-encoding.js';

export const BLOCK_BYTES = 128;
const NEWLINE = 0x0a;

/** The text of one block: its bytes before the first NUL (all of them when there is none). */
export function blockText(block: Buffer): Buffer {
  const nul = block.indexOf(0);
  return nul === -1 ? block : block.subarray(0, nul);
}

/** Whether a piece may end right before `index`: not inside a UTF-8 sequence or an EUC-KR pair. */
function boundaryBefore(bytes: Buffer, start: number, index: number, encoding: TextEncoding): boolean {
  if (index >= bytes.length) return true;
  if (encoding === 'utf-8') return (bytes[index]! & 0xc0) !== 0x80;
  // EUC-KR: bytes >= 0x80 come in pairs; count them from the piece's start (always a boundary).
  let at = start;
  while (at < index) at += bytes[at]! >= 0x80 ? 2 : 1;
  return at === index;
}

/** One line (without its LF, already encoded) as NUL-terminated blocks. */
export function lineBlocks(line: Buffer, encoding: TextEncoding): Buffer[] {
  const bytes = Buffer.concat([line, Buffer.from([NEWLINE])]);
  const blocks: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + BLOCK_BYTES - 1);
    while (end > start + 1 && !boundaryBefore(bytes, start, end, encoding)) end--;
    const block = Buffer.alloc(BLOCK_BYTES);
    bytes.copy(block, 0, start, end);
    blocks.push(block);
    start = end;
  }
  return blocks;
}
