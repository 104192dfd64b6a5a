/**
 * The real StartServer: the room host from main/host (room server + file relay), as room-host.ts uses it, serving
 * with the app's host identity (so the room code stays the same from one hosting to the next).
 */
import { startRoomHost, type RoomHostOptions } from '../host/start-room-host.js';
import type { FileRelayOptions } from '../transfer/relay.js';
import type { EmbeddedServer, EmbeddedServerOptions, StartServer } from './room-host.js';

export function embeddedServerStarter(
  extra: Omit<RoomHostOptions, 'relay' | 'port' | 'host'> = {},
  relayOptions: FileRelayOptions = {},
): StartServer {
  return async (options) => {
    const host = await startRoomHost({
      ...extra,
      ...identityOption(options),
      relay: relayOptions,
      port: options.port,
      host: options.host,
      roomName: options.roomName,
      maxUsers: options.maxUsers,
      bannedWords: options.bannedWords,
      ...(options.password ? { password: options.password } : {}),
    });
    const { server } = host;
    const embedded: EmbeddedServer = {
      port: host.address.port,
      ...roomCodeOf(server, options),
      userCount: () => server.room.size,
      onMembersChanged(listener) {
        const offs = [server.hub.on('joined', listener), server.hub.on('left', listener)];
        return () => offs.forEach((off) => off());
      },
      async close(message) {
        // Members see why before the server's own goodbye closes their connection.
        server.room.broadcast({ t: 'notice', code: 'host_stopping', text: message });
        await host.close();
      },
    };
    return embedded;
  };
}

/** The `identity` option of startRoomHost / createRoomServer (design: "Interfaces between the wave-2 helpers"). */
function identityOption(options: EmbeddedServerOptions): Record<string, unknown> {
  return options.identity ? { identity: options.identity } : {};
}

/** The code of the identity the server serves with: `server.identity` once the server has one, else ours. */
function roomCodeOf(server: object, options: EmbeddedServerOptions): { roomCode?: string } {
  const served = (server as { identity?: { code?: unknown } }).identity?.code;
  if (typeof served === 'string') return { roomCode: served };
  return options.identity ? { roomCode: options.identity.code } : {};
}
