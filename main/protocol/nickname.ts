/**
 * Nickname rules: what a valid nickname is (no invisible, blank-looking or control characters, no leading combining
 * mark) and when two nicknames are the same name (the UTS #39 confusable skeleton, case-insensitively), so nobody
 * can pose as a present member with a name that only looks like theirs. docs/PROTOCOL.md section 4 states the rules.
 */
import { skeleton } from './confusables.js';
import { MAX_NICK_CHARS, MIN_NICK_CHARS } from './limits.js';

export type NickCheck = { ok: true; nick: string } | { ok: false; reason: string };

// Default-ignorable code points draw nothing: zero-width characters, soft hyphen, variation selectors, the combining
// grapheme joiner, Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), Mongolian selectors, tags...
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

// Symbols that print as an empty cell although they are not white space or default-ignorable: braille blank, the
// object replacement character, the musical null notehead, the Khitan filler.
const BLANK = /\u2800|\uFFFC|\u{1D159}|\u{16FE4}/u;

// Control and format characters (bidi overrides...) and any white space are refused: they make names that look like
// others or break `/to <nick> text`.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Z}\s\p{Cs}\p{Co}\p{Cn}]/u;

// A combining mark first would sit on whatever precedes the name on screen (a bracket, the previous word).
const LEADING_MARK = /^\p{M}/u;

/** Validates and normalises (NFC) a nickname. */
export function checkNickname(raw: unknown): NickCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'A nickname must be text.' };
  const nick = raw.normalize('NFC');
  const length = [...nick].length;
  if (length < MIN_NICK_CHARS) return { ok: false, reason: 'A nickname cannot be empty.' };
  if (length > MAX_NICK_CHARS) return { ok: false, reason: `A nickname is at most ${MAX_NICK_CHARS} characters.` };
  if (INVISIBLE.test(nick)) {
    return {
      ok: false,
      reason:
        'A nickname cannot contain invisible characters (zero-width characters, variation selectors, Hangul fillers…).',
    };
  }
  if (FORBIDDEN.test(nick)) return { ok: false, reason: 'A nickname cannot contain spaces or control characters.' };
  if (BLANK.test(nick)) return { ok: false, reason: 'A nickname cannot contain blank-looking characters.' };
  if (LEADING_MARK.test(nick)) return { ok: false, reason: 'A nickname cannot start with a combining mark.' };
  if (nick.startsWith('/')) return { ok: false, reason: 'A nickname cannot start with "/".' };
  return { ok: true, nick };
}

/**
 * The key under which nicknames are unique and looked up: the confusable skeleton of the NFKC, lower-cased name,
 * lower-cased again (`Alice`, `аlice` with a Cyrillic а, `ａｌｉｃｅ` and `ALICE` share one key; so do `rn` and `m`).
 */
export function nickKey(nick: string): string {
  return skeleton(nick.normalize('NFKC').toLowerCase()).toLowerCase();
}

/**
 * The skeleton of the name as written (case kept), a second uniqueness key for look-alikes that lower-casing hides:
 * `aIice` with a capital I looks like `alice` although its lower case, `aiice`, does not.
 */
export function nickShape(nick: string): string {
  return skeleton(nick.normalize('NFKC'));
}
