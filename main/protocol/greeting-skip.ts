/**
 * A framed client's first read may start with text it did not ask for: a room greets every connection that has sent
 * nothing for 1 s as a plain-text client (docs/PROTOCOL.md section 1), and a client whose first bytes were delayed
 * is still framed but got that greeting first. Before its first frame a client therefore drops whole lines that
 * start with `*` (0x2A), as every line of a greeting does: a frame starts with 0x00 (its length is under 16 MiB) and
 * a TLS record with 0x16, so neither is ever mistaken for one. Anything else (an HTTP server's answer...) is handed
 * on as it is, and fails as a frame.
 */

const NEWLINE = 0x0a;
/** More text than this without a line end is not a greeting: it is handed on (and fails as a frame). */
const MAX_LINE_BYTES = 4096;

const GREETING_LINE_START = 0x2a; // '*'

export class GreetingSkipper {
  private held: Buffer = Buffer.alloc(0);
  private done = false;

  /** The bytes after any greeting lines once they begin (then always the input itself); undefined while skipping. */
  push(chunk: Buffer): Buffer | undefined {
    if (this.done) return chunk;
    let bytes = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    while (bytes.length > 0 && bytes[0] === GREETING_LINE_START) {
      const end = bytes.indexOf(NEWLINE);
      if (end === -1 && bytes.length > MAX_LINE_BYTES) break;
      if (end === -1) {
        this.held = Buffer.from(bytes);
        return undefined;
      }
      bytes = bytes.subarray(end + 1);
    }
    this.held = Buffer.alloc(0);
    if (bytes.length === 0) return undefined;
    this.done = true;
    return bytes;
  }
}
