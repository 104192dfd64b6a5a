/**
 * A room host: the room server with the file relay plugged in, listening. Written once for the desktop app
 * (main/app/embedded-server.ts), `sarangbang serve` (main/cli/serve.ts) and the benchmarks.
 *
 *   const host = await startRoomHost({ roomName: 'lab', port: 30000, relay: { byteRelay: 'child-process' } });
 *   host.server.on('log', (entry) => console.log(entry.text));   // or pass `log` to see 'listening' too
 *   await host.close();                                          // transfers end (host_stopped), then the room
 *
 * With `announce: true` the room is announced on the local network (main/discovery/announcer.ts) on the interfaces it
 * listens on (none on loopback: `announcer` stays null), its people count kept up to date (rate-limited); `close()`
 * says goodbye on the network first.
 */
import type { AddressInfo } from 'node:net';
import { createRoomServer, type LogEntry, type RoomServer, type RoomServerOptions } from '../gateway/server.js';
import { startAnnouncer, type Announcer, type AnnouncerOptions } from '../discovery/announcer.js';
import { isLoopbackHost } from '../discovery/net-scope.js';
import { PROTOCOL_VERSION } from '../protocol/limits.js';
import { DEFAULT_ROOM_ID } from '../rooms/ids.js';
import { FileRelay, type FileRelayOptions } from '../transfer/relay.js';

export interface RoomHostOptions extends Omit<RoomServerOptions, 'hooks'> {
  /** Default 30000; 0 picks a free port. */
  port?: number;
  /** Default '0.0.0.0' (every interface). */
  host?: string;
  /** The relay's options; `byteRelay` chooses in-process or child-process byte relaying. */
  relay?: FileRelayOptions;
  /** Subscribed before listening, so it also sees the 'listening' entry. */
  log?: (entry: LogEntry) => void;
  /** Announce the room on the local network (DNS-SD `_sarangbang._tcp`). Default false. */
  announce?: boolean;
  /** How the announcement runs: record TTL (default 120 s), interface polling (default every 5 s). */
  announceOptions?: Pick<AnnouncerOptions, 'recordTtlS' | 'pollInterfacesMs' | 'onInterfaces'>;
}

export interface RoomHost {
  readonly server: RoomServer;
  readonly relay: FileRelay;
  readonly address: AddressInfo;
  /** The room's announcement, or null (not asked for, or listening on loopback only). */
  readonly announcer: Announcer | null;
  /** Ends every transfer with `host_stopped`, then says goodbye to every client and closes. */
  close(): Promise<void>;
}

/** Starts the room server and its relay; if listening fails, both are closed again and the error is thrown. */
export async function startRoomHost(options: RoomHostOptions = {}): Promise<RoomHost> {
  const { port, host, relay: relayOptions, log, announce, announceOptions, ...serverOptions } = options;
  const relay = new FileRelay(relayOptions);
  const server = createRoomServer({ ...serverOptions, hooks: relay.hooks });
  if (log) server.on('log', log);
  let address: AddressInfo;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    relay.close();
    await server.close().catch(() => undefined);
    throw error;
  }
  const announcer =
    announce === true && !isLoopbackHost(address.address) ? announceRoom(server, address, announceOptions) : null;
  return {
    server,
    relay,
    address,
    announcer,
    async close() {
      await announcer?.stop().catch(() => undefined);
      relay.close();
      await server.close();
    },
  };
}

/**
 * Announces the server under its default room: its name, capacity, password and plain flags; `people` counts every
 * room, and a many-room server adds its room count (section 19.6).
 */
function announceRoom(
  server: RoomServer,
  address: AddressInfo,
  announceOptions: RoomHostOptions['announceOptions'] = {},
): Announcer {
  const { room, rooms } = server;
  const settings = rooms.settings(DEFAULT_ROOM_ID);
  const people = (): number => server.hub.rooms().reduce((sum, each) => sum + each.size, 0);
  const many = (): { rooms?: { count: number; allowNew: boolean } } => {
    const now = rooms.serverRooms();
    return now ? { rooms: now } : {};
  };
  const announcer = startAnnouncer({
    ...announceOptions,
    port: address.port,
    listenHost: address.address,
    room: {
      name: room.options.name,
      protocol: PROTOCOL_VERSION,
      people: people(),
      maxUsers: room.options.maxUsers,
      passwordRequired: settings.password !== undefined,
      plainAllowed: settings.plainText === 'allow',
      fingerprint: server.identity.fingerprint,
      ...many(),
    },
  });
  server.on('log', (entry) => {
    if (entry.kind === 'join' || entry.kind === 'leave') announcer.update({ people: people(), ...many() });
  });
  return announcer;
}
