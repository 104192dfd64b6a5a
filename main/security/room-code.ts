/**
 * Room codes (and people's "key codes"): the first 100 bits of an identity fingerprint in Crockford base32, 20
 * characters grouped by 4 (`K7QX-2M9D-4HBT-Z0PA-8E3C`), short enough to read aloud and compare. Bits are taken
 * most significant first from the fingerprint bytes. Parsing forgives case, spaces, dashes and the look-alikes
 * O→0, I→1, L→1.
 */

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ROOM_CODE_CHARS = 20;

/** The code of a fingerprint given as hex (SHA-256 of the SPKI, 64 hex digits). */
export function roomCode(fingerprintHex: string): string {
  return groupCode(codeCharacters(fingerprintHex));
}

/** Canonical 20 characters (no dashes) of a code typed by a person, or `undefined` if it is not a code. */
export function parseRoomCode(text: string): string | undefined {
  const cleaned = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== ROOM_CODE_CHARS) return undefined;
  for (const char of cleaned) if (!CROCKFORD_ALPHABET.includes(char)) return undefined;
  return cleaned;
}

/** True when the typed `code` is the code of `fingerprintHex`. */
export function codeMatches(code: string, fingerprintHex: string): boolean {
  const parsed = parseRoomCode(code);
  return parsed !== undefined && parsed === codeCharacters(fingerprintHex);
}

/** `XXXX-XXXX-XXXX-XXXX-XXXX` from 20 canonical characters. */
export function groupCode(chars: string): string {
  return chars.match(/.{1,4}/g)?.join('-') ?? '';
}

function codeCharacters(fingerprintHex: string): string {
  if (!/^[0-9a-fA-F]{26,}$/.test(fingerprintHex) || fingerprintHex.length % 2 !== 0) {
    throw new TypeError('a fingerprint is an even number of hex digits (at least 13 bytes)');
  }
  const bytes = Buffer.from(fingerprintHex, 'hex');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < ROOM_CODE_CHARS) {
      out += CROCKFORD_ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === ROOM_CODE_CHARS) break;
  }
  return out;
}
