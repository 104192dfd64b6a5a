/**
 * The chat text the load generator sends: `<sender>.<seq>.<sentUs>.<filler>`, where the filler is a slice of a
 * fixed alphabet pattern whose offset depends on sender and sequence. A receiver can therefore check every
 * character of a delivered text in place, without allocating: who sent it, which message it was, when, and that
 * nothing was changed, cut or appended.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const MAX_FILLER = 4000;
const PATTERN = ALPHABET.repeat(Math.ceil(MAX_FILLER / ALPHABET.length) + 2);
const DOT = 0x2e;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const SPACE = 0x20;
const COLON = 0x3a;

function fillerOffset(sender: number, seq: number): number {
  return (sender * 7 + seq) % ALPHABET.length;
}

/** The fillers of one length, one per offset, built once so that checks compare against existing strings. */
export class TextFormat {
  private readonly fillers: string[];

  constructor(readonly fillerLength: number) {
    if (fillerLength > MAX_FILLER) throw new Error(`filler longer than ${MAX_FILLER}`);
    this.fillers = Array.from({ length: ALPHABET.length }, (_, offset) => PATTERN.slice(offset, offset + fillerLength));
  }

  filler(sender: number, seq: number): string {
    return this.fillers[fillerOffset(sender, seq)]!;
  }

  make(sender: number, seq: number, sentUs: number): string {
    return `${sender}.${seq}.${sentUs}.${this.fillers[fillerOffset(sender, seq)]!}`;
  }

  /**
   * Parses and verifies the JSON string value starting at raw[start] (just after its opening quote) up to its
   * closing quote. Returns false unless it is exactly what make() produces for the numbers it carries; on success
   * the numbers are in `parsed`.
   */
  check(raw: string, start: number, end: number): boolean {
    let i = start;
    for (let field = 0; field < 3; field++) {
      let value = 0;
      const digitsStart = i;
      while (i < end) {
        const code = raw.charCodeAt(i);
        if (code === DOT) break;
        if (code < 0x30 || code > 0x39) return false;
        value = value * 10 + (code - 0x30);
        i++;
      }
      if (i === digitsStart || i >= end) return false;
      if (field === 0) parsed.sender = value;
      else if (field === 1) parsed.seq = value;
      else parsed.sentUs = value;
      i++; // the dot
    }
    const filler = this.fillers[fillerOffset(parsed.sender, parsed.seq)]!;
    return i + filler.length < end && startsAt(raw, filler, i) && raw.charCodeAt(i + filler.length) === QUOTE;
  }
}

/**
 * Fast path for a text that is the last member of its frame (`..."text":"<text>"}` ending at `end`): parses it
 * backwards from the end, so no search is needed. Returns the index of the text's first character, or -1 when the
 * frame does not end that way or the text is not exactly what make() produces (the caller then tries the slow way).
 */
export function checkTail(format: TextFormat, raw: string, start: number, end: number): number {
  const closing = end - 2;
  if (raw.charCodeAt(closing) !== QUOTE || raw.charCodeAt(end - 1) !== CLOSE_BRACE) return -1;
  const fillerStart = closing - format.fillerLength;
  let i = fillerStart - 1;
  if (i <= start || raw.charCodeAt(i) !== DOT) return -1;
  i--;
  for (let field = 2; field >= 0; field--) {
    let value = 0;
    let scale = 1;
    const digitsEnd = i;
    for (; i > start; i--) {
      const digit = raw.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) break;
      value += digit * scale;
      scale *= 10;
    }
    if (i === digitsEnd) return -1;
    if (field === 2) parsed.sentUs = value;
    else if (field === 1) parsed.seq = value;
    else parsed.sender = value;
    if (raw.charCodeAt(i) !== (field === 0 ? QUOTE : DOT)) return -1;
    i--;
  }
  if (!startsAt(raw, format.filler(parsed.sender, parsed.seq), fillerStart)) return -1;
  return i + 2;
}

/**
 * Whether `search` occurs in `raw` at `at`. Every per-delivery comparison of the load generator goes through here, for
 * all protocols alike: V8's `startsWith` with a position costs ~100 ns per call on the 64 KiB strings a socket read
 * becomes (a 39-character match, Node 24), a bounded slice compared with `===` about half that (bench/fanout's
 * generator: 370 → ~180 ns per framed delivery checked).
 */
export function startsAt(raw: string, search: string, at: number): boolean {
  return raw.slice(at, at + search.length) === search;
}

/** Fields of the last text checked (module-level to avoid allocating a result per message). */
export const parsed = { sender: -1, seq: -1, sentUs: -1 };

/**
 * Like checkTail, for a text that ends its line (raw[end] is the line ending): returns the index of the text's
 * first character (after a space or colon), or -1 when the line does not end in exactly what make() produces.
 */
export function checkLineTail(format: TextFormat, raw: string, start: number, end: number): number {
  const fillerStart = end - format.fillerLength;
  let i = fillerStart - 1;
  if (i <= start || raw.charCodeAt(i) !== DOT) return -1;
  i--;
  for (let field = 2; field >= 0; field--) {
    let value = 0;
    let scale = 1;
    const digitsEnd = i;
    for (; i > start; i--) {
      const digit = raw.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) break;
      value += digit * scale;
      scale *= 10;
    }
    if (i === digitsEnd) return -1;
    if (field === 2) parsed.sentUs = value;
    else if (field === 1) parsed.seq = value;
    else parsed.sender = value;
    const before = raw.charCodeAt(i);
    if (field === 0 ? before !== SPACE && before !== COLON : before !== DOT) return -1;
    i--;
  }
  if (!startsAt(raw, format.filler(parsed.sender, parsed.seq), fillerStart)) return -1;
  return i + 2;
}
