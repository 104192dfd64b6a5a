/**
 * `sarangbang serve --rooms FILE` (docs/PROTOCOL.md section 19.5): reads the JSON rooms file,
 * `{"default":"lobby","rooms":[{"name":"lobby"},{"name":"math","maxUsers":50,"password":"…"}]}`, checks its shape and
 * its rooms (names, duplicates, limits) the way the server will, and says what is wrong with it as a UsageError
 * naming the file (exit code 2, before anything listens).
 */
import { readFile } from 'node:fs/promises';
import { roomSettings, RoomSpecError, type RoomDefaults, type RoomSpec } from '../gateway/room-specs.js';
import { MAX_HISTORY } from '../rooms/room-history.js';
import { UsageError } from './usage-error.js';

export interface RoomsFile {
  rooms: RoomSpec[];
  default?: string;
}

const FIELDS = new Set(['name', 'maxUsers', 'password', 'history', 'bannedWords', 'plainText']);

/** One entry of `rooms`, checked field by field; throws a sentence saying which room and field is wrong. */
function roomSpec(value: unknown, index: number): RoomSpec {
  const where = `rooms[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${where} must be an object like {"name":"math"}`);
  const entry = value as Record<string, unknown>;
  for (const key of Object.keys(entry)) if (!FIELDS.has(key)) throw new Error(`${where} has an unknown field "${key}"`);
  if (typeof entry.name !== 'string') throw new Error(`${where} needs a "name" (a string)`);
  const spec: RoomSpec = { name: entry.name };
  const whole = (key: string, min: number, max: number): number | undefined => {
    const n = entry[key];
    if (n === undefined) return undefined;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max)
      throw new Error(`${where} (${entry.name}): "${key}" must be a whole number from ${min} to ${max}`);
    return n;
  };
  const maxUsers = whole('maxUsers', 1, 1_000_000);
  if (maxUsers !== undefined) spec.maxUsers = maxUsers;
  const history = whole('history', 0, MAX_HISTORY);
  if (history !== undefined) spec.history = history;
  if (entry.password !== undefined) {
    if (typeof entry.password !== 'string' || entry.password === '' || Buffer.byteLength(entry.password) > 256)
      throw new Error(`${where} (${entry.name}): "password" must be a non-empty string of at most 256 bytes`);
    spec.password = entry.password;
  }
  if (entry.bannedWords !== undefined) {
    if (!Array.isArray(entry.bannedWords) || entry.bannedWords.some((word) => typeof word !== 'string' || word === ''))
      throw new Error(`${where} (${entry.name}): "bannedWords" must be a list of words`);
    spec.bannedWords = entry.bannedWords as string[];
  }
  if (entry.plainText !== undefined) {
    if (entry.plainText !== 'allow' && entry.plainText !== 'refuse')
      throw new Error(`${where} (${entry.name}): "plainText" must be "allow" or "refuse"`);
    spec.plainText = entry.plainText;
  }
  return spec;
}

/** The rooms of a rooms file's text; throws Error with a sentence saying what is wrong. */
export function parseRoomsFile(text: string, defaults: RoomDefaults = {}, maxRooms?: number): RoomsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('must be a JSON object like {"rooms":[{"name":"lobby"}]}');
  const file = json as Record<string, unknown>;
  for (const key of Object.keys(file))
    if (key !== 'rooms' && key !== 'default') throw new Error(`unknown field "${key}" (only "default" and "rooms")`);
  if (!Array.isArray(file.rooms) || file.rooms.length === 0)
    throw new Error('"rooms" must be a list of at least one room, like [{"name":"lobby"}]');
  if (file.default !== undefined && typeof file.default !== 'string')
    throw new Error('"default" must be the name of one of the rooms');
  const rooms = file.rooms.map(roomSpec);
  try {
    roomSettings(defaults, rooms, file.default, maxRooms);
  } catch (error) {
    if (error instanceof RoomSpecError) throw new Error(error.message, { cause: error });
    throw error;
  }
  return file.default === undefined ? { rooms } : { rooms, default: file.default };
}

/** Reads and checks `--rooms FILE`; a missing, unreadable or bad file is a UsageError naming it. */
export async function loadRoomsFile(file: string, defaults: RoomDefaults, maxRooms?: number): Promise<RoomsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Could not read the rooms file "${file}": ${(error as Error).message}`);
  }
  try {
    return parseRoomsFile(text, defaults, maxRooms);
  } catch (error) {
    throw new UsageError(`The rooms file "${file}" is not valid: ${(error as Error).message}.`);
  }
}
