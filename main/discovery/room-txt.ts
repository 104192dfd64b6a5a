/**
 * The TXT record of an announced room (docs/PROTOCOL.md section 18.3): `txtvers=1`, `proto`, `name`, `people`, `max`,
 * `pw`, `plain`, `fp`, and for a many-room server `rooms` and `newrooms` (section 19.6). Encoding is what the announcer publishes; decoding is strict (any missing or malformed
 * required key, or a record that is too large, gives null: not a room we can list) and ignores unknown keys.
 */
import type { AnnouncedRoom } from './types.js';

/** Most bytes of the room name in the TXT record (one TXT string is at most 255 bytes, `name=` included). */
export const TXT_NAME_MAX_BYTES = 200;
/** Most bytes of a whole TXT record we accept (RFC 6763 section 6.2 suggests staying under 1300). */
export const TXT_MAX_BYTES = 1300;
/** Most key=value strings a record may hold. */
export const TXT_MAX_ENTRIES = 32;
/** The largest count (`people`, `max`) we accept. */
export const TXT_MAX_COUNT = 1_000_000;
export const TXT_VERSION = '1';

const FINGERPRINT = /^[0-9a-f]{64}$/;
const COUNT = /^(0|[1-9][0-9]{0,6})$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/** A room name as announced: control and format characters removed, at most TXT_NAME_MAX_BYTES. */
export function announcedName(name: string): string {
  const cleaned = name.replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return truncateUtf8(cleaned === '' ? 'Sarangbang' : cleaned, TXT_NAME_MAX_BYTES).trim() || 'Sarangbang';
}

/** The TXT key/values of a room, in the documented order. */
export function encodeRoomTxt(room: AnnouncedRoom): Record<string, string> {
  if (!FINGERPRINT.test(room.fingerprint)) throw new TypeError('a fingerprint is 64 lower-case hex digits');
  const count = (value: number, what: string): string => {
    if (!Number.isSafeInteger(value) || value < 0 || value > TXT_MAX_COUNT)
      throw new TypeError(`${what} must be a whole number from 0 to ${TXT_MAX_COUNT}`);
    return String(value);
  };
  return {
    txtvers: TXT_VERSION,
    proto: count(room.protocol, 'protocol'),
    name: announcedName(room.name),
    people: count(room.people, 'people'),
    max: count(room.maxUsers, 'maxUsers'),
    pw: room.passwordRequired ? '1' : '0',
    plain: room.plainAllowed ? '1' : '0',
    fp: room.fingerprint,
    ...(room.rooms ? { rooms: count(room.rooms.count, 'rooms'), newrooms: room.rooms.allowNew ? '1' : '0' } : {}),
  };
}

/** The TXT strings (`key=value` bytes) of a record, as sent on the wire. */
export function txtStrings(txt: Record<string, string>): Buffer[] {
  return Object.entries(txt).map(([key, value]) => Buffer.from(`${key}=${value}`, 'utf8'));
}

/**
 * Key/values from raw TXT strings (RFC 6763 section 6): the key is everything before the first `=` (compared
 * case-insensitively, so lower-cased here); the first occurrence of a key wins; strings without `=` or with an empty
 * key are skipped. Null when the record is too large or has too many strings.
 */
export function txtFromStrings(strings: readonly Buffer[]): Record<string, Buffer> | null {
  if (strings.length > TXT_MAX_ENTRIES) return null;
  let total = 0;
  const out: Record<string, Buffer> = {};
  for (const entry of strings) {
    total += entry.length + 1;
    if (entry.length > 255 || total > TXT_MAX_BYTES) return null;
    const eq = entry.indexOf(0x3d);
    if (eq <= 0) continue;
    const key = entry.subarray(0, eq).toString('latin1').toLowerCase();
    if (!Object.hasOwn(out, key)) out[key] = entry.subarray(eq + 1);
  }
  return out;
}

/** A room from its TXT key/values, or null when it is not a room record we can trust the shape of. */
export function decodeRoomTxt(txt: Record<string, string | Buffer>): AnnouncedRoom | null {
  if (typeof txt !== 'object' || txt === null) return null;
  const values = new Map<string, string>();
  let total = 0;
  let entries = 0;
  for (const [rawKey, rawValue] of Object.entries(txt)) {
    const key = rawKey.toLowerCase();
    if (values.has(key)) continue;
    let value: string;
    if (typeof rawValue === 'string') value = rawValue;
    else if (Buffer.isBuffer(rawValue)) {
      try {
        value = utf8.decode(rawValue);
      } catch {
        if (key === 'name') return null;
        continue;
      }
    } else return null;
    total += Buffer.byteLength(key) + 1 + Buffer.byteLength(value) + 1;
    entries += 1;
    if (entries > TXT_MAX_ENTRIES || total > TXT_MAX_BYTES) return null;
    values.set(key, value);
  }
  if (values.get('txtvers') !== TXT_VERSION) return null;
  const count = (key: string, min: number): number | null => {
    const text = values.get(key);
    if (text === undefined || !COUNT.test(text)) return null;
    const n = Number(text);
    return n >= min && n <= TXT_MAX_COUNT ? n : null;
  };
  const flag = (key: string): boolean | null => {
    const text = values.get(key);
    return text === '1' ? true : text === '0' ? false : null;
  };
  const protocol = count('proto', 1);
  const people = count('people', 0);
  const maxUsers = count('max', 1);
  const passwordRequired = flag('pw');
  const plainAllowed = flag('plain');
  const fingerprint = values.get('fp');
  const name = values.get('name');
  if (protocol === null || people === null || maxUsers === null) return null;
  if (passwordRequired === null || plainAllowed === null) return null;
  if (fingerprint === undefined || !FINGERPRINT.test(fingerprint)) return null;
  if (name === undefined || name === '' || Buffer.byteLength(name) > TXT_NAME_MAX_BYTES) return null;
  if (/[\p{Cc}\p{Cf}]/u.test(name) || name.trim() !== name) return null;
  const room: AnnouncedRoom = { name, protocol, people, maxUsers, passwordRequired, plainAllowed, fingerprint };
  // A many-room server (section 19.6): both keys or neither; malformed ones are ignored like unknown keys.
  const rooms = count('rooms', 0);
  const allowNew = flag('newrooms');
  if (rooms !== null && allowNew !== null) room.rooms = { count: rooms, allowNew };
  return room;
}
