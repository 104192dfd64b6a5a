/**
 * Splits a plain-text client's bytes into lines (raw bytes; text-encoding.ts decodes them). A trailing CR is
 * removed.
 * NUL bytes are not text: the course's C clients pad every send to 128 bytes with NULs, and some of their sends
 * (`/login atom`) carry no newline, so a run of NULs ends the current line; it yields no line of its own (the
 * caller ignores blank lines). Holds at most `maxBytes` of an unfinished line: more than that and the stream is
 * refused as `tooLong`. `flush()` ends the unfinished line (a client that paused without a newline, text-input.ts).
 */

export interface LineResult {
  lines: Buffer[];
  tooLong: boolean;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Turns each run of NULs into one newline. */
function nulsToNewlines(chunk: Buffer): Buffer {
  if (!chunk.includes(0)) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let length = 0;
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i]!;
    if (byte !== 0) out[length++] = byte;
    else if (i === 0 || chunk[i - 1] !== 0) out[length++] = NEWLINE;
  }
  return out.subarray(0, length);
}

export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private broken = false;

  constructor(private readonly maxBytes: number) {}

  push(raw: Buffer): LineResult {
    if (this.broken) return { lines: [], tooLong: true };
    const chunk = nulsToNewlines(raw);
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      if (this.partialBytes + piece.length > this.maxBytes) return this.refuse(lines);
      const line = this.partialBytes === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      this.partialBytes = 0;
      const stop = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
      lines.push(Buffer.from(line.subarray(0, stop)));
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

  /** Whether an unfinished line is held. */
  get pending(): boolean {
    return this.partialBytes > 0;
  }

  /** The unfinished line as a line of its own ([] when there is none). */
  flush(): Buffer[] {
    if (this.broken || this.partialBytes === 0) return [];
    const line = Buffer.concat(this.partial);
    this.partial = [];
    this.partialBytes = 0;
    const stop = line[line.length - 1] === CR ? line.length - 1 : line.length;
    return [line.subarray(0, stop)];
  }

  private refuse(lines: Buffer[]): LineResult {
    this.broken = true;
    this.partial = [];
    this.partialBytes = 0;
    return { lines, tooLong: true };
  }
}
