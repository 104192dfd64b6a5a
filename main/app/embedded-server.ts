/** The real StartServer: the room server from main/server, as room-host.ts uses it. */
import { createRoomServer, type RoomServerOptions } from '../gateway/server.js';
import { FileRelay, type FileRelayOptions } from '../transfer/relay.js';
import type { EmbeddedServer, StartServer } from './room-host.js';

export function embeddedServerStarter(
  extra: Partial<RoomServerOptions> = {},
  relayOptions: FileRelayOptions = {},
): StartServer {
  return async (options) => {
    const relay = new FileRelay(relayOptions);
    const server = createRoomServer({
      ...extra,
      hooks: relay.hooks,
      roomName: options.roomName,
      maxUsers: options.maxUsers,
      bannedWords: options.bannedWords,
      ...(options.password ? { password: options.password } : {}),
    });
    let address;
    try {
      address = await server.listen(options.port, options.host);
    } catch (error) {
      relay.close();
      await server.close().catch(() => undefined);
      throw error;
    }
    const embedded: EmbeddedServer = {
      port: address.port,
      userCount: () => server.room.size,
      onMembersChanged(listener) {
        const offs = [server.room.on('joined', listener), server.room.on('left', listener)];
        return () => offs.forEach((off) => off());
      },
      async close(message) {
        // Members see why before the server's own goodbye closes their connection.
        server.room.broadcast({ t: 'notice', code: 'host_stopping', text: message });
        await server.close();
        relay.close();
      },
    };
    return embedded;
  };
}
