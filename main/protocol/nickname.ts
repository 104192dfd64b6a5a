import { MAX_NICK_CHARS, MIN_NICK_CHARS } from './limits.js';

export type NickCheck = { ok: true; nick: string } | { ok: false; reason: string };

// Control and format characters (bidi overrides, zero-width joiners...) and any white space are refused: they
// make names that look like others or break `/to <nick> text`.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Z}\s\p{Cs}\p{Co}\p{Cn}]/u;

/** Validates and normalises (NFC) a nickname. */
export function checkNickname(raw: unknown): NickCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'A nickname must be text.' };
  const nick = raw.normalize('NFC');
  const length = [...nick].length;
  if (length < MIN_NICK_CHARS) return { ok: false, reason: 'A nickname cannot be empty.' };
  if (length > MAX_NICK_CHARS) return { ok: false, reason: `A nickname is at most ${MAX_NICK_CHARS} characters.` };
  if (FORBIDDEN.test(nick)) return { ok: false, reason: 'A nickname cannot contain spaces or control characters.' };
  if (nick.startsWith('/')) return { ok: false, reason: 'A nickname cannot start with "/".' };
  return { ok: true, nick };
}

/** The key under which nicknames are unique: case-insensitive after NFC. */
export function nickKey(nick: string): string {
  return nick.normalize('NFC').toLowerCase();
}
