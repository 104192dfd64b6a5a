/**
 * The server's rooms by name (docs/PROTOCOL.md section 19): which name means which room (`resolve`, at `hello` or a
 * plain-text `/join`), each room's settings and welcome, entering a room (created on first join when the server
 * allows it, up to its maximum), the `rooms` listing, and forgetting created rooms left empty. The rooms themselves
 * live behind the `RoomHub`; this is the gateway's map of names to `RoomId`s and of ids to settings.
 */
import { MAX_FRAME_BYTES } from '../protocol/limits.js';
import type { RoomInfo, RoomPage, ServerRooms, WelcomeMessage } from '../protocol/messages.js';
import { DEFAULT_ROOM_ID, type RoomId } from '../rooms/ids.js';
import { RoomError } from '../rooms/room-error.js';
import type { RoomHub } from '../rooms/room-hub.js';
import { checkRoomName, roomKey } from '../rooms/room-name.js';
import type { Room } from '../rooms/room.js';
import type { PlainTextPolicy } from './context.js';
import { buildWelcome, type WelcomeFacts } from './welcome.js';

/** One room's settings, all resolved (the server's defaults filled in). */
export interface RoomSettings {
  name: string;
  maxUsers: number;
  password?: string | undefined;
  history: number;
  bannedWords?: readonly string[] | undefined;
  plainText: PlainTextPolicy;
}

/** A room the server knows: its settings, its history run, and whether it is forgotten when left empty. */
interface Entry {
  settings: RoomSettings;
  run: string;
  created: boolean;
}

export interface RoomDirectoryOptions {
  /** The default room first, then the other rooms of the rooms file (names already checked, keys distinct). */
  rooms: RoomSettings[];
  /** Settings of a room created on first join, by its name; absent: the server creates no rooms. */
  newRoom?: ((name: string) => RoomSettings) | undefined;
  /** Most rooms in all (created ones included). */
  maxRooms: number;
  /** A created room is forgotten after this long with nobody in it. */
  forgetAfterMs: number;
  /** Server-wide facts of every welcome (server name, rate limit). */
  welcome: Pick<WelcomeFacts, 'server' | 'rateLimit'>;
  newRun: () => string;
}

/** Where a name leads: a room's id (and whether it exists yet), or why not (fatal at `hello`). */
export type RoomLookup =
  { ok: true; id: RoomId; name: string } | { ok: false; code: 'room_invalid' | 'no_such_room'; message: string };

/** Rooms a `rooms` page holds at most, and the bytes of their JSON (the rest of the frame is the page's fields). */
const ROOMS_PER_PAGE = 100;
const PAGE_BYTES = MAX_FRAME_BYTES - 1024;

export class RoomDirectory {
  private readonly entries = new Map<RoomId, Entry>();
  private readonly defaultKey: string;
  private readonly forgetTimers = new Map<RoomId, NodeJS.Timeout>();
  private hub: RoomHub | undefined;

  constructor(private readonly options: RoomDirectoryOptions) {
    const [first] = options.rooms;
    if (!first) throw new Error('a server needs a default room');
    this.defaultKey = roomKey(first.name);
    for (const settings of options.rooms) this.entries.set(this.idOf(roomKey(settings.name)), this.entry(settings));
  }

  /** Connects the hub the rooms live in, and opens every listed room (they exist from the start). */
  use(hub: RoomHub): void {
    this.hub = hub;
    for (const id of this.entries.keys()) hub.room(id);
    hub.on('joined', (_member, room) => this.cancelForget(room.id));
    hub.on('left', (_member, _reason, room) => this.idle(room.id));
  }

  /** Whether clients get `welcome.rooms` and a room choice: more than one room, or rooms made on first join. */
  get many(): boolean {
    return this.options.newRoom !== undefined || this.entries.size > 1;
  }

  serverRooms(): ServerRooms | undefined {
    return this.many ? { count: this.entries.size, allowNew: this.options.newRoom !== undefined } : undefined;
  }

  /** The room a name (`hello.room`, `/join`) leads to; absent or "" is the default room. */
  resolve(requested: string | undefined): RoomLookup {
    if (requested === undefined || requested === '' || roomKey(requested) === this.defaultKey)
      return { ok: true, id: DEFAULT_ROOM_ID, name: this.settings(DEFAULT_ROOM_ID).name };
    const check = checkRoomName(requested);
    if (!check.ok) return { ok: false, code: 'room_invalid', message: check.reason };
    const id = this.idOf(roomKey(check.name));
    const known = this.entries.get(id);
    if (known) return { ok: true, id, name: known.settings.name };
    if (this.options.newRoom) return { ok: true, id, name: check.name };
    return { ok: false, code: 'no_such_room', message: `There is no room called ${check.name} here.` };
  }

  /** The settings of a room, or of the room a resolved name would create. */
  settings(id: RoomId, name?: string): RoomSettings {
    const entry = this.entries.get(id);
    if (entry) return entry.settings;
    if (!this.options.newRoom || name === undefined) throw new Error(`no room ${id}`);
    return this.options.newRoom(name);
  }

