/**
 * The real StartServer: the room host from main/host (room server + file relay), as room-host.ts uses it, serving
 * with the app's host identity (so the room code stays the same from one hosting to the next).
 */
import { startRoomHost, type RoomHostOptions } from '../host/start-room-host.js';
import type { FileRelayOptions } from '../transfer/relay.js';
import type { EmbeddedServer, StartServer } from './room-host.js';

export function embeddedServerStarter(
  extra: Omit<RoomHostOptions, 'relay' | 'port' | 'host'> = {},
  relayOptions: FileRelayOptions = {},
): StartServer {
  return async (options) => {
    const host = await startRoomHost({
      ...extra,
      ...(options.identity ? { identity: options.identity } : {}),
      relay: relayOptions,
      port: options.port,
      host: options.host,
      roomName: options.roomName,
      maxUsers: options.maxUsers,
      bannedWords: options.bannedWords,
      ...(options.password ? { password: options.password } : {}),
      ...(options.history === undefined ? {} : { history: options.history }),
      announce: options.announce,
    });
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
