/** The real StartServer: the room server from main/server, as room-host.ts uses it. */
import { createRoomServer, type RoomServerOptions } from '../server/server.js';
import type { EmbeddedServer, StartServer } from './room-host.js';

export function embeddedServerStarter(extra: Partial<RoomServerOptions> = {}): StartServer {
  return async (options) => {
    const server = createRoomServer({
      ...extra,
      roomName: options.roomName,
      maxUsers: options.maxUsers,
      bannedWords: options.bannedWords,
      ...(options.password ? { password: options.password } : {}),
    });
    const address = await server.listen(options.port, options.host);
    const embedded: EmbeddedServer = {
      port: address.port,
      userCount: () => server.room.size,
      async close(message) {
        // Members see why before the server's own goodbye closes their connection.
        server.room.broadcast({ t: 'notice', code: 'host_stopping', text: message });
        await server.close();
      },
    };
    return embedded;
  };
}
