/**
 * The rooms a server is started with (docs/PROTOCOL.md section 19.5): `RoomSpec` as the operator gives it (a rooms
 * file, `RoomServerOptions.rooms`), checked and turned into each room's full settings with the server's defaults
 * filled in. A bad list throws `RoomSpecError` with a sentence naming the problem, before anything listens.
 */
import { DEFAULT_MAX_USERS } from '../protocol/limits.js';
import { DEFAULT_HISTORY, RoomHistory } from '../rooms/room-history.js';
import { checkRoomName, roomKey } from '../rooms/room-name.js';
import { defaultPlainText } from './access-policy.js';
import type { PlainTextPolicy } from './context.js';
import type { RoomSettings } from './room-directory.js';

/** One room of a many-room server; unset fields take the server's options (`maxUsers`, `password`, …). */
export interface RoomSpec {
  name: string;
  maxUsers?: number;
  password?: string;
  /** Chat messages the room keeps (0: off). */
  history?: number;
  bannedWords?: readonly string[];
  plainText?: PlainTextPolicy;
}

/** The server-wide settings a room spec falls back on. */
export interface RoomDefaults {
  roomName?: string | undefined;
  maxUsers?: number | undefined;
  password?: string | undefined;
  history?: number | undefined;
  bannedWords?: readonly string[] | undefined;
  plainText?: PlainTextPolicy | undefined;
}

export class RoomSpecError extends Error {
  override name = 'RoomSpecError';
}

export const DEFAULT_MAX_ROOMS = 1000;

/**
 * Every room's settings, the default room first. Without `specs` the one default room is named `roomName`; with
 * them the default is `defaultRoom` (one of them, by key) or the first.
 */
export function roomSettings(
  defaults: RoomDefaults,
  specs: readonly RoomSpec[] | undefined,
  defaultRoom?: string,
  maxRooms = DEFAULT_MAX_ROOMS,
): RoomSettings[] {
  const settle = (spec: RoomSpec): RoomSettings => {
    const password = spec.password ?? defaults.password;
    const history = spec.history ?? defaults.history ?? DEFAULT_HISTORY;
    const maxUsers = spec.maxUsers ?? defaults.maxUsers ?? DEFAULT_MAX_USERS;
    if (!Number.isSafeInteger(maxUsers) || maxUsers < 1)
      throw new RoomSpecError(`room ${spec.name}: "maxUsers" must be a positive integer`);
    try {
      new RoomHistory(history);
    } catch (error) {
      throw new RoomSpecError(`room ${spec.name}: "history": ${(error as Error).message}`);
    }
    return {
      name: spec.name,
      maxUsers,
      password,
      history,
      bannedWords: spec.bannedWords ?? defaults.bannedWords,
      plainText: spec.plainText ?? defaults.plainText ?? defaultPlainText(password !== undefined),
    };
  };
  if (!Number.isSafeInteger(maxRooms) || maxRooms < 1)
    throw new RoomSpecError('the maximum number of rooms must be a positive integer');
  if (specs === undefined || specs.length === 0) {
    if (defaultRoom !== undefined) throw new RoomSpecError('a default room needs a list of rooms');
    return [settle({ name: defaults.roomName ?? 'Sarangbang' })];
  }
  if (specs.length > maxRooms) throw new RoomSpecError(`${specs.length} rooms are more than the maximum ${maxRooms}`);
  const seen = new Map<string, string>();
  const rooms = specs.map((spec) => {
    const check = checkRoomName(spec.name);
    if (!check.ok) throw new RoomSpecError(`room name ${JSON.stringify(spec.name)}: ${check.reason}`);
    const key = roomKey(check.name);
    const twin = seen.get(key);
    if (twin !== undefined) throw new RoomSpecError(`the rooms ${twin} and ${check.name} are the same room`);
    seen.set(key, check.name);
    return settle({ ...spec, name: check.name });
  });
  if (defaultRoom === undefined) return rooms;
  const index = rooms.findIndex((room) => roomKey(room.name) === roomKey(defaultRoom));
  if (index < 0) throw new RoomSpecError(`the default room ${defaultRoom} is not among the rooms`);
  return [rooms[index]!, ...rooms.filter((_, i) => i !== index)];
}

/** The settings of a room created on first join: the server's limits, no password (section 19.2). */
export function newRoomSettings(defaults: RoomDefaults): (name: string) => RoomSettings {
  return (name) => ({
    name,
    maxUsers: defaults.maxUsers ?? DEFAULT_MAX_USERS,
    history: defaults.history ?? DEFAULT_HISTORY,
    bannedWords: defaults.bannedWords,
    plainText: defaults.plainText ?? 'allow',
  });
}