  /**
   * The room a login enters: open already, or created now (on first join) unless the server holds its maximum
   * (`too_many_rooms`). `name` is the spelling the room is created with.
   */
  enter(id: RoomId, name: string): Room {
    const hub = this.requireHub();
    if (this.entries.has(id)) return hub.room(id);
    if (this.entries.size >= this.options.maxRooms)
      throw new RoomError('too_many_rooms', `The server already holds its maximum of ${this.options.maxRooms} rooms.`);
    this.entries.set(id, { ...this.entry(this.settings(id, name)), created: true });
    const room = hub.room(id);
    this.idle(id); // a login refused after this (a bad nickname) leaves it empty
    return room;
  }

  /** The open room with this id (a member's room). */
  room(id: RoomId): Room | undefined {
    return this.entries.has(id) ? this.hub?.find(id) : undefined;
  }

  /** The history run of a room (or of the room a name would create). */
  run(id: RoomId): string {
    return this.entries.get(id)?.run ?? this.options.newRun();
  }

  /** A cluster's live instances (`host:port`), named in every welcome (PROTOCOL.md section 20.6); set by main/cluster. */
  clusterInstances: string[] | undefined;

  /** The `welcome` of the room `id` (or the one `name` would create), as it is now. */
  welcome(id: RoomId, name?: string): WelcomeMessage {
    const settings = this.settings(id, name);
    const welcome = buildWelcome(
      {
        ...this.options.welcome,
        roomName: settings.name,
        passwordRequired: settings.password !== undefined,
        maxUsers: settings.maxUsers,
        kept: settings.history,
      },
      this.run(id),
    );
    welcome.room.people = this.room(id)?.size ?? 0;
    welcome.room.plainAllowed = settings.plainText === 'allow';
    const rooms = this.serverRooms();
    if (rooms) welcome.rooms = rooms;
    if (this.clusterInstances) welcome.cluster = { instances: this.clusterInstances };
    return welcome;
  }

  /** Every room, sorted by key (section 19.3). */
  list(): { key: string; id: RoomId; info: RoomInfo }[] {
    return [...this.entries]
      .map(([id, entry]) => ({
        key: roomKey(entry.settings.name),
        id,
        info: {
          name: entry.settings.name,
          people: this.room(id)?.size ?? 0,
          maxUsers: entry.settings.maxUsers,
          passwordRequired: entry.settings.password !== undefined,
        },
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** One page of the `rooms` answer: rooms whose key sorts after `after`, at most 100, within one frame. */
  page(after?: string): RoomPage {
    const all = this.list();
    const rooms: RoomInfo[] = [];
    let bytes = 0;
    let next: string | undefined;
    for (const { key, info } of all) {
      if (after !== undefined && key <= after) continue;
      const size = Buffer.byteLength(JSON.stringify(info)) + 1;
      if (rooms.length >= ROOMS_PER_PAGE || (rooms.length > 0 && bytes + size > PAGE_BYTES)) break;
      rooms.push(info);
      bytes += size;
      next = key;
    }
    const more = next !== undefined && all[all.length - 1]!.key !== next;
    const page: RoomPage = {
      rooms,
      total: all.length,
      default: this.settings(DEFAULT_ROOM_ID).name,
      allowNew: this.options.newRoom !== undefined,
    };
    if (more) page.next = next;
    return page;
  }

  /** Stops the forget timers (server shutdown). */
  stop(): void {
    for (const timer of this.forgetTimers.values()) clearTimeout(timer);
    this.forgetTimers.clear();
  }

  private entry(settings: RoomSettings): Entry {
    return { settings, run: this.options.newRun(), created: false };
  }

  /** The default room keeps DEFAULT_ROOM_ID; others are named by key (`/` cannot occur in a room name). */
  private idOf(key: string): RoomId {
    return key === this.defaultKey ? DEFAULT_ROOM_ID : (`room/${key}` as RoomId);
  }

  /** A created room with nobody in it is forgotten, with its history, after `forgetAfterMs` unless someone joins. */
  private idle(id: RoomId): void {
    if (!this.entries.get(id)?.created || (this.hub?.find(id)?.size ?? 0) > 0) return;
    this.cancelForget(id);
    const timer = setTimeout(() => {
      this.forgetTimers.delete(id);
      if ((this.hub?.find(id)?.size ?? 0) > 0) return;
      this.entries.delete(id);
      this.hub?.forget(id);
    }, this.options.forgetAfterMs);
    timer.unref();
    this.forgetTimers.set(id, timer);
  }

  private cancelForget(id: RoomId): void {
    clearTimeout(this.forgetTimers.get(id));
    this.forgetTimers.delete(id);
  }

  private requireHub(): RoomHub {
    if (!this.hub) throw new Error('RoomDirectory.use(hub) was not called');
    return this.hub;
  }
}
