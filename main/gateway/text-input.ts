/**
 * A plain-text connection's input, from bytes to lines, in one of two modes the first bytes decide
 * (docs/PROTOCOL.md section 14.6):
 * - block mode: a NUL among the first 128 bytes (the course's C clients send 128-byte NUL-padded blocks). Every
 *   128 bytes are one block; its text up to the first NUL counts, split at LFs.
 * - line mode: 128 bytes without a NUL, or a read that ends with LF before any NUL (nc, telnet, Python clients),
 *   or a pause of `pauseMs` before either. Lines end with LF (text-lines.ts).
 * In both modes, input that stops without a line end (or short of a whole block) for `pauseMs` counts as if it
 * ended there: clients that never send a newline are heard.
 */
import { BLOCK_BYTES, blockText } from './text-blocks.js';
import { LineSplitter } from './text-lines.js';

export type InputMode = 'undecided' | 'line' | 'block';

/** How long input may stop without a line end before what came is a message. */
export const INPUT_PAUSE_MS = 200;

const NEWLINE = 0x0a;
const CR = 0x0d;

export type LinesListener = (lines: Buffer[], tooLong: boolean) => void;

export class TextInput {
  private modeNow: InputMode = 'undecided';
  private readonly splitter: LineSplitter;
  /** Undecided: everything so far. Block mode: the start of an unfinished block. */
  private held: Buffer = Buffer.alloc(0);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    maxLineBytes: number,
    private readonly emit: LinesListener,
    private readonly pauseMs: number = INPUT_PAUSE_MS,
  ) {
    this.splitter = new LineSplitter(maxLineBytes);
  }

  get mode(): InputMode {
    return this.modeNow;
  }

  push(chunk: Buffer): void {
    clearTimeout(this.timer);
    if (this.modeNow === 'undecided') {
      this.held = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
      const decided = this.decide(this.held);
      if (!decided) return this.later();
      const bytes = this.held;
      this.held = Buffer.alloc(0);
      this.modeNow = decided;
      return this.take(bytes);
    }
    this.take(chunk);
  }

  /** Stops the pause timer (the connection is gone). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private decide(bytes: Buffer): InputMode | undefined {
    const first = bytes.subarray(0, BLOCK_BYTES);
    if (first.includes(0)) return 'block';
    if (first.length >= BLOCK_BYTES || bytes[bytes.length - 1] === NEWLINE) return 'line';
    return undefined;
  }

  private take(bytes: Buffer): void {
    if (this.modeNow === 'block') return this.blocks(bytes);
    const { lines, tooLong } = this.splitter.push(bytes);
    this.emit(lines, tooLong);
    if (!tooLong && this.splitter.pending) this.later();
  }

  private blocks(bytes: Buffer): void {
    const all = this.held.length === 0 ? bytes : Buffer.concat([this.held, bytes]);
    const lines: Buffer[] = [];
    let start = 0;
    for (; start + BLOCK_BYTES <= all.length; start += BLOCK_BYTES)
      lines.push(...splitLines(blockText(all.subarray(start, start + BLOCK_BYTES))));
    this.held = Buffer.from(all.subarray(start));
    if (lines.length > 0) this.emit(lines, false);
    if (this.held.length > 0) this.later();
  }

  private later(): void {
    this.timer = setTimeout(() => this.paused(), this.pauseMs);
    this.timer.unref();
  }

  /** Input stopped short of a line end or a whole block: what came is complete. */
  private paused(): void {
    if (this.modeNow === 'undecided') {
      this.modeNow = 'line';
      const bytes = this.held;
      this.held = Buffer.alloc(0);
      const { lines, tooLong } = this.splitter.push(bytes);
      return this.emit([...lines, ...this.splitter.flush()], tooLong);
    }
    if (this.modeNow === 'block') {
      const rest = this.held;
      this.held = Buffer.alloc(0);
      return this.emit(splitLines(blockText(rest)), false);
    }
    this.emit(this.splitter.flush(), false);
  }
}

/** A block's text as lines: split at LF, a CR before the LF removed. */
function splitLines(text: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf(NEWLINE, start);
    if (end === -1) end = text.length;
    const stop = end > start && text[end - 1] === CR ? end - 1 : end;
    if (stop > start) lines.push(Buffer.from(text.subarray(start, stop)));
    start = end + 1;
  }
  return lines;
}
