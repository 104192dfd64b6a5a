/**
 * The StartServer that hosts in this process: the room host from main/host (room server + file relay), as
 * room-host.ts uses it, serving with the app's host identity (so the room code stays the same from one hosting to
 * the next). The desktop app hosts in a process of its own (room-process-server.ts) and falls back to this one.
 */
import { startRoomHost, type RoomHostOptions } from '../host/start-room-host.js';
import type { FileRelayOptions } from '../transfer/relay.js';
import type { EmbeddedServer, EmbeddedServerOptions, StartServer } from './room-host.js';

/** The room host options a hosting request stands for (in this process or in the room's own). */
export function roomHostOptionsOf(options: EmbeddedServerOptions) {
  return {
    ...(options.identity ? { identity: options.identity } : {}),
    port: options.port,
    host: options.host,
    roomName: options.roomName,
    maxUsers: options.maxUsers,
    bannedWords: options.bannedWords,
    ...(options.password ? { password: options.password } : {}),
    ...(options.history === undefined ? {} : { history: options.history }),
    announce: options.announce,
  } satisfies RoomHostOptions;
}

export function embeddedServerStarter(
  extra: Omit<RoomHostOptions, 'relay' | 'port' | 'host'> = {},
  relayOptions: FileRelayOptions = {},
): StartServer {
  return async (options) => {
    const host = await startRoomHost({ ...extra, ...roomHostOptionsOf(options), relay: relayOptions });
    // startRoomHost keeps the announced people count up to date and says goodbye on close.
    const { server, announcer } = host;
    const embedded: EmbeddedServer = {
      port: host.address.port,
      roomCode: server.identity.code,
      userCount: () => server.room.size,
      onMembersChanged(listener) {
        const offs = [server.hub.on('joined', listener), server.hub.on('left', listener)];
        return () => offs.forEach((off) => off());
      },
      announcedOn: () => (announcer && announcer.interfaces.length > 0 ? [...announcer.interfaces] : null),
      remoteConnectionsSeen: () => server.remoteConnectionsSeen(),
      async close(message) {
        // Members see why before the server's own goodbye closes their connection.
        server.room.broadcast({ t: 'notice', code: 'host_stopping', text: message });
        await host.close();
      },
    };
    return embedded;
  };
}
