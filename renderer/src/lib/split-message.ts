/**
 * Long messages: their size in UTF-8 bytes (what a room limits) and splitting one into parts that each fit. Parts
 * end at a line break if one fits, else after a space, else between two characters as a reader sees them
 * (graphemes: never inside an emoji, a Hangul syllable's jamo or a surrogate pair). Joined, the parts are the text.
 */

/** UTF-8 length of a JavaScript string (a lone surrogate counts as the 3 bytes of its replacement). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLow(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const isLow = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Code-unit length of the longest prefix of `text` of at most `maxBytes`, ending between two code points. */
function fittingPrefix(text: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && isLow(text.charCodeAt(i + 1));
    const size = unit < 0x80 ? 1 : unit < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += pair ? 2 : 1;
  }
  return i;
}

/** The last grapheme boundary at or before `limit` (0 when the first grapheme alone is longer). */
function graphemeCut(text: string, limit: number): number {
  let cut = 0;
  // Segment a little past the limit: whether `limit` is a boundary depends on what follows it.
  for (const { index } of graphemes.segment(text.slice(0, limit + 32))) {
    if (index > limit) break;
    cut = index;
  }
  return cut;
}

const blank = (text: string): boolean => text.trim().length === 0;

/** Where the next part ends: a line break, else a space, else a grapheme, else a code point (never 0). */
function cutPoint(rest: string, fits: number): number {
  const window = rest.slice(0, fits);
  const line = window.lastIndexOf('\n') + 1;
  if (line > 0 && !blank(window.slice(0, line))) return line;
  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t')) + 1;
  if (space > 0 && !blank(window.slice(0, space))) return space;
  return graphemeCut(rest, fits) || fits;
}

/**
 * Splits `text` into parts of at most `maxBytes` UTF-8 bytes each, in order; `parts.join('')` is `text`, except that
 * blank space no part can carry (a run of blanks longer than a whole part, or blanks at the very end) is dropped.
 */
export function splitMessage(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('a part must hold at least one character');
  const parts: string[] = [];
  let rest = text;
  for (;;) {
    const fits = fittingPrefix(rest, maxBytes);
    if (fits === rest.length) break;
    const window = rest.slice(0, fits);
    if (blank(window)) {
      rest = rest.slice(fits);
      continue;
    }
    const cut = cutPoint(rest, fits);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (!blank(rest)) parts.push(rest);
  else if (rest && parts.length > 0 && utf8Length(parts.at(-1)! + rest) <= maxBytes) parts[parts.length - 1] += rest;
  return parts;
}
