/**
 * Splits a plain-text client's bytes into lines. NUL bytes are dropped (the course's C clients pad every send to
 * 128 bytes with NULs), a trailing CR is removed, invalid UTF-8 becomes U+FFFD. Holds at most `maxBytes` of an
 * unfinished line: more than that and the stream is refused as `tooLong`.
 */

export interface LineResult {
  lines: string[];
  tooLong: boolean;
}

const NEWLINE = 0x0a;

function stripNuls(chunk: Buffer): Buffer {
  if (!chunk.includes(0)) return chunk;
  return Buffer.from(chunk.filter((byte) => byte !== 0));
}

export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private broken = false;

  constructor(private readonly maxBytes: number) {}

  push(raw: Buffer): LineResult {
    if (this.broken) return { lines: [], tooLong: true };
    const chunk = stripNuls(raw);
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      if (this.partialBytes + piece.length > this.maxBytes) return this.refuse(lines);
      const line = this.partialBytes === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      this.partialBytes = 0;
      lines.push(line.toString('utf8').replace(/\r$/, ''));
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      if (this.partialBytes + rest.length > this.maxBytes) return this.refuse(lines);
      this.partial.push(Buffer.from(rest));
      this.partialBytes += rest.length;
    }
    return { lines, tooLong: false };
  }

  private refuse(lines: string[]): LineResult {
    this.broken = true;
    this.partial = [];
    this.partialBytes = 0;
    return { lines, tooLong: true };
  }
}
