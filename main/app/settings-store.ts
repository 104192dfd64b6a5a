/**
 * The user's settings, kept as one JSON file. Loading is forgiving (a field that fails validation falls back to its
 * default; an unreadable file is moved aside as `settings.json.bad` rather than lost); saving is atomic (write a
 * temporary file, fsync, rename), and saves are serialised so the last update always wins on disk.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RecentRoom, Settings, SettingsPatch } from '@contract/ipc-contract';
import { DEFAULT_PORT } from '../protocol/limits.js';
import { roomKey } from '../rooms/room-name.js';
import { WriteQueue } from '../write-queue.js';
import { array, bool, int, object, oneOf, optional, str, type Validator } from './validate.js';

export const MAX_RECENT_ROOMS = 10;

/** An IPv4 subnet to look for rooms in, /16 (65,536 addresses, the probe's bound) to /32. */
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
export const SUBNET_PATTERN = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(1[6-9]|2\\d|3[0-2])$`);
export const MAX_DISCOVERY_SUBNETS = 16;
export const discoverySubnets = array(str({ min: 9, max: 18, pattern: SUBNET_PATTERN }), {
  max: MAX_DISCOVERY_SUBNETS,
});

export interface SettingsDefaults {
  downloadDir: string;
  /** The OS locale, e.g. "ko-KR": Korean systems start in Korean. */
  osLocale: string;
}

export function defaultSettings({ downloadDir, osLocale }: SettingsDefaults): Settings {
  return {
    nickname: '',
    language: osLocale.toLowerCase().startsWith('ko') ? 'ko' : 'en',
    theme: 'system',
    downloadDir,
    askWhereToSave: false,
    notifications: true,
    hostPort: DEFAULT_PORT,
    recentRooms: [],
    historyRetention: 'forever',
    discoverySubnets: [],
  };
}

const recentRoom: Validator<RecentRoom> = object({
  host: str({ min: 1, max: 253 }),
  port: int({ min: 1, max: 65_535 }),
  name: optional(str({ max: 128 })),
  room: optional(str({ min: 1, max: 128 })),
  nick: optional(str({ max: 256 })),
  lastJoinedAt: int({ min: 0 }),
});

const fields: { [K in keyof Settings]: Validator<Settings[K]> } = {
  nickname: str({ max: 256 }),
  language: oneOf('en', 'ko'),
  theme: oneOf('system', 'light', 'dark'),
  downloadDir: str({ min: 1, max: 32_768 }),
  askWhereToSave: bool,
  notifications: bool,
  hostPort: int({ min: 1, max: 65_535 }),
  recentRooms: array(recentRoom, { max: 100 }),
  historyRetention: oneOf('forever', '30d', 'off'),
  discoverySubnets,
};

function fromFile(raw: unknown, defaults: Settings): Settings {
  const out: Record<string, unknown> = { ...defaults };
  if (typeof raw !== 'object' || raw === null) return defaults;
  for (const key of Object.keys(fields) as (keyof Settings)[]) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    try {
      out[key] = fields[key](value, key);
    } catch {
      // keep the default for this field only
    }
  }
  const settings = out as unknown as Settings;
  settings.recentRooms = settings.recentRooms.slice(0, MAX_RECENT_ROOMS);
  return settings;
}

export class SettingsStore {
  private current: Settings;
  private readonly writes = new WriteQueue();

  private constructor(
    readonly file: string,
    initial: Settings,
  ) {
    this.current = initial;
  }

  static async open(file: string, defaults: SettingsDefaults): Promise<SettingsStore> {
    const base = defaultSettings(defaults);
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new SettingsStore(file, base);
    try {
      return new SettingsStore(file, fromFile(JSON.parse(text), base));
    } catch {
      await rename(file, `${file}.bad`).catch(() => undefined);
      return new SettingsStore(file, base);
    }
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Applies a validated patch and saves. Returns the new settings. */
  async update(patch: SettingsPatch & { downloadDir?: string; recentRooms?: RecentRoom[] }): Promise<Settings> {
    const next = { ...this.current };
    for (const [key, value] of Object.entries(patch) as [keyof Settings, unknown][]) {
      if (value === undefined) continue;
      (next as Record<string, unknown>)[key] = fields[key](value, key);
    }
    this.current = next;
    await this.save();
    return this.get();
  }

  /** Puts a room at the front of the recent list (unique by host:port and room key, case-insensitive host). */
  async rememberRoom(room: Omit<RecentRoom, 'lastJoinedAt'>, now = Date.now()): Promise<Settings> {
    const others = this.current.recentRooms.filter((r) => !sameRoom(r, room));
    const recentRooms = [{ ...room, lastJoinedAt: now }, ...others].slice(0, MAX_RECENT_ROOMS);
    return this.update({ recentRooms });
  }

  async forgetRoom(room: RoomPlace): Promise<Settings> {
    return this.update({ recentRooms: this.current.recentRooms.filter((r) => !sameRoom(r, room)) });
  }

  /** Resolves once every update so far is on disk (or failed: the update's own promise said so). */
  flush(): Promise<void> {
    return this.writes.settled();
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.current, null, 2);
    return this.writes.run(() => writeAtomic(this.file, snapshot));
  }
}

/** Where a recent room is: an address, and on a many-room host the room (absent: the default room). */
type RoomPlace = { host: string; port: number; room?: string | undefined };

function sameRoom(a: RoomPlace, b: RoomPlace): boolean {
  return (
    a.port === b.port &&
    a.host.toLowerCase() === b.host.toLowerCase() &&
    roomKey(a.room ?? '') === roomKey(b.room ?? '')
  );
}

let tmpCounter = 0;

export async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${process.pid}.${++tmpCounter}.tmp`);
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}
